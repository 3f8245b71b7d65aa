import type { CrawlCursor, CrawlRepository, StoredListing } from '../storage/crawlRepository';

/** A crawl's place kept in memory only: each run starts a fresh pass (a source without a store, tests, the bench). */
export class MemoryCrawl implements CrawlRepository {
  private saved: CrawlCursor | undefined;
  private readonly listed = new Map<string, StoredListing>();

  async cursor(): Promise<CrawlCursor | undefined> {
    return this.saved === undefined ? undefined : structuredClone(this.saved);
  }

  async saveProgress(cursor: CrawlCursor, listed: readonly StoredListing[]): Promise<void> {
    for (const l of listed) this.listed.set(l.id, { ...l });
    this.saved = structuredClone(cursor);
  }

  async listings(): Promise<Map<string, StoredListing>> {
    return new Map(this.listed);
  }

  async forget(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.listed.delete(id);
  }
}
