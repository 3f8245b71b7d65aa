import type { CachedVideo } from '../storage/reminderRepositories';

/** Where the reminders learn about videos: Panopto itself, or the bundled demo data in local mode. */
export interface VideoSource {
  readonly name: string;
  /** All videos with their current facts; `cached` is what the last run learnt, so unchanged videos cost nothing. */
  fetchVideos(cached: ReadonlyMap<string, CachedVideo>, now: Date): Promise<CachedVideo[]>;
}
