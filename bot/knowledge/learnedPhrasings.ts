import type { Language } from '../rules/policy';
import type { EntryId } from './entries';

/**
 * Wordings support staff taught the bot ("this question means that rule"). They answer only questions that are the
 * same question again, near enough word for word, so a taught phrasing can never pull a different question, worded
 * differently, away from the rule retrieval would give it.
 */

export interface LearnedPhrasing {
  id: number;
  entryId: EntryId;
  language: Language;
  text: string;
}

/** Below this share of shared words (of all the words in either), two questions are different questions. */
const MIN_OVERLAP = 0.8;
/** A short question matches only with exactly the same words: one word more or less changes what it asks. */
const MIN_WORDS_FOR_OVERLAP = 5;

/** Lower case, ä/ö/å folded (people type Finnish without them), punctuation dropped. */
export function phrasingWords(text: string): Set<string> {
  const folded = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ');
  return new Set(folded.split(' ').filter((w) => w !== ''));
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

export class LearnedPhrasings {
  private readonly byId = new Map<number, LearnedPhrasing & { words: Set<string> }>();

  add(phrasing: LearnedPhrasing): void {
    const words = phrasingWords(phrasing.text);
    if (words.size === 0) return;
    this.byId.set(phrasing.id, { ...phrasing, words });
  }

  remove(id: number): void {
    this.byId.delete(id);
  }

  get size(): number {
    return this.byId.size;
  }

  /** The rule a near-identical question was taught to mean; the closest one if several are near. */
  match(text: string, language: Language): EntryId | undefined {
    if (this.byId.size === 0) return undefined;
    const words = phrasingWords(text);
    if (words.size === 0) return undefined;
    let best: { entryId: EntryId; score: number; id: number } | undefined;
    for (const p of this.byId.values()) {
      if (p.language !== language) continue;
      const score = overlap(words, p.words);
      const near = score === 1 || (score >= MIN_OVERLAP && Math.min(words.size, p.words.size) >= MIN_WORDS_FOR_OVERLAP);
      // The later teaching wins a tie: support corrected an earlier one.
      if (near && (best === undefined || score > best.score || (score === best.score && p.id > best.id))) best = { entryId: p.entryId, score, id: p.id };
    }
    return best?.entryId;
  }
}
