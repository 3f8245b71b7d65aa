import type { Match } from './retriever';

/**
 * How sure the bot is of an answer: `sure` answers outright; `likely` is a clear best rule that is not certain,
 * shown as "I think you are asking about …" with `alternatives` (other plausible rules) and a way to say it missed.
 */
export type Confidence = 'sure' | 'likely';

export interface Thresholds {
  /** Least share of the question's information the best rule must explain to be answered outright. */
  sureCoverage: number;
  /** Least BM25 score of a rule answered outright. */
  sureScore: number;
  /** Least share, and score, for a hedged answer ("I think you are asking about …"). */
  likelyCoverage: number;
  likelyScore: number;
  /** A second rule at least this strong (relative to the first) is offered beside it. */
  alternativeShare: number;
  /** An out-of-scope topic at least this strong (relative to the best rule) makes the bot refuse. */
  outOfScopeShare: number;
  /** The same when the best rule shares only one word with the question. */
  outOfScopeShareOneWord: number;
  /**
   * A question that names another service ("Teams recordings", "Zoomissa") is about that service: a rule answers it
   * only when it explains at least this share of it, and never with a hedge.
   */
  sureCoverageBesideOtherService: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  sureCoverage: 0.55,
  sureScore: 10,
  likelyCoverage: 0.25,
  likelyScore: 6,
  alternativeShare: 0.35,
  outOfScopeShare: 0.6,
  outOfScopeShareOneWord: 0.3,
  sureCoverageBesideOtherService: 0.75,
};

/** How well a match explains the question and scores: the measure rules and out-of-scope topics are compared by. */
export const strength = (m: Match): number => m.score * m.coverage;

/**
 * How sure to be of the best rule, or undefined to say "I don't know". Pure: the best rule's and the best
 * out-of-scope topic's matches in, a verdict out.
 */
export function grade(best: Match, outside: Match | undefined, namesSomethingElse: boolean, t: Thresholds): Confidence | undefined {
  // A question about another service that shares the rules' words ("recycle bin on my laptop") is refused: an
  // out-of-scope topic explains as much of it as the best rule does, and matches nearly as well; when the rule shares
  // a single word with the question, a topic sharing it too ("mitä kuuluu") needs to match less well to be a toss-up.
  const share = best.matched === 1 ? t.outOfScopeShareOneWord : t.outOfScopeShare;
  if (outside !== undefined && outside.coverage >= best.coverage && strength(outside) >= strength(best) * share) return undefined;
  // An answer needs a word that singles out the rule: "Panopto", "video" and "add" alone fit every rule.
  if (best.distinctive === 0) return undefined;
  if (best.coverage >= (namesSomethingElse ? t.sureCoverageBesideOtherService : t.sureCoverage) && best.score >= t.sureScore) return 'sure';
  // A hedge needs more than one shared word ("lunch today" shares only "today" with the caption deadline), and is never
  // given about another service.
  if (best.coverage >= t.likelyCoverage && best.score >= t.likelyScore && best.matched >= 2 && !namesSomethingElse) return 'likely';
  return undefined;
}
