import { detectAll } from 'tinyld';
import type { Language } from '../rules/policy';
import { isStopword, words } from './text';

/** Which of the bot's languages a question is in; the Teams locale only breaks ties. */

const FINNISH_LETTERS = /[äöå]/i;
const MIN_CONFIDENCE = 0.5;

export function languageFromLocale(locale: string | undefined): Language | undefined {
  if (locale === undefined) return undefined;
  const tag = locale.toLowerCase();
  if (tag.startsWith('fi')) return 'fi';
  if (tag.startsWith('en')) return 'en';
  return undefined;
}

/** Function words are the surest sign of a language in a five-word question, where letter statistics are weak. */
function stopwordVote(text: string): Language | undefined {
  let fi = 0;
  let en = 0;
  for (const word of words(text)) {
    const inFi = isStopword(word, 'fi');
    const inEn = isStopword(word, 'en');
    if (inFi && !inEn) fi++;
    if (inEn && !inFi) en++;
  }
  if (fi === en) return undefined;
  return fi > en ? 'fi' : 'en';
}

export function detectLanguage(text: string, localeHint?: string): Language {
  const hinted = languageFromLocale(localeHint) ?? 'en';
  if (FINNISH_LETTERS.test(text)) return 'fi';
  const voted = stopwordVote(text);
  if (voted !== undefined) return voted;
  const [best] = detectAll(text, { only: ['en', 'fi'] });
  if (best !== undefined && best.accuracy >= MIN_CONFIDENCE && (best.lang === 'en' || best.lang === 'fi')) return best.lang;
  return hinted;
}
