import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemFinnish } from '@orama/stemmers/finnish';
import { eng as englishStopwords, fin as finnishStopwords } from 'stopword';
import synonymGroups from './synonyms.json';
import colloquialFinnish from './colloquial-fi.json';
import type { Language } from '../rules/policy';
import { remembered } from '../remembered';

/**
 * Turns text into search terms: lower case, words, spoken Finnish read as standard Finnish, no stopwords, Snowball
 * stems folded to plain letters (people type "tekstittaa" for "tekstittää"), and one canonical stem per synonym group,
 * so "subtitled" and "captions" (or "tekstittää" and "tekstitys") meet in the index.
 */

const STEMMERS: Record<Language, (word: string) => string> = { en: stemEnglish, fi: stemFinnish };

// Question words and fillers that the generic lists lack but that say nothing about which rule is meant.
const EXTRA_STOPWORDS: Record<Language, string[]> = {
  en: ['can', 'could', 'may', 'might', 'must', 'should', 'would', 'will', 'shall', 'need', 'needs', 'does', 'do', 'did', 'what', 'which', 'who', 'whom', 'how', 'when', 'where', 'is', 'are', 'am', 'be', 'been', 'have', 'has', 'had', 'get', 'got', 'any', 'there', 'please', 'tell', 'know', 'want', 'hi', 'hello', 'thanks', 'i', 'me', 'my', 'mine', 'we', 'our', 'us', 'you', 'your', 'it', 'its', 'a', 'an', 'the', 'to', 'of', 'in', 'on', 'for', 'with', 'about', 'from', 'by', 'at', 'as', 'or', 'and', 'if', 'so', 'this', 'that', 'these', 'those', 'then', 'than', 'also', 'still', 'just', 'really', 'ok', 'okay', 'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'havent', 'hasnt', 'cant', 'cannot', 'wont', 'wouldnt', 'shouldnt', 'couldnt', 'im', 'ive', 'id', 'its', 'thats', 'whats', 'hey', 'thx', 'pls', 'plz', 'some', 'anything', 'something', 'someone', 'somebody', 'etc', 'actually', 'right', 'like', 'yes', 'no', 'not', 'next'],
  fi: ['mitä', 'mikä', 'mitkä', 'mihin', 'missä', 'mistä', 'milloin', 'miten', 'kuinka', 'kuka', 'ketkä', 'kenen', 'kenellä', 'kenelle', 'keneltä', 'kenet', 'ketä', 'millä', 'millainen', 'millaiset', 'minä', 'mä', 'minun', 'minulla', 'minulle', 'sinä', 'sinun', 'me', 'meidän', 'te', 'ne', 'se', 'sen', 'on', 'ovat', 'olla', 'onko', 'ole', 'olen', 'oli', 'ei', 'eikä', 'voi', 'voiko', 'voin', 'voinko', 'voivatko', 'saa', 'saako', 'saanko', 'saan', 'saada', 'saisin', 'pitää', 'pitääkö', 'täytyy', 'täytyykö', 'tarvitsee', 'tarvitseeko', 'tarvitaan', 'tarvitaanko', 'tarvitsevatko', 'pitäisi', 'pitäisikö', 'entä', 'kiitos', 'moi', 'hei', 'terve', 'ja', 'tai', 'että', 'jos', 'kun', 'myös', 'vielä', 'nyt', 'sitten', 'jo', 'vain', 'jotain', 'joka', 'jossa', 'jota', 'mutta', 'kyllä', 'siis', 'niin', 'tämä', 'tuo', 'näitä', 'noita', 'ko', 'kö', 'mää', 'sä', 'sää', 'mun', 'sun', 'mulla', 'mulle', 'multa', 'mua', 'mut', 'sulla', 'sulle', 'sua', 'meiän', 'meijän', 'meillä', 'meille', 'heidän', 'niiden', 'niitä', 'ne', 'se', 'sitä', 'siitä', 'siihen', 'siinä', 'joku', 'jonkun', 'jokin', 'jotain', 'jostain', 'jossain', 'moikka', 'moro', 'heippa', 'kiitti', 'kiitos', 'juu', 'joo', 'no', 'nyt', 'vaan', 'vaikka', 'kanssa', 'mitäs', 'olisi', 'olisiko', 'olen', 'olet', 'ollut', 'mikähän', 'onkohan', 'sellainen', 'tuollainen', 'ihan', 'vähän', 'paljon', 'oikeesti', 'oikeasti', 'vai', 'eli', 'koska', 'kuitenkin', 'silti', 'esim', 'esimerkiksi', 'monta', 'montako', 'moni', 'paljonko', 'voit', 'voitko', 'voitte', 'voivat', 'voisi', 'voisin', 'voisiko', 'voida', 'saat', 'saatko', 'saavat', 'pitäisin', 'täytyisi', 'ensi', 'viime']
};

/** Lower case without diacritics: ä → a, ö → o, å → a, é → e. */
export function fold(text: string): string {
  return /[^\x00-\x7f]/.test(text) ? text.normalize('NFD').replace(/\p{M}/gu, '') : text;
}

// Words that name a rule although the generic list calls them filler: the lifecycle ("kaksi vuotta", "vuoden jälkeen").
const KEEP: Record<Language, string[]> = { en: [], fi: ['kaksi', 'vuoden', 'jälkeen'] };

// Compared folded, so "pitaako" and "pitääkö" are both filler.
const STOPWORDS: Record<Language, Set<string>> = {
  en: new Set([...englishStopwords, ...EXTRA_STOPWORDS.en].filter((w) => !KEEP.en.includes(w)).map(fold)),
  fi: new Set([...finnishStopwords, ...EXTRA_STOPWORDS.fi].filter((w) => !KEEP.fi.includes(w)).map(fold)),
};

function buildSynonymMap(language: Language): Map<string, string> {
  const map = new Map<string, string>();
  for (const group of (synonymGroups as Record<Language, string[][]>)[language]) {
    const canonical = fold(STEMMERS[language](group[0] ?? ''));
    for (const word of group) for (const part of words(word)) map.set(fold(STEMMERS[language](part)), canonical);
  }
  return map;
}

/** Every word the synonym lists spell out, as written. */
export function synonymWords(language: Language): string[] {
  return (synonymGroups as Record<Language, string[][]>)[language].flat();
}

const SYNONYMS: Record<Language, Map<string, string>> = { en: buildSynonymMap('en'), fi: buildSynonymMap('fi') };

// Finnish inflects far more than the synonym list can spell out ("striimeille"): a stem that begins with a known
// synonym stem of at least this length counts as that synonym.
const MIN_SYNONYM_PREFIX = 5;
// A final vowel changes under inflection (striimi → striimeille), so the prefix is also tried without it.
const FINNISH_SYNONYM_PREFIXES = new Map<string, string>();
for (const [key, canonical] of SYNONYMS.fi) {
  const bare = key.replace(/[aeiouy]$/, '');
  for (const prefix of [key, bare]) {
    if (prefix.length >= MIN_SYNONYM_PREFIX && !FINNISH_SYNONYM_PREFIXES.has(prefix)) FINNISH_SYNONYM_PREFIXES.set(prefix, canonical);
  }
}
const FINNISH_PREFIXES_LONGEST_FIRST = [...FINNISH_SYNONYM_PREFIXES.keys()].sort((a, b) => b.length - a.length);

// Question clitics ("pitääkö", "voiko") hide the word from the stemmer.
const FINNISH_CLITIC = /(?:ko|kö)$/;
const MIN_CLITIC_WORD = 7;

const SPOKEN_WORDS = new Map(Object.entries(colloquialFinnish.words));
const SPOKEN_ENDINGS = colloquialFinnish.endings;

/** Spoken Finnish ("onks", "tarviiko", "ehtiny") as the standard word, so stopwords and stems recognise it. */
export function standardFinnish(word: string): string {
  const folded = fold(word);
  const mapped = SPOKEN_WORDS.get(folded);
  if (mapped !== undefined) return mapped;
  for (const ending of SPOKEN_ENDINGS) {
    if (folded.length >= ending.minLength && folded.endsWith(ending.spoken)) return word.slice(0, -ending.spoken.length) + ending.standard;
  }
  return word;
}

/** Lower-cased words; letters with diacritics (ä, ö, å, é) stay, apostrophes and hyphens split. */
export function words(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function isStopword(word: string, language: Language): boolean {
  return STOPWORDS[language].has(fold(language === 'fi' ? standardFinnish(word) : word));
}

// Snowball stemming is the costliest step of reading a question, and people use the same few hundred words.
const MAX_REMEMBERED_STEMS = 50_000;
const STEMS: Record<Language, (word: string) => string> = {
  en: remembered((word: string) => stemAndCanonicalize(word, 'en'), MAX_REMEMBERED_STEMS),
  fi: remembered((word: string) => stemAndCanonicalize(word, 'fi'), MAX_REMEMBERED_STEMS),
};

export function stem(word: string, language: Language): string {
  return STEMS[language](word);
}

function stemAndCanonicalize(original: string, language: Language): string {
  const word = language === 'fi' ? standardFinnish(original) : original;
  const bare = language === 'fi' && word.length >= MIN_CLITIC_WORD ? word.replace(FINNISH_CLITIC, '') : word;
  const stemmed = fold(STEMMERS[language](bare));
  const synonym = SYNONYMS[language].get(stemmed) ?? SYNONYMS[language].get(fold(bare));
  if (synonym !== undefined || language !== 'fi') return synonym ?? stemmed;
  const prefix = FINNISH_PREFIXES_LONGEST_FIRST.find((key) => stemmed.startsWith(key));
  return prefix === undefined ? stemmed : (FINNISH_SYNONYM_PREFIXES.get(prefix) ?? stemmed);
}

export function analyze(text: string, language: Language): string[] {
  const terms: string[] = [];
  for (const word of words(text)) {
    if (word.length < 2 || isStopword(word, language)) continue;
    terms.push(stem(word, language));
  }
  return terms;
}

const MIN_COMPOUND_PART = 4;

/**
 * Finnish glues words together ("tekstitysvaatimus", "luentovideo"). A query word the index has never seen is
 * split where both halves are words the index knows, so the compound still finds its rule.
 */
export function splitCompound(word: string, language: Language, vocabulary: ReadonlySet<string>): string[] | undefined {
  if (language !== 'fi' || word.length < MIN_COMPOUND_PART * 2) return undefined;
  for (let cut = word.length - MIN_COMPOUND_PART; cut >= MIN_COMPOUND_PART; cut--) {
    const head = stem(word.slice(0, cut), language);
    const tail = stem(word.slice(cut), language);
    if (vocabulary.has(head) && vocabulary.has(tail)) return [head, tail];
  }
  return undefined;
}
