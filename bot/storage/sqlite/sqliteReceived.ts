import type { ReceivedActivities } from '../repositories';
import type { Db } from './database';

/** Longer than Teams keeps redelivering (it gives up within minutes); the table stays the size of a day's traffic. */
const KEEP_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;

export class SqliteReceived implements ReceivedActivities {
  private readonly insert;
  private readonly remove;
  private readonly prune;
  private prunedAt = 0;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT OR IGNORE INTO received_activities (key, received_at) VALUES (?, ?)');
    this.remove = db.prepare('DELETE FROM received_activities WHERE key = ?');
    this.prune = db.prepare('DELETE FROM received_activities WHERE received_at < ?');
  }

  async first(key: string, at: Date): Promise<boolean> {
    if (at.getTime() - this.prunedAt > PRUNE_EVERY_MS) {
      this.prunedAt = at.getTime();
      this.prune.run(new Date(at.getTime() - KEEP_MS).toISOString());
    }
    // One statement, so two deliveries arriving together (even in two processes) cannot both be first.
    return this.insert.run(key, at.toISOString()).changes === 1;
  }

  async forget(key: string): Promise<void> {
    this.remove.run(key);
  }
}
