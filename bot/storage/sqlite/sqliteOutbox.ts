import type { Notice, NoticeKind, OwnerDigest } from '../../reminders/planner';
import type { DigestRecord, DigestState, ReminderOutbox, RunSummary } from '../reminderRepositories';
import type { Db } from './database';

interface DigestRow {
  id: number;
  run_id: number;
  owner_key: string;
  state: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  conversation_id: string | null;
  activity_id: string | null;
}

interface NoticeRow {
  key: string;
  owner_key: string;
  video_id: string;
  kind: string;
  stage: string;
  date: string;
  days_left: number;
}

const toNotice = (r: NoticeRow): Notice => ({
  key: r.key,
  ownerKey: r.owner_key,
  videoId: r.video_id,
  kind: r.kind as NoticeKind,
  stage: r.stage,
  date: r.date,
  daysLeft: r.days_left,
});

export class SqliteOutbox implements ReminderOutbox {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      keys: db.prepare('SELECT key FROM notices'),
      keyTimes: db.prepare('SELECT n.key AS key, d.created_at AS at FROM notices n JOIN digests d ON d.id = n.digest_id'),
      newDigest: db.prepare(`INSERT INTO digests (run_id, owner_key, state, next_attempt_at, created_at) VALUES (?, ?, 'pending', ?, ?)`),
      insertNotice: db.prepare(
        `INSERT INTO notices (key, digest_id, owner_key, video_id, kind, stage, date, days_left)
         VALUES (@key, @digestId, @ownerKey, @videoId, @kind, @stage, @date, @daysLeft) ON CONFLICT(key) DO NOTHING`,
      ),
      deleteDigest: db.prepare('DELETE FROM digests WHERE id = ?'),
      due: db.prepare(`SELECT * FROM digests WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`),
      get: db.prepare('SELECT * FROM digests WHERE id = ?'),
      pendingSummary: db.prepare(`SELECT MIN(next_attempt_at) AS next, COUNT(*) AS n FROM digests WHERE state = 'pending'`),
      notices: db.prepare('SELECT * FROM notices WHERE digest_id = ? ORDER BY days_left, video_id'),
      claim: db.prepare(`UPDATE digests SET state = 'sending', attempts = attempts + 1, claimed_by = ?, claimed_at = ? WHERE id = ? AND state = 'pending'`),
      sent: db.prepare(`UPDATE digests SET state = 'sent', conversation_id = ?, activity_id = ?, sent_at = ?, last_error = NULL WHERE id = ?`),
      retry: db.prepare(`UPDATE digests SET state = 'pending', last_error = ?, next_attempt_at = ? WHERE id = ?`),
      final: db.prepare('UPDATE digests SET state = ?, last_error = ? WHERE id = ?'),
      inFlight: db.prepare(`SELECT id, claimed_by AS holder, claimed_at AS at FROM digests WHERE state = 'sending'`),
      requeue: db.prepare(`UPDATE digests SET state = 'pending' WHERE id = ? AND state = 'sending'`),
      unsent: db.prepare(`SELECT id FROM digests WHERE state IN ('pending', 'failed')`),
      supersede: db.prepare(`UPDATE digests SET state = 'superseded' WHERE id = ?`),
      dropNotices: db.prepare('DELETE FROM notices WHERE digest_id = ?'),
      lastFinished: db.prepare('SELECT started_at AS at FROM reminder_runs WHERE finished_at IS NOT NULL AND dry_run = 0 ORDER BY started_at DESC LIMIT 1'),
      unreachable: db.prepare(
        `SELECT owner_key AS ownerKey, last_error AS reason, MIN(created_at) AS since FROM digests WHERE state = 'unreachable'
         GROUP BY owner_key ORDER BY owner_key`,
      ),
      startRun: db.prepare('INSERT INTO reminder_runs (started_at, dry_run) VALUES (?, ?)'),
      finishRun: db.prepare('UPDATE reminder_runs SET finished_at = ?, summary_json = ? WHERE id = ?'),
      lastRun: db.prepare('SELECT * FROM reminder_runs ORDER BY id DESC LIMIT 1'),
    };
  }

  async plannedKeys(): Promise<Set<string>> {
    return new Set((this.s.keys.all() as Array<{ key: string }>).map((r) => r.key));
  }

  async plannedAt(): Promise<Map<string, string>> {
    return new Map((this.s.keyTimes.all() as Array<{ key: string; at: string }>).map((r) => [r.key, r.at]));
  }

  async enqueue(runId: number, digests: readonly OwnerDigest[], at: string): Promise<number[]> {
    return this.db.transaction(() => {
      const created: number[] = [];
      for (const digest of digests) {
        const digestId = Number(this.s.newDigest.run(runId, digest.ownerKey, at, at).lastInsertRowid);
        let added = 0;
        for (const notice of digest.notices) added += this.s.insertNotice.run({ ...notice, digestId }).changes;
        if (added === 0) this.s.deleteDigest.run(digestId);
        else created.push(digestId);
      }
      return created;
    })();
  }

  private record(row: DigestRow): DigestRecord {
    return {
      id: row.id,
      runId: row.run_id,
      ownerKey: row.owner_key,
      state: row.state as DigestState,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
      lastError: row.last_error ?? undefined,
      conversationId: row.conversation_id ?? undefined,
      activityId: row.activity_id ?? undefined,
      notices: (this.s.notices.all(row.id) as NoticeRow[]).map(toNotice),
    };
  }

  async due(now: string, limit: number): Promise<DigestRecord[]> {
    return (this.s.due.all(now, limit) as DigestRow[]).map((r) => this.record(r));
  }

  async get(id: number): Promise<DigestRecord | undefined> {
    const row = this.s.get.get(id) as DigestRow | undefined;
    return row === undefined ? undefined : this.record(row);
  }

  async nextAttemptAt(): Promise<string | undefined> {
    return (this.s.pendingSummary.get() as { next: string | null }).next ?? undefined;
  }

  async pendingCount(): Promise<number> {
    return (this.s.pendingSummary.get() as { n: number }).n;
  }

  async claim(id: number, now: string, holder: string): Promise<boolean> {
    return this.s.claim.run(holder, now, id).changes === 1;
  }

  async markSent(id: number, conversationId: string, activityId: string | undefined, at: string): Promise<void> {
    this.s.sent.run(conversationId, activityId ?? null, at, id);
  }

  async retryLater(id: number, error: string, nextAttemptAt: string): Promise<void> {
    this.s.retry.run(error, nextAttemptAt, id);
  }

  async markDead(id: number, reason: string): Promise<void> {
    this.s.final.run('dead', reason, id);
  }

  async markFailed(id: number, reason: string): Promise<void> {
    this.s.final.run('failed', reason, id);
  }

  async markUnreachable(id: number, reason: string): Promise<void> {
    this.s.final.run('unreachable', reason, id);
  }

  async recoverInterrupted(senderIsGone: (holder: string) => boolean, claimedBefore: string): Promise<number> {
    return this.db.transaction(() => {
      let recovered = 0;
      for (const row of this.s.inFlight.all() as Array<{ id: number; holder: string | null; at: string | null }>) {
        // Rows claimed before claims were recorded have no holder: nobody can still be sending them.
        const gone = row.holder === null || row.at === null || row.at < claimedBefore || senderIsGone(row.holder);
        if (gone) recovered += this.s.requeue.run(row.id).changes;
      }
      return recovered;
    })();
  }

  async releaseUnsent(): Promise<Notice[]> {
    return this.db.transaction(() => {
      const released: Notice[] = [];
      for (const { id } of this.s.unsent.all() as Array<{ id: number }>) {
        released.push(...(this.s.notices.all(id) as NoticeRow[]).map(toNotice));
        this.s.dropNotices.run(id);
        this.s.supersede.run(id);
      }
      return released;
    })();
  }

  async unsentNotices(): Promise<Notice[]> {
    return (this.s.unsent.all() as Array<{ id: number }>).flatMap(({ id }) => (this.s.notices.all(id) as NoticeRow[]).map(toNotice));
  }

  async lastFinishedRunStartedAt(): Promise<string | undefined> {
    return (this.s.lastFinished.get() as { at: string } | undefined)?.at;
  }

  async unreachableOwners(): Promise<Array<{ ownerKey: string; reason: string; since: string }>> {
    return this.s.unreachable.all() as Array<{ ownerKey: string; reason: string; since: string }>;
  }

  async startRun(at: string, dryRun: boolean): Promise<number> {
    return Number(this.s.startRun.run(at, dryRun ? 1 : 0).lastInsertRowid);
  }

  async finishRun(id: number, at: string, summary: RunSummary): Promise<void> {
    this.s.finishRun.run(at, JSON.stringify(summary), id);
  }

  async lastRun() {
    const row = this.s.lastRun.get() as { id: number; started_at: string; finished_at: string | null; summary_json: string | null } | undefined;
    if (row === undefined) return undefined;
    return {
      id: row.id,
      startedAt: row.started_at,
      finishedAt: row.finished_at ?? undefined,
      summary: row.summary_json === null ? undefined : (JSON.parse(row.summary_json) as RunSummary),
    };
  }
}
