import type { Language } from '../rules/policy';
import { isStopword, words } from './text';

/** Which of the bot's languages a question is in; the Teams locale only breaks ties. */

const FINNISH_LETTERS = /[äöå]/;
const MIN_CONFIDENCE = 0.5;

export function languageFromLocale(locale: string | undefined): Language | undefined {
  if (typeof locale !== 'string') return undefined;
  const tag = locale.toLowerCase();
  if (tag.startsWith('fi')) return 'fi';
  if (tag.startsWith('en')) return 'en';
  return undefined;
}

/** Whether a word is one of a language's rule words (the knowledge base's vocabulary). */
export type Vocabulary = (word: string, language: Language) => boolean;

/**
 * Each word votes for the language it can only belong to: a function word of one language, a rule word one index
 * knows and the other does not, a word spelled with ä/ö. The majority decides, so one English term in a Finnish
 * question ("podcast", "deadline") or one Finnish name in an English one does not flip the answer's language.
 */
function wordVote(text: string, vocabulary: Vocabulary | undefined): Language | undefined {
  let fi = 0;
  let en = 0;
  for (const word of words(text)) {
    const fiWord = isStopword(word, 'fi') || FINNISH_LETTERS.test(word) || (vocabulary?.(word, 'fi') ?? false);
    const enWord = isStopword(word, 'en') || (vocabulary?.(word, 'en') ?? false);
    if (fiWord && !enWord) fi++;
    if (enWord && !fiWord) en++;
  }
  if (fi === en) return undefined;
  return fi > en ? 'fi' : 'en';
}

export function detectLanguage(text: string, localeHint?: string, vocabulary?: Vocabulary): Language {
  const hinted = languageFromLocale(localeHint) ?? 'en';
  const voted = wordVote(text, vocabulary);
  if (voted !== undefined) return voted;
  // Letter statistics settle only a tie of words, which is rare; the library is loaded then, not at every start.
  const { detectAll } = require('tinyld') as typeof import('tinyld');
  const [best] = detectAll(text, { only: ['en', 'fi'] });
  if (best !== undefined && best.accuracy >= MIN_CONFIDENCE && (best.lang === 'en' || best.lang === 'fi')) return best.lang;
  return hinted;
}
