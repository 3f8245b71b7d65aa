import type { Language } from '../rules/policy';
import type { Entry, EntryId } from './entries';
import { detectLanguage } from './language';
import { LearnedPhrasings, type LearnedPhrasing } from './learnedPhrasings';
import { Retriever, type Match } from './retriever';

/** Answers a question about the rules in the asker's language, or says plainly that it does not know. */

/**
 * How sure the bot is of an answer: `sure` answers outright; `likely` is a clear best rule that is not certain,
 * shown as "I think you are asking about …" with `alternatives` (other plausible rules) and a way to say it missed.
 */
export type Confidence = 'sure' | 'likely';

export type KnowledgeResult =
  | { kind: 'answer'; language: Language; entry: Entry; followUps: Entry[]; match: Match; confidence: Confidence; alternatives: Entry[] }
  | { kind: 'unknown'; language: Language; suggestions: Entry[] };

export interface Thresholds {
  /** Least share of the question's distinctive terms the best entry must explain. */
  minCoverage: number;
  /** Least BM25 score of the best entry. */
  minScore: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { minCoverage: 0.55, minScore: 10 };

const MAX_TEXT_LENGTH = 500;

export class KnowledgeBase {
  private readonly byId: Map<EntryId, Entry>;
  private readonly retrievers: Record<Language, Retriever>;
  private readonly learned = new LearnedPhrasings();

  constructor(
    readonly entries: readonly Entry[],
    private readonly thresholds: Thresholds = DEFAULT_THRESHOLDS,
  ) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
    this.retrievers = { en: new Retriever(entries, 'en'), fi: new Retriever(entries, 'fi') };
  }

  entry(id: EntryId): Entry | undefined {
    return this.byId.get(id);
  }

  /** A wording support taught to mean a rule: answered with that rule from now on. */
  learn(phrasing: LearnedPhrasing): void {
    if (this.byId.has(phrasing.entryId)) this.learned.add({ ...phrasing, text: phrasing.text.slice(0, MAX_TEXT_LENGTH) });
  }

  forget(phrasingId: number): void {
    this.learned.remove(phrasingId);
  }

  answer(question: string, localeHint?: string): KnowledgeResult {
    const text = question.slice(0, MAX_TEXT_LENGTH);
    const detected = detectLanguage(text, localeHint);
    const taught = this.learned.match(text, detected);
    if (taught !== undefined) return this.toAnswer(detected, { entryId: taught, score: Number.MAX_SAFE_INTEGER, coverage: 1 });
    const other: Language = detected === 'en' ? 'fi' : 'en';
    const first = this.retrievers[detected].search(text);
    const best = first[0];
    if (best !== undefined && this.isConfident(best)) return this.toAnswer(detected, best);
    // Short questions are easy to misdetect ("podcast tekstitys?"): the other language may know it.
    const second = this.retrievers[other].search(text);
    const fallback = second[0];
    if (fallback !== undefined && this.isConfident(fallback)) return this.toAnswer(other, fallback);
    return {
      kind: 'unknown',
      language: detected,
      suggestions: first.slice(0, 3).map((m) => this.byId.get(m.entryId)).filter((e): e is Entry => e !== undefined),
    };
  }

  private isConfident(match: Match): boolean {
    return match.coverage >= this.thresholds.minCoverage && match.score >= this.thresholds.minScore;
  }

  private toAnswer(language: Language, match: Match): KnowledgeResult {
    const entry = this.byId.get(match.entryId);
    if (entry === undefined) throw new Error(`Index returned unknown entry ${match.entryId}`);
    const followUps = entry.related.map((id) => this.byId.get(id)).filter((e): e is Entry => e !== undefined);
    return { kind: 'answer', language, entry, followUps, match, confidence: 'sure', alternatives: [] };
  }
}
