import type { CrawlCursor, CrawlRepository, StoredListing } from '../crawlRepository';
import { orUndefined, type Db } from './database';

interface ListingRow {
  session_id: string;
  name: string | null;
  start_time: string | null;
  fingerprint: string;
  pass: number;
}

const CURSOR = 'panopto';

export class SqliteCrawl implements CrawlRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      cursor: db.prepare('SELECT cursor_json FROM crawl_cursor WHERE name = ?'),
      saveCursor: db.prepare(
        'INSERT INTO crawl_cursor (name, cursor_json, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET cursor_json = excluded.cursor_json, updated_at = excluded.updated_at',
      ),
      upsertListing: db.prepare(
        `INSERT INTO crawl_listings (session_id, name, start_time, fingerprint, pass) VALUES (@id, @name, @startTime, @fingerprint, @pass)
         ON CONFLICT(session_id) DO UPDATE SET name = excluded.name, start_time = excluded.start_time, fingerprint = excluded.fingerprint, pass = excluded.pass`,
      ),
      listings: db.prepare('SELECT session_id, name, start_time, fingerprint, pass FROM crawl_listings'),
      forget: db.prepare('DELETE FROM crawl_listings WHERE session_id = ?'),
    };
  }

  async cursor(): Promise<CrawlCursor | undefined> {
    const row = this.statements.cursor.get(CURSOR) as { cursor_json: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.cursor_json) as CrawlCursor);
  }

  async saveProgress(cursor: CrawlCursor, listed: readonly StoredListing[]): Promise<void> {
    this.db.transaction(() => {
      for (const l of listed) this.statements.upsertListing.run({ ...l, name: l.name ?? null, startTime: l.startTime ?? null });
      this.statements.saveCursor.run(CURSOR, JSON.stringify(cursor), new Date().toISOString());
    })();
  }

  async listings(): Promise<Map<string, StoredListing>> {
    return new Map(
      (this.statements.listings.all() as ListingRow[]).map((r) => [
        r.session_id,
        { id: r.session_id, name: orUndefined(r.name), startTime: orUndefined(r.start_time), fingerprint: r.fingerprint, pass: r.pass },
      ]),
    );
  }

  async forget(ids: readonly string[]): Promise<void> {
    this.db.transaction(() => {
      for (const id of ids) this.statements.forget.run(id);
    })();
  }
}
