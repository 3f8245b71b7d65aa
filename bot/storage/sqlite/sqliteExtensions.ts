import type {
  AuditEntry,
  Decision,
  DecisionOutcome,
  ExtensionRepository,
  ExtensionRequest,
  ExtensionState,
  NewExtensionRequest,
} from '../extensionRepository';
import { orUndefined, type Db } from './database';

interface Row {
  id: number;
  video_id: string;
  owner_key: string;
  requested_by: string;
  requested_by_name: string | null;
  justification: string;
  requested_until: string;
  trash_date_at_request: string;
  state: string;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  approved_until: string | null;
  applied_at: string | null;
  applied_by_name: string | null;
  support_conversation_id: string | null;
  support_activity_id: string | null;
  resurfaced_at: string | null;
  created_at: string;
}

const toRequest = (r: Row): ExtensionRequest => ({
  id: r.id,
  videoId: r.video_id,
  ownerKey: r.owner_key,
  requestedBy: r.requested_by,
  requestedByName: orUndefined(r.requested_by_name),
  justification: r.justification,
  requestedUntil: r.requested_until,
  trashDateAtRequest: r.trash_date_at_request,
  state: r.state as ExtensionState,
  decidedBy: orUndefined(r.decided_by),
  decidedByName: orUndefined(r.decided_by_name),
  decidedAt: orUndefined(r.decided_at),
  decisionReason: orUndefined(r.decision_reason),
  approvedUntil: orUndefined(r.approved_until),
  appliedAt: orUndefined(r.applied_at),
  appliedByName: orUndefined(r.applied_by_name),
  supportConversationId: orUndefined(r.support_conversation_id),
  supportActivityId: orUndefined(r.support_activity_id),
  resurfacedAt: orUndefined(r.resurfaced_at),
  createdAt: r.created_at,
});

export class SqliteExtensions implements ExtensionRepository {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO extension_requests (video_id, owner_key, requested_by, requested_by_name, justification, requested_until, trash_date_at_request, state, created_at)
         VALUES (@videoId, @ownerKey, @requestedBy, @requestedByName, @justification, @requestedUntil, @trashDateAtRequest, 'pending', @createdAt)
         ON CONFLICT DO NOTHING`,
      ),
      get: db.prepare('SELECT * FROM extension_requests WHERE id = ?'),
      pending: db.prepare(`SELECT * FROM extension_requests WHERE video_id = ? AND state = 'pending'`),
      byOwner: db.prepare('SELECT * FROM extension_requests WHERE owner_key = ? ORDER BY id DESC'),
      open: db.prepare(`SELECT * FROM extension_requests WHERE state = 'pending' OR (state = 'approved' AND applied_at IS NULL) ORDER BY created_at, id`),
      approve: db.prepare(
        `UPDATE extension_requests SET state = 'approved', approved_until = @until, decided_by = @by, decided_by_name = @byName, decided_at = @at
         WHERE id = @id AND state = 'pending'`,
      ),
      reject: db.prepare(
        `UPDATE extension_requests SET state = 'rejected', decision_reason = @reason, decided_by = @by, decided_by_name = @byName, decided_at = @at
         WHERE id = @id AND state = 'pending'`,
      ),
      keepUntil: db.prepare(
        `INSERT INTO declarations (video_id, keep_until) VALUES (@videoId, @until)
         ON CONFLICT(video_id) DO UPDATE SET keep_until = excluded.keep_until`,
      ),
      applied: db.prepare(`UPDATE extension_requests SET applied_at = @at, applied_by_name = @byName WHERE id = @id AND state = 'approved' AND applied_at IS NULL`),
      supportCard: db.prepare('UPDATE extension_requests SET support_conversation_id = ?, support_activity_id = ? WHERE id = ?'),
      resurfaced: db.prepare('UPDATE extension_requests SET resurfaced_at = ? WHERE id = ? AND resurfaced_at IS NULL'),
      audit: db.prepare('SELECT at, actor, action, detail FROM extension_audit WHERE request_id = ? ORDER BY id'),
      addAudit: db.prepare('INSERT INTO extension_audit (request_id, at, actor, action, detail) VALUES (@id, @at, @actor, @action, @detail)'),
    };
  }

  private row(id: number): ExtensionRequest | undefined {
    const row = this.s.get.get(id) as Row | undefined;
    return row === undefined ? undefined : toRequest(row);
  }

  async create(request: NewExtensionRequest): Promise<{ created: boolean; request: ExtensionRequest }> {
    return this.db.transaction(() => {
      const result = this.s.insert.run({ ...request, requestedByName: request.requestedByName ?? null });
      if (result.changes === 0) return { created: false, request: toRequest(this.s.pending.get(request.videoId) as Row) };
      const id = Number(result.lastInsertRowid);
      this.s.addAudit.run({ id, at: request.createdAt, actor: request.requestedByName ?? request.requestedBy, action: 'requested', detail: `until ${request.requestedUntil}` });
      return { created: true, request: this.row(id) as ExtensionRequest };
    })();
  }

  async get(id: number): Promise<ExtensionRequest | undefined> {
    return this.row(id);
  }

  async pendingFor(videoId: string): Promise<ExtensionRequest | undefined> {
    const row = this.s.pending.get(videoId) as Row | undefined;
    return row === undefined ? undefined : toRequest(row);
  }

  async byOwner(ownerKey: string): Promise<ExtensionRequest[]> {
    return (this.s.byOwner.all(ownerKey) as Row[]).map(toRequest);
  }

  async open(): Promise<ExtensionRequest[]> {
    return (this.s.open.all() as Row[]).map(toRequest);
  }

  async decide(id: number, decision: Decision, by: string, byName: string, at: string): Promise<DecisionOutcome> {
    return this.db.transaction((): DecisionOutcome => {
      const before = this.row(id);
      if (before === undefined) return { kind: 'not-found' };
      const changed =
        decision.kind === 'approve'
          ? this.s.approve.run({ id, until: decision.until, by, byName, at }).changes
          : this.s.reject.run({ id, reason: decision.reason, by, byName, at }).changes;
      if (changed === 0) return { kind: 'already', request: before };
      if (decision.kind === 'approve') this.s.keepUntil.run({ videoId: before.videoId, until: decision.until });
      this.s.addAudit.run({ id, at, actor: byName, action: decision.kind === 'approve' ? 'approved' : 'rejected', detail: decision.kind === 'approve' ? `until ${decision.until}` : decision.reason });
      return { kind: 'decided', request: this.row(id) as ExtensionRequest };
    })();
  }

  async markApplied(id: number, by: string, byName: string, at: string): Promise<DecisionOutcome> {
    return this.db.transaction((): DecisionOutcome => {
      const before = this.row(id);
      if (before === undefined) return { kind: 'not-found' };
      if (this.s.applied.run({ id, at, byName }).changes === 0) return { kind: 'already', request: before };
      this.s.addAudit.run({ id, at, actor: byName, action: 'applied in Panopto', detail: by });
      return { kind: 'decided', request: this.row(id) as ExtensionRequest };
    })();
  }

  async setSupportCard(id: number, conversationId: string, activityId: string | undefined): Promise<void> {
    this.s.supportCard.run(conversationId, activityId ?? null, id);
  }

  async markResurfaced(id: number, at: string): Promise<boolean> {
    return this.s.resurfaced.run(at, id).changes === 1;
  }

  async audit(id: number): Promise<AuditEntry[]> {
    return (this.s.audit.all(id) as Array<{ at: string; actor: string; action: string; detail: string | null }>).map((a) => ({ ...a, detail: orUndefined(a.detail) }));
  }

  async addAudit(id: number, entry: AuditEntry): Promise<void> {
    this.s.addAudit.run({ id, ...entry, detail: entry.detail ?? null });
  }
}
