import type { NoticeKind } from '../../reminders/planner';
import type { LocalDate } from '../../rules/dates';
import type { OwnerDeclarations } from '../../rules/videoStatus';
import type { DeclarationRepository } from '../reminderRepositories';
import type { Db } from './database';

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
