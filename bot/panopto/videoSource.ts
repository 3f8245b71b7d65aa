import type { CachedVideo } from '../storage/reminderRepositories';

/** What one crawl learnt: the videos, and the sessions that could not be read this time (with why). */
export interface Crawl {
  videos: CachedVideo[];
  /** Read failed for these sessions; their last known facts (if any) are among `videos`, so nobody loses a reminder. */
  unreadable: Array<{ id: string; reason: string }>;
  /** Why Panopto's accessibility preview could not tell automatic from human captions this time (the caption file decided). */
  captionPreviewUnavailable?: string;
  /** How much of the tenant is read, when the source reads it over several runs. */
  progress?: CrawlProgress;
}

/** Where the reminders learn about videos: Panopto itself, or the bundled demo data in local mode. */
export interface VideoSource {
  readonly name: string;
  /** All videos with their current facts; `cached` is what the last run learnt, so unchanged videos cost nothing. */
  fetchVideos(cached: ReadonlyMap<string, CachedVideo>, now: Date): Promise<Crawl>;
}

/** How much of the tenant one run has read, and what is left for the next. */
export interface CrawlProgress {
  passComplete: boolean;
  foldersLeft: number;
  sessionsListed: number;
  /** Listed but never read: no owner known yet, so no reminder can go out for them. */
  sessionsNeverRead: number;
  /** Reads due (new, changed or watched) left for the next run. */
  readsDeferred: number;
  budgetReached: boolean;
  /** How new and changed sessions were found: the folder walk, or Panopto's incremental index sync. */
  discovery: 'folders' | 'incremental';
  /** The Session usage report fetched from Panopto: queued, fetched, not ready or failed. */
  usageReport?: string;
  /** The incremental sync was refused (no index-connector permission): why, said once per run. */
  incrementalRefused?: string;
}

