import type { Notice, NoticeKind, OwnerDigest } from '../../reminders/planner';
import type { LocalDate } from '../../rules/dates';
import type { CaptionEvidence, OwnerDeclarations } from '../../rules/videoStatus';
import type {
  CachedVideo,
  DeclarationRepository,
  DigestRecord,
  DigestState,
  LeaseRepository,
  ReminderOutbox,
  RunSummary,
  VideoRepository,
} from '../reminderRepositories';
import type { Db } from './database';

interface VideoRow {
  id: string;
  title: string;
  owner_key: string;
  owner_name: string | null;
  published_at: string;
  has_captions: number | null;
  is_live: number;
  last_viewed_at: string | null;
  viewer_url: string;
  fingerprint: string | null;
  details_fetched_at: string | null;
  viewers_fetched_at: string | null;
  caption_evidence: string | null;
  caption_evidence_at: string | null;
}

const toVideo = (r: VideoRow): CachedVideo => ({
  id: r.id,
  title: r.title,
  ownerKey: r.owner_key,
  ownerName: r.owner_name ?? undefined,
  publishedAt: r.published_at,
  hasCaptions: r.has_captions === null ? undefined : r.has_captions === 1,
  isLive: r.is_live === 1,
  lastViewedAt: r.last_viewed_at ?? undefined,
  viewerUrl: r.viewer_url,
  fingerprint: r.fingerprint ?? undefined,
  detailsFetchedAt: r.details_fetched_at ?? undefined,
  viewersFetchedAt: r.viewers_fetched_at ?? undefined,
  captionEvidence: CAPTION_EVIDENCE.has(r.caption_evidence ?? '') ? (r.caption_evidence as CaptionEvidence) : undefined,
  captionEvidenceAt: r.caption_evidence_at ?? undefined,
});

const CAPTION_EVIDENCE = new Set<string>(['captioned', 'automatic', 'requested', 'none'] satisfies CaptionEvidence[]);

export class SqliteVideos implements VideoRepository {
  private readonly upsert;
  private readonly byId;
  private readonly all;
  private readonly byOwner;

  constructor(private readonly db: Db) {
    this.upsert = db.prepare(
      `INSERT INTO videos (id, title, owner_key, owner_name, published_at, has_captions, is_live, last_viewed_at, viewer_url,
         fingerprint, details_fetched_at, viewers_fetched_at, seen_at, caption_evidence, caption_evidence_at)
       VALUES (@id, @title, @ownerKey, @ownerName, @publishedAt, @hasCaptions, @isLive, @lastViewedAt, @viewerUrl,
         @fingerprint, @detailsFetchedAt, @viewersFetchedAt, @seenAt, @captionEvidence, @captionEvidenceAt)
       ON CONFLICT(id) DO UPDATE SET title = excluded.title, owner_key = excluded.owner_key, owner_name = excluded.owner_name,
         published_at = excluded.published_at, has_captions = excluded.has_captions, is_live = excluded.is_live,
         last_viewed_at = excluded.last_viewed_at, viewer_url = excluded.viewer_url, fingerprint = excluded.fingerprint,
         details_fetched_at = excluded.details_fetched_at, viewers_fetched_at = excluded.viewers_fetched_at, seen_at = excluded.seen_at,
         caption_evidence = excluded.caption_evidence, caption_evidence_at = excluded.caption_evidence_at,
         gone_at = NULL`,
    );
    this.byId = db.prepare('SELECT * FROM videos WHERE id = ?');
    this.all = db.prepare('SELECT * FROM videos');
    this.byOwner = db.prepare('SELECT * FROM videos WHERE owner_key = ? AND gone_at IS NULL ORDER BY published_at DESC');
    this.gone = db.prepare('UPDATE videos SET gone_at = ? WHERE id = ? AND gone_at IS NULL');
  }

  private readonly gone;

  async markGone(ids: readonly string[], at: string): Promise<void> {
    this.db.transaction(() => {
      for (const id of ids) this.gone.run(at, id);
    })();
  }

  async upsertVideos(videos: readonly CachedVideo[], seenAt: string): Promise<void> {
    this.db.transaction(() => {
      for (const v of videos) {
        this.upsert.run({
          ...v,
          ownerName: v.ownerName ?? null,
          hasCaptions: v.hasCaptions === undefined ? null : v.hasCaptions ? 1 : 0,
          isLive: v.isLive ? 1 : 0,
          lastViewedAt: v.lastViewedAt ?? null,
          fingerprint: v.fingerprint ?? null,
          detailsFetchedAt: v.detailsFetchedAt ?? null,
          viewersFetchedAt: v.viewersFetchedAt ?? null,
          captionEvidence: v.captionEvidence ?? null,
          captionEvidenceAt: v.captionEvidenceAt ?? null,
          seenAt,
        });
      }
    })();
  }

  async getVideo(id: string): Promise<CachedVideo | undefined> {
    const row = this.byId.get(id) as VideoRow | undefined;
    return row === undefined ? undefined : toVideo(row);
  }

  async allVideos(): Promise<CachedVideo[]> {
    return (this.all.all() as VideoRow[]).map(toVideo);
  }

  async videosOwnedBy(ownerKey: string): Promise<CachedVideo[]> {
    return (this.byOwner.all(ownerKey) as VideoRow[]).map(toVideo);
  }
}

interface DeclarationRow {
  video_id: string;
  media_alternative_reason: string | null;
  media_alternative_at: string | null;
  captions_confirmed_at: string | null;
  keep_until: string | null;
  automatic_checked_at: string | null;
  caption_request_state: string | null;
  caption_request_at: string | null;
}

const toDeclarations = (r: DeclarationRow | undefined): OwnerDeclarations => {
  if (r === undefined) return {};
  const d: OwnerDeclarations = {};
  if (r.media_alternative_reason !== null) d.mediaAlternative = { reason: r.media_alternative_reason, at: r.media_alternative_at ?? '' };
  if (r.captions_confirmed_at !== null) d.captionsConfirmedAt = r.captions_confirmed_at;
  if (r.keep_until !== null) d.keepUntil = r.keep_until;
  if (r.automatic_checked_at !== null) d.automaticCaptionsCheckedAt = r.automatic_checked_at;
  if (r.caption_request_state === 'scheduled' && r.caption_request_at !== null) d.captionsRequestedAt = r.caption_request_at;
  return d;
};

export class SqliteDeclarations implements DeclarationRepository {
  private readonly s;

  constructor(db: Db) {
    const ensure = `INSERT INTO declarations (video_id) VALUES (@videoId) ON CONFLICT(video_id) DO NOTHING`;
    this.s = {
      ensure: db.prepare(ensure),
      all: db.prepare('SELECT * FROM declarations'),
      get: db.prepare('SELECT * FROM declarations WHERE video_id = ?'),
      mediaAlternative: db.prepare('UPDATE declarations SET media_alternative_reason = @reason, media_alternative_by = @by, media_alternative_at = @at WHERE video_id = @videoId'),
      confirm: db.prepare('UPDATE declarations SET captions_confirmed_by = @by, captions_confirmed_at = @at WHERE video_id = @videoId'),
      keepUntil: db.prepare('UPDATE declarations SET keep_until = @until WHERE video_id = @videoId'),
      checkAutomatic: db.prepare('UPDATE declarations SET automatic_checked_by = @by, automatic_checked_at = @at WHERE video_id = @videoId'),
      claimRequest: db.prepare(
        `UPDATE declarations SET caption_request_state = 'scheduling', caption_request_by = @by, caption_request_at = @at, caption_request_problem = NULL
         WHERE video_id = @videoId AND (caption_request_state IS NULL OR (caption_request_state = 'scheduling' AND caption_request_at < @staleBefore))`,
      ),
      requestState: db.prepare('SELECT caption_request_state FROM declarations WHERE video_id = ?'),
      requestScheduled: db.prepare(`UPDATE declarations SET caption_request_state = 'scheduled' WHERE video_id = @videoId AND caption_request_state = 'scheduling'`),
      requestFailed: db.prepare(`UPDATE declarations SET caption_request_state = NULL, caption_request_problem = @problem WHERE video_id = @videoId AND caption_request_state = 'scheduling'`),
      snooze: db.prepare(
        `INSERT INTO snoozes (video_id, kind, until, by_user, at) VALUES (@videoId, @kind, @until, @by, @at)
         ON CONFLICT(video_id, kind) DO UPDATE SET until = excluded.until, by_user = excluded.by_user, at = excluded.at`,
      ),
      snoozes: db.prepare('SELECT video_id, kind, until FROM snoozes'),
    };
    this.db = db;
  }

  private readonly db: Db;

  async all(): Promise<Map<string, OwnerDeclarations>> {
    return new Map((this.s.all.all() as DeclarationRow[]).map((r) => [r.video_id, toDeclarations(r)]));
  }

  async get(videoId: string): Promise<OwnerDeclarations> {
    return toDeclarations(this.s.get.get(videoId) as DeclarationRow | undefined);
  }

  async setMediaAlternative(videoId: string, reason: string, by: string, at: string): Promise<void> {
    this.db.transaction(() => {
      this.s.ensure.run({ videoId });
      this.s.mediaAlternative.run({ videoId, reason, by, at });
    })();
  }

  async confirmCaptions(videoId: string, by: string, at: string): Promise<void> {
    this.db.transaction(() => {
      this.s.ensure.run({ videoId });
      this.s.confirm.run({ videoId, by, at });
    })();
  }

  async setKeepUntil(videoId: string, until: LocalDate): Promise<void> {
    this.db.transaction(() => {
      this.s.ensure.run({ videoId });
      this.s.keepUntil.run({ videoId, until });
    })();
  }

  async checkAutomaticCaptions(videoId: string, by: string, at: string): Promise<void> {
    this.db.transaction(() => {
      this.s.ensure.run({ videoId });
      this.s.checkAutomatic.run({ videoId, by, at });
    })();
  }

  async claimCaptionRequest(videoId: string, by: string, at: string, staleBefore: string): Promise<'claimed' | 'scheduling' | 'scheduled'> {
    return this.db.transaction(() => {
      this.s.ensure.run({ videoId });
      if (this.s.claimRequest.run({ videoId, by, at, staleBefore }).changes === 1) return 'claimed' as const;
      const row = this.s.requestState.get(videoId) as { caption_request_state: string | null } | undefined;
      return row?.caption_request_state === 'scheduled' ? ('scheduled' as const) : ('scheduling' as const);
    })();
  }

  async finishCaptionRequest(videoId: string, outcome: { scheduled: true } | { scheduled: false; problem: string }): Promise<void> {
    if (outcome.scheduled) this.s.requestScheduled.run({ videoId });
    else this.s.requestFailed.run({ videoId, problem: outcome.problem.slice(0, 500) });
  }

  async snooze(videoId: string, kind: NoticeKind, until: LocalDate, by: string, at: string): Promise<void> {
    this.s.snooze.run({ videoId, kind, until, by, at });
  }

  async snoozes(): Promise<Map<string, LocalDate>> {
    return new Map((this.s.snoozes.all() as Array<{ video_id: string; kind: string; until: string }>).map((r) => [`${r.video_id}|${r.kind}`, r.until]));
  }
}

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
