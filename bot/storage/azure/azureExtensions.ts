import { randomBytes } from 'node:crypto';
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { LocalDate } from '../../rules/dates';
import type {
  AuditEntry,
  Decision,
  DecisionOutcome,
  ExtensionRepository,
  ExtensionRequest,
  ExtensionState,
  NewExtensionRequest,
} from '../extensionRepository';
import type { AzureAccount, LazyTable } from './azureAccount';
import { takeIds } from './azureCounter';
import { deleteIfUnchanged, listAll, plain, readEntity, replaceIfUnchanged, RETRY, str, transactIfUnchanged, untilSettled, type Entity, type Stored } from './azureEntities';
import { keyOf, numberKey } from './azureKeys';
import { textOf, textProperties } from './azureText';

/**
 * Extension requests. Everything about one video lives in one partition (`v|<video>`): its requests, their audit
 * entries, and a `pending` row that exists exactly while one of them is pending. So a request is created together
 * with that row and its first audit entry in one entity group transaction (a second request for the video finds the
 * row and fails as a whole: one pending per video), and a decision changes the request (If-Match), removes the row
 * and adds its audit entry in one transaction too: of two approvers on two instances, one wins and the other reads
 * who did. Audit entries are never overwritten (each its own row, keyed by insertion order).
 *
 * Lookups by id go through an index row (`id|<n>` → video) written before the request; by owner through index rows
 * (`owner|<key>`), checked against the request. "Open" requests (the support list, the daily run) are a filtered
 * query over the table, the one scan here.
 *
 * An approval also moves the video's keep-until date, which lives with the declarations: that write follows the
 * decision, and the request says it is owed (`keepUntilPending`) until it is done, so a crash in between is made good
 * the next time the request is decided again (the second click) or the open requests are read (the daily run). The
 * same holds when the declarations cannot be written at that moment.
 */
const REQUEST = 'r|';
const AUDIT = 'a|';
const PENDING = 'pending';

export type KeepUntil = (videoId: string, until: LocalDate) => Promise<void>;

export class AzureExtensions implements ExtensionRepository {
  private readonly table: LazyTable;
  private readonly counters: LazyTable;

  constructor(
    account: AzureAccount,
    private readonly keepUntil: KeepUntil,
  ) {
    this.table = account.table('Extensions');
    this.counters = account.table('Counters');
  }

  async create(request: NewExtensionRequest): Promise<{ created: boolean; request: ExtensionRequest }> {
    const table = await this.table.get();
    const partitionKey = videoPartition(request.videoId);
    return untilSettled(async () => {
      const lock = await readEntity(table, partitionKey, PENDING);
      if (lock !== undefined) {
        const existing = await this.pendingEntity(table, request.videoId);
        if (existing !== undefined) return { created: false, request: toRequest(existing) };
        // A row without a pending request cannot come from this code (both change in one transaction); never let it block.
        await deleteIfUnchanged(table, partitionKey, PENDING, lock.etag);
        return RETRY;
      }
      const id = await takeIds(await this.counters.get(), 'extensions');
      await table.upsertEntity({ partitionKey: idIndex(id), rowKey: '', videoId: request.videoId }, 'Replace');
      await table.upsertEntity({ partitionKey: ownerIndex(request.ownerKey), rowKey: numberKey(id) }, 'Replace');
      const entity: Entity = {
        partitionKey,
        rowKey: REQUEST + numberKey(id),
        id,
        videoId: request.videoId,
        ownerKey: request.ownerKey,
        requestedBy: request.requestedBy,
        ...(request.requestedByName === undefined ? {} : { requestedByName: request.requestedByName }),
        ...textProperties('justification', request.justification),
        requestedUntil: request.requestedUntil,
        trashDateAtRequest: request.trashDateAtRequest,
        state: 'pending',
        isOpen: true,
        createdAt: request.createdAt,
      };
      const audit = auditRow(partitionKey, id, { at: request.createdAt, actor: request.requestedByName ?? request.requestedBy, action: 'requested', detail: `until ${request.requestedUntil}` });
      const made = await transactIfUnchanged(table, [
        ['create', { partitionKey, rowKey: PENDING, requestId: id }],
        ['create', entity],
        ['create', audit],
      ]);
      return made ? { created: true, request: toRequest(entity) } : RETRY;
    }, 'create extension request');
  }

  async get(id: number): Promise<ExtensionRequest | undefined> {
    const entity = await this.read(await this.table.get(), id);
    return entity === undefined ? undefined : toRequest(entity);
  }

  async pendingFor(videoId: string): Promise<ExtensionRequest | undefined> {
    const entity = await this.pendingEntity(await this.table.get(), videoId);
    return entity === undefined ? undefined : toRequest(entity);
  }

  async byOwner(ownerKey: string): Promise<ExtensionRequest[]> {
    const table = await this.table.get();
    const requests: ExtensionRequest[] = [];
    for (const row of await listAll(table, odata`PartitionKey eq ${ownerIndex(ownerKey)}`)) {
      const entity = await this.read(table, Number(row.rowKey));
      if (entity !== undefined && str(entity, 'ownerKey')?.toLowerCase() === ownerKey.toLowerCase()) requests.push(toRequest(entity));
    }
    return requests.sort((a, b) => b.id - a.id);
  }

  async open(): Promise<ExtensionRequest[]> {
    const table = await this.table.get();
    const rows = await listAll(table, odata`RowKey ge ${REQUEST} and RowKey lt ${'r}'} and isOpen eq true`);
    for (const row of rows) if (row['keepUntilPending'] === true) await this.settleKeepUntil(table, row);
    return rows.map(toRequest).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id - b.id));
  }

  async decide(id: number, decision: Decision, by: string, byName: string, at: string): Promise<DecisionOutcome> {
    const table = await this.table.get();
    const outcome = await untilSettled(async (): Promise<{ outcome: DecisionOutcome; entity?: Entity } | typeof RETRY> => {
      const before = await this.read(table, id);
      if (before === undefined) return { outcome: { kind: 'not-found' } };
      if (before['state'] !== 'pending') return { outcome: { kind: 'already', request: toRequest(before) }, entity: before };
      const decided: Entity =
        decision.kind === 'approve'
          ? { ...plain(before), state: 'approved', approvedUntil: decision.until, decidedBy: by, decidedByName: byName, decidedAt: at, keepUntilPending: true }
          : { ...plain(before), state: 'rejected', ...textProperties('decisionReason', decision.reason), decidedBy: by, decidedByName: byName, decidedAt: at, isOpen: false };
      const lock = await readEntity(table, before.partitionKey, PENDING);
      const actions: TransactionAction[] = [
        ['update', decided, 'Replace', { etag: before.etag }],
        ['create', auditRow(before.partitionKey, id, { at, actor: byName, action: decision.kind === 'approve' ? 'approved' : 'rejected', detail: decision.kind === 'approve' ? `until ${decision.until}` : decision.reason })],
      ];
      // The request's If-Match in the same transaction is the condition: the row goes only with the pending request.
      if (lock !== undefined && lock['requestId'] === id) actions.push(['delete', { partitionKey: before.partitionKey, rowKey: PENDING }]);
      if (!(await transactIfUnchanged(table, actions))) return RETRY;
      // What settling the keep-until date needs is in the entity just written: no second read (two round trips).
      return { outcome: { kind: 'decided', request: toRequest(decided) }, entity: decided };
    }, 'decide extension request');
    if (outcome.entity !== undefined && outcome.entity['keepUntilPending'] === true) await this.settleKeepUntil(table, outcome.entity);
    return outcome.outcome;
  }

  async markApplied(id: number, by: string, byName: string, at: string): Promise<DecisionOutcome> {
    const table = await this.table.get();
    return untilSettled(async (): Promise<DecisionOutcome | typeof RETRY> => {
      const before = await this.read(table, id);
      if (before === undefined) return { kind: 'not-found' };
      if (before['state'] !== 'approved' || str(before, 'appliedAt') !== undefined) return { kind: 'already', request: toRequest(before) };
      const applied: Entity = { ...plain(before), appliedAt: at, appliedByName: byName, isOpen: false };
      const done = await transactIfUnchanged(table, [
        ['update', applied, 'Replace', { etag: before.etag }],
        ['create', auditRow(before.partitionKey, id, { at, actor: byName, action: 'applied in Panopto', detail: by })],
      ]);
      return done ? { kind: 'decided', request: toRequest(applied) } : RETRY;
    }, 'mark extension applied');
  }

  async setSupportCard(id: number, conversationId: string, activityId: string | undefined): Promise<void> {
    const table = await this.table.get();
    await untilSettled(async () => {
      const before = await this.read(table, id);
      if (before === undefined) return undefined;
      const { supportActivityId: _old, ...rest } = plain(before);
      const next = { ...rest, supportConversationId: conversationId, ...(activityId === undefined ? {} : { supportActivityId: activityId }) } as Entity;
      return (await replaceIfUnchanged(table, next, before.etag)) ? undefined : RETRY;
    }, 'set support card');
  }

  async markResurfaced(id: number, at: string): Promise<boolean> {
    const table = await this.table.get();
    return untilSettled(async () => {
      const before = await this.read(table, id);
      if (before === undefined || str(before, 'resurfacedAt') !== undefined) return false;
      return (await replaceIfUnchanged(table, { ...plain(before), resurfacedAt: at }, before.etag)) ? true : RETRY;
    }, 'mark resurfaced');
  }

  async audit(id: number): Promise<AuditEntry[]> {
    const table = await this.table.get();
    const videoId = await this.videoOf(table, id);
    if (videoId === undefined) return [];
    const prefix = `${AUDIT}${numberKey(id)}|`;
    const rows = await listAll(table, odata`PartitionKey eq ${videoPartition(videoId)} and RowKey gt ${prefix} and RowKey lt ${`${prefix}~`}`);
    return rows.map((e) => ({ at: str(e, 'at') ?? '', actor: str(e, 'actor') ?? '', action: str(e, 'action') ?? '', detail: textOf(e, 'detail') }));
  }

  async addAudit(id: number, entry: AuditEntry): Promise<void> {
    const table = await this.table.get();
    const request = await this.read(table, id);
    // As SQLite's foreign key: an audit entry belongs to a request that exists.
    if (request === undefined) throw new Error(`extension audit: no request ${id}`);
    await table.createEntity(auditRow(request.partitionKey, id, entry));
  }

  private async videoOf(table: TableClient, id: number): Promise<string | undefined> {
    if (!Number.isSafeInteger(id) || id < 0) return undefined;
    const index = await readEntity(table, idIndex(id), '');
    return index === undefined ? undefined : str(index, 'videoId');
  }

  private async read(table: TableClient, id: number): Promise<Stored | undefined> {
    const videoId = await this.videoOf(table, id);
    return videoId === undefined ? undefined : readEntity(table, videoPartition(videoId), REQUEST + numberKey(id));
  }

  private async pendingEntity(table: TableClient, videoId: string): Promise<Stored | undefined> {
    const lock = await readEntity(table, videoPartition(videoId), PENDING);
    if (lock === undefined) return undefined;
    const request = await readEntity(table, videoPartition(videoId), REQUEST + numberKey(Number(lock['requestId'])));
    return request !== undefined && request['state'] === 'pending' ? request : undefined;
  }

  /**
   * Moves the video's keep-until date an approval owes, then says so on the request (Merge: nothing else changes).
   * A failure leaves it owed rather than failing the caller: the decision is taken and its card must say so; the
   * date follows at the next settling (the daily run reads the open requests).
   */
  private async settleKeepUntil(table: TableClient, entity: Entity): Promise<void> {
    const until = str(entity, 'approvedUntil');
    const videoId = str(entity, 'videoId');
    if (until === undefined || videoId === undefined) return;
    try {
      await this.keepUntil(videoId, until);
      await table.updateEntity({ partitionKey: entity.partitionKey, rowKey: entity.rowKey, keepUntilPending: false }, 'Merge');
    } catch {
      // Still owed: see above.
    }
  }
}

const videoPartition = (videoId: string): string => `v|${keyOf(videoId)}`;
const idIndex = (id: number): string => `id|${numberKey(id)}`;
const ownerIndex = (ownerKey: string): string => `owner|${keyOf(ownerKey.toLowerCase())}`;

let auditSequence = 0;

/** Audit rows sort in the order they were written: this instance's clock, then a sequence for the same millisecond. */
function auditRow(partitionKey: string, id: number, entry: AuditEntry): Entity {
  auditSequence = (auditSequence + 1) % 1_000_000_000;
  const order = `${String(Date.now()).padStart(15, '0')}-${String(auditSequence).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
  return {
    partitionKey,
    rowKey: `${AUDIT}${numberKey(id)}|${order}`,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    ...textProperties('detail', entry.detail),
  };
}

function toRequest(e: Entity): ExtensionRequest {
  return {
    id: Number(e['id']),
    videoId: str(e, 'videoId') ?? '',
    ownerKey: str(e, 'ownerKey') ?? '',
    requestedBy: str(e, 'requestedBy') ?? '',
    requestedByName: str(e, 'requestedByName'),
    justification: textOf(e, 'justification') ?? '',
    requestedUntil: str(e, 'requestedUntil') ?? '',
    trashDateAtRequest: str(e, 'trashDateAtRequest') ?? '',
    state: str(e, 'state') as ExtensionState,
    decidedBy: str(e, 'decidedBy'),
    decidedByName: str(e, 'decidedByName'),
    decidedAt: str(e, 'decidedAt'),
    decisionReason: textOf(e, 'decisionReason'),
    approvedUntil: str(e, 'approvedUntil'),
    appliedAt: str(e, 'appliedAt'),
    appliedByName: str(e, 'appliedByName'),
    supportConversationId: str(e, 'supportConversationId'),
    supportActivityId: str(e, 'supportActivityId'),
    resurfacedAt: str(e, 'resurfacedAt'),
    createdAt: str(e, 'createdAt') ?? '',
  };
}

