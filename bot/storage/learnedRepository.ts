import type { LearnedPhrasing } from '../knowledge/learnedPhrasings';

/** Wordings support taught the bot, kept so that a restart still knows them. */

export interface StoredPhrasing extends LearnedPhrasing {
  questionId: number | undefined;
  learnedBy: string;
  learnedByName: string;
  learnedAt: string;
}

export interface LearnedPhrasingRepository {
  add(phrasing: Omit<StoredPhrasing, 'id'>): Promise<StoredPhrasing>;
  /** The removed phrasing, or undefined when it was already gone. */
  remove(id: number): Promise<StoredPhrasing | undefined>;
  /** Every phrasing, oldest first. */
  all(): Promise<StoredPhrasing[]>;
}
