import type { Storage, StoreItems } from 'botbuilder';
import type { Db } from './database';

/**
 * Bot Framework state (dialog stacks) in the SQLite store, so a half-finished dialog survives a restart. Writes check
 * eTags like the SDK's own storages: a stale write fails instead of overwriting a newer turn's state.
 */
export class SqliteBotState implements Storage {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      get: db.prepare('SELECT value_json, etag FROM bot_state WHERE key = ?'),
      insert: db.prepare('INSERT INTO bot_state (key, value_json, etag) VALUES (?, ?, 1) ON CONFLICT(key) DO NOTHING'),
      upsert: db.prepare('INSERT INTO bot_state (key, value_json, etag) VALUES (?, ?, 1) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, etag = bot_state.etag + 1'),
      update: db.prepare('UPDATE bot_state SET value_json = ?, etag = etag + 1 WHERE key = ? AND etag = ?'),
      delete: db.prepare('DELETE FROM bot_state WHERE key = ?'),
    };
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.s.get.get(key) as { value_json: string; etag: number } | undefined;
      if (row !== undefined) items[key] = { ...(JSON.parse(row.value_json) as object), eTag: String(row.etag) };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    this.db.transaction(() => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...value } = (item ?? {}) as { eTag?: string };
        const json = JSON.stringify(value);
        if (eTag === undefined || eTag === '*') {
          this.s.upsert.run(key, json);
        } else if (this.s.update.run(json, key, Number(eTag)).changes === 0 && this.s.insert.run(key, json).changes === 0) {
          throw new Error(`state for ${key} was changed by another turn (eTag ${eTag})`);
        }
      }
    })();
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.s.delete.run(key);
  }
}
