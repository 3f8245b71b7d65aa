import type { CachedVideo } from '../storage/reminderRepositories';

/** What one crawl learnt: the videos, and the sessions that could not be read this time (with why). */
export interface Crawl {
  videos: CachedVideo[];
  /** Read failed for these sessions; their last known facts (if any) are among `videos`, so nobody loses a reminder. */
  unreadable: Array<{ id: string; reason: string }>;
  /** Why Panopto's accessibility preview could not tell automatic from human captions this time (the caption file decided). */
  captionPreviewUnavailable?: string;
}

/** Where the reminders learn about videos: Panopto itself, or the bundled demo data in local mode. */
export interface VideoSource {
  readonly name: string;
  /** All videos with their current facts; `cached` is what the last run learnt, so unchanged videos cost nothing. */
  fetchVideos(cached: ReadonlyMap<string, CachedVideo>, now: Date): Promise<Crawl>;
}
