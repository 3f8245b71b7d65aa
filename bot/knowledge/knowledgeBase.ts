import type { Language } from '../rules/policy';
import type { Entry, EntryId } from './entries';
import { detectLanguage } from './language';
import { LearnedPhrasings, type LearnedPhrasing } from './learnedPhrasings';
import { outOfScopeTopics } from './outOfScope';
import { DEFAULT_THRESHOLDS, grade, strength, type Confidence, type Thresholds } from './grading';
import { OUT_OF_SCOPE_PREFIX, Retriever, type Match, type OutOfScopeTopic } from './retriever';

export type { Confidence } from './grading';

/** Answers a question about the rules in the asker's language, or says plainly that it does not know. */

export type KnowledgeResult =
  | { kind: 'answer'; language: Language; entry: Entry; followUps: Entry[]; match: Match; confidence: Confidence; alternatives: Entry[] }
  | { kind: 'unknown'; language: Language; suggestions: Entry[] };

const MAX_TEXT_LENGTH = 500;
const SEARCH_DEPTH = 8;
const MAX_ALTERNATIVES = 2;

export class KnowledgeBase {
  private readonly byId: Map<EntryId, Entry>;
  private readonly retrievers: Record<Language, Retriever>;
  private readonly learned = new LearnedPhrasings();

  constructor(
    readonly entries: readonly Entry[],
    private readonly thresholds: Thresholds = DEFAULT_THRESHOLDS,
    outOfScope: readonly OutOfScopeTopic[] = outOfScopeTopics(),
  ) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
    this.retrievers = { en: new Retriever(entries, 'en', outOfScope), fi: new Retriever(entries, 'fi', outOfScope) };
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
    const language = detectLanguage(text, localeHint, (word, lang) => this.retrievers[lang].knowsWord(word));
    const taught = this.learned.match(text, language);
    if (taught !== undefined) {
      const entry = this.mustGet(taught);
      const match = { entryId: taught, score: Number.MAX_SAFE_INTEGER, coverage: 1, matched: 1, distinctive: 1 };
      return { kind: 'answer', language, entry, followUps: entry.related.map((id) => this.mustGet(id)), match, confidence: 'sure', alternatives: [] };
    }
    const ranked = this.rank(text, language);
    const [best, second] = ranked.inScope;
    const suggestions = (): Entry[] => ranked.inScope.slice(0, 3).map((m) => this.mustGet(m.entryId));
    if (best === undefined) return { kind: 'unknown', language, suggestions: [] };
    const namesSomethingElse = ranked.outOfScope !== undefined && this.retrievers[ranked.language].namesSomethingElse(text);
    const confidence = grade(best, ranked.outOfScope, namesSomethingElse, this.thresholds);
    if (confidence === undefined) return { kind: 'unknown', language, suggestions: suggestions() };
    const entry = this.mustGet(best.entryId);
    const strong = ranked.inScope.slice(1).filter((m) => strength(m) >= strength(best) * this.thresholds.alternativeShare);
    // A question with two topics is answered on the first; the second comes first among the follow-ups.
    const secondTopic = second !== undefined && strong.includes(second) ? [second.entryId] : [];
    const followUps = [...new Set([...secondTopic, ...entry.related])].filter((id) => id !== entry.id).map((id) => this.mustGet(id));
    const alternatives = confidence === 'likely' ? strong.slice(0, MAX_ALTERNATIVES).map((m) => this.mustGet(m.entryId)) : [];
    return { kind: 'answer', language, entry, followUps, match: best, confidence, alternatives };
  }

  /**
   * The rules that match, best first, and the best out-of-scope topic. The question's language is searched first;
   * when it explains little, the other language's index may know the words (a Finnish question with English terms).
   */
  private rank(text: string, language: Language): { inScope: Match[]; outOfScope: Match | undefined; language: Language } {
    const other: Language = language === 'en' ? 'fi' : 'en';
    let searched = language;
    let matches = this.retrievers[language].search(text, SEARCH_DEPTH);
    const top = matches[0];
    if (top === undefined || top.coverage < this.thresholds.sureCoverage) {
      const fallback = this.retrievers[other].search(text, SEARCH_DEPTH);
      const fallbackTop = fallback[0];
      if (fallbackTop !== undefined && (top === undefined || (fallbackTop.coverage > top.coverage && strength(fallbackTop) > strength(top)))) {
        matches = fallback;
        searched = other;
      }
    }
    const isOutOfScope = (m: Match): boolean => m.entryId.startsWith(OUT_OF_SCOPE_PREFIX);
    return { inScope: matches.filter((m) => !isOutOfScope(m)), outOfScope: matches.find(isOutOfScope), language: searched };
  }

  private mustGet(id: EntryId): Entry {
    const entry = this.byId.get(id);
    if (entry === undefined) throw new Error(`Index returned unknown entry ${id}`);
    return entry;
  }
}
