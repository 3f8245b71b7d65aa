import type { LeaseRepository } from '../reminderRepositories';
import type { Db } from './database';

export class SqliteLeases implements LeaseRepository {
  private readonly take;
  private readonly drop;

  constructor(db: Db) {
    this.take = db.prepare(
      `INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expiresAt)
       ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.expires_at <= @now OR leases.holder = excluded.holder`,
    );
    this.drop = db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?');
    this.current = db.prepare('SELECT holder, expires_at AS expiresAt FROM leases WHERE name = ?');
    this.steal = db.prepare('UPDATE leases SET holder = ?, expires_at = ? WHERE name = ? AND holder = ?');
  }

  private readonly current;
  private readonly steal;

  async holder(name: string): Promise<{ holder: string; expiresAt: string } | undefined> {
    return this.current.get(name) as { holder: string; expiresAt: string } | undefined;
  }

  async takeOver(name: string, from: string, holder: string, expiresAt: string): Promise<boolean> {
    return this.steal.run(holder, expiresAt, name, from).changes === 1;
  }

  async acquire(name: string, holder: string, now: string, expiresAt: string): Promise<boolean> {
    return this.take.run({ name, holder, now, expiresAt }).changes === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    this.drop.run(name, holder);
  }
}
