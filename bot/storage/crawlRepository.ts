/**
 * Where a Panopto crawl that takes more than one run keeps its place: the folder walk's cursor and every session it
 * has listed. A run continues from here; a pass is complete when the walk has visited every folder.
 */

export interface CrawlCursor {
  /** Counts passes; a session listed in the current pass carries its number. */
  pass: number;
  passStartedAt: string;
  /** Folders still to visit, the one being listed first (depth first: a folder's subfolders come next). */
  folders: string[];
  /** The next page of the first folder's sessions. */
  page: number;
  /** When the last complete pass finished: the picture is whole from then on. */
  completedAt?: string;
  /** Incremental discovery: changes up to this instant are known. */
  syncedThrough?: string;
  /** The Session usage report asked of Panopto: fetched on a run after it was queued, asked again weekly. */
  usageReport?: { id: string; queuedAt: string; fetchedAt?: string };
}

export interface StoredListing {
  id: string;
  name: string | undefined;
  startTime: string | undefined;
  fingerprint: string;
  pass: number;
}

export interface CrawlRepository {
  cursor(): Promise<CrawlCursor | undefined>;
  /** The cursor and the page of sessions that moved it, in one transaction: an interruption loses neither. */
  saveProgress(cursor: CrawlCursor, listed: readonly StoredListing[]): Promise<void>;
  listings(): Promise<Map<string, StoredListing>>;
  /** Sessions Panopto no longer has: not listed in a complete pass, or a 404 on their details. */
  forget(ids: readonly string[]): Promise<void>;
}
