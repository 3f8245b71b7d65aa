import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import type { Notice, OwnerDigest } from '../../reminders/planner';
import type { DigestRecord, DigestState, ReminderOutbox, RunSummary } from '../reminderRepositories';
import { isConflict, isNotFound, type AzureAccount } from './azureAccount';
import { chunks, defined, inParallel, listAll, odata, paddedId, readEntity, storedFields, tableKey, takeIds } from './azureReminderKeys';
import { AzureReminderRuns } from './azureReminderRuns';
import { chunkText, joinChunks } from './azureTextChunks';

/**
 * The reminder outbox in Azure Tables, exactly once across instances without a transaction over the whole run.
 *
 * Table ReminderDigests, partition "outbox": a row per digest (`d<id>`), its notices as JSON in chunk properties (a big
 * owner's spill into rows `d<id>.<version>.<n>`), and an index row per digest in a state something looks for
 * (`i|pending|<nextAttemptAt>|<id>`, `i|sending|<id>`, …). A digest row and its index rows share the partition, so every
 * state change is one entity-group transaction conditional on the digest's ETag: of two senders claiming one digest,
 * one wins (412 for the other), and `due()` reads pending index rows only, never the digests already sent.
 *
 * Table ReminderNoticeKeys, a partition per owner (the notice's, which its key names): a create-only row per notice key naming the digest that carries it.
 * A 409 means the notice is already planned, and it is dropped from this digest. `enqueue` writes, per digest:
 * 1. the digest row in state "planning" with all its notices (not due: nothing sends it yet);
 * 2. a key row per notice (create-only; one that exists for another digest drops the notice);
 * 3. the digest row again, with the notices it won, as "pending" (or removed if it won none).
 * A crash between any two writes leaves a "planning" digest: `recoverInterrupted` finishes it the same way (its keys
 * are created for it if still free), so a notice whose key was written is sent by that digest and no other, and one
 * whose key was not is planned again by the next run. Finishing twice (a live enqueue and a recovery) is harmless: both
 * see the same key rows, and the digest row's ETag lets one of them write.
 * `releaseUnsent` likewise marks a digest "releasing" before it deletes its key rows and supersedes it.
 */

interface DigestEntity {
  digestId: number;
  runId: number;
  ownerKey: string;
  state: DigestState | 'planning' | 'releasing';
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  lastError?: string;
  conversationId?: string;
  activityId?: string;
  claimedBy?: string;
  claimedAt?: string;
  sentAt?: string;
  /** Rows of notices beyond this one (0: all in this row), under this version (a rewrite writes a new version). */
  bodyParts: number;
  bodyVersion: number;
}

type DigestRow = TableEntityResult<DigestEntity & Record<string, unknown>>;
type Fields = DigestEntity & Record<string, unknown>;

interface KeyEntity {
  key: string;
  digestId: number;
  at: string;
}

const OUTBOX = 'outbox';
const digestKey = (id: number): string => `d${paddedId(id)}`;
const partKey = (id: number, version: number, n: number): string => `d${paddedId(id)}.${version}.${String(n).padStart(4, '0')}`;
const INDEXED = new Set(['planning', 'pending', 'sending', 'failed', 'unreachable', 'releasing']);
const indexKey = (d: DigestEntity): string | undefined =>
  !INDEXED.has(d.state) ? undefined : d.state === 'pending' ? `i|pending|${d.nextAttemptAt}|${paddedId(d.digestId)}` : `i|${d.state}|${paddedId(d.digestId)}`;
const indexPrefix = (state: string): string => `i|${state}|`;
/** Digests written per enqueue step together, and digests handled at once. */
const GROUP = 50;
const PARALLEL = 8;
/** A transaction carries at most 100 operations and 4 MiB: two operations per digest, and room to spare. */
const MAX_TRANSACTION_CHARS = 3_000_000;

function transactionsOf<T extends object>(rows: readonly T[]): T[][] {
  const batches: T[][] = [];
  let size = Infinity;
  for (const row of rows) {
    const chars = JSON.stringify(row).length + 1_000;
    const last = batches[batches.length - 1];
    if (last === undefined || last.length >= 50 || size + chars > MAX_TRANSACTION_CHARS) {
      batches.push([row]);
      size = chars;
    } else {
      last.push(row);
      size += chars;
    }
  }
  return batches;
}

export class AzureOutbox implements ReminderOutbox {
  private readonly digests;
  private readonly keys;
  private readonly runs;

  constructor(account: AzureAccount) {
    this.digests = account.table('ReminderDigests');
    this.keys = account.table('ReminderNoticeKeys');
    this.runs = new AzureReminderRuns(account);
  }

  async plannedKeys(): Promise<Set<string>> {
    return new Set((await listAll<KeyEntity>(await this.keys.get(), '', ['key'])).map((e) => e.key));
  }

  async plannedAt(): Promise<Map<string, string>> {
    return new Map((await listAll<KeyEntity>(await this.keys.get(), '', ['key', 'at'])).map((e) => [e.key, e.at]));
  }

  async enqueue(runId: number, digests: readonly OwnerDigest[], at: string): Promise<number[]> {
    const work = digests.filter((d) => d.notices.length > 0);
    if (work.length === 0) return [];
    const table = await this.digests.get();
    const first = await takeIds(table, 'counter', 'digest', work.length);
    const created: number[] = [];
    for (let start = 0; start < work.length; start += GROUP) {
      const group = work.slice(start, start + GROUP).map((digest, i) => ({ digest, id: first + start + i }));
      const rows = await this.writePlanning(table, runId, group, at);
      const results = await inParallel(group, PARALLEL, async ({ digest, id }) => {
        const won = await this.claimKeys(id, digest.notices, at);
        return this.finishPlanning(id, won, rows.get(id));
      });
      group.forEach(({ id }, i) => results[i] && created.push(id));
    }
    return created;
  }

  async due(now: string, limit: number): Promise<DigestRecord[]> {
    const table = await this.digests.get();
    const filter = `PartitionKey eq ${odata(OUTBOX)} and RowKey ge ${odata(indexPrefix('pending'))} and RowKey le ${odata(`${indexPrefix('pending')}${now}|~`)}`;
    const page = await table.listEntities<{ digestId: number }>({ queryOptions: { filter, select: ['digestId'] } }).byPage({ maxPageSize: limit }).next();
    const ids = page.done === true ? [] : page.value.slice(0, limit).map((e) => e.digestId);
    const records = await inParallel(ids, PARALLEL, (id) => this.get(id));
    return records.filter((r): r is DigestRecord => r?.state === 'pending');
  }

  async get(id: number): Promise<DigestRecord | undefined> {
    const table = await this.digests.get();
    const row = await readEntity<Fields>(table, OUTBOX, digestKey(id));
    if (row === undefined || row.state === 'planning') return undefined;
    return {
      id: row.digestId,
      runId: row.runId,
      ownerKey: row.ownerKey,
      // Being taken back is, to a reader, not sent and not due: as on SQLite once it is done.
      state: row.state === 'releasing' ? 'superseded' : row.state,
      attempts: row.attempts,
      nextAttemptAt: row.nextAttemptAt,
      lastError: row.lastError,
      conversationId: row.conversationId,
      activityId: row.activityId,
      notices: row.state === 'releasing' || row.state === 'superseded' ? [] : await this.noticesOf(table, row),
    };
  }

  async nextAttemptAt(): Promise<string | undefined> {
    const page = await (await this.digests.get())
      .listEntities<{ nextAttemptAt: string }>({ queryOptions: { filter: this.indexFilter('pending'), select: ['nextAttemptAt'] } })
      .byPage({ maxPageSize: 1 })
      .next();
    return page.done === true ? undefined : page.value[0]?.nextAttemptAt;
  }

  async pendingCount(): Promise<number> {
    return (await this.indexRows('pending')).length;
  }

  async claim(id: number, now: string, holder: string): Promise<boolean> {
    return this.transition(id, (d) => (d.state === 'pending' ? { state: 'sending', attempts: d.attempts + 1, claimedBy: holder, claimedAt: now } : undefined));
  }

  async markSent(id: number, conversationId: string, activityId: string | undefined, at: string): Promise<void> {
    await this.transition(id, () => ({ state: 'sent', conversationId, activityId, sentAt: at, lastError: undefined }));
  }

  async retryLater(id: number, error: string, nextAttemptAt: string): Promise<void> {
    await this.transition(id, () => ({ state: 'pending', lastError: error, nextAttemptAt }));
  }

  async markDead(id: number, reason: string): Promise<void> {
    await this.transition(id, () => ({ state: 'dead', lastError: reason }));
  }

  async markFailed(id: number, reason: string): Promise<void> {
    await this.transition(id, () => ({ state: 'failed', lastError: reason }));
  }

  async markUnreachable(id: number, reason: string): Promise<void> {
    await this.transition(id, () => ({ state: 'unreachable', lastError: reason }));
  }

  async recoverInterrupted(senderIsGone: (holder: string) => boolean, claimedBefore: string): Promise<number> {
    const table = await this.digests.get();
    let recovered = 0;
    // Enqueues cut short: finished now, so their notices are neither lost nor planned a second time.
    for (const id of await this.indexRows('planning')) {
      const row = await readEntity<Fields>(table, OUTBOX, digestKey(id));
      if (row?.state !== 'planning') continue;
      const notices = await this.noticesOf(table, row);
      if (await this.finishPlanning(id, await this.claimKeys(id, notices, row.createdAt))) recovered++;
    }
    for (const id of await this.indexRows('sending')) {
      const requeued = await this.transition(id, (d) => {
        if (d.state !== 'sending') return undefined;
        const gone = d.claimedBy === undefined || d.claimedAt === undefined || d.claimedAt < claimedBefore || senderIsGone(d.claimedBy);
        return gone ? { state: 'pending' } : undefined;
      });
      if (requeued) recovered++;
    }
    return recovered;
  }

  async releaseUnsent(): Promise<Notice[]> {
    const table = await this.digests.get();
    const keys = await this.keys.get();
    const released: Notice[] = [];
    const ids = [...(await this.indexRows('releasing')), ...(await this.indexRows('pending')), ...(await this.indexRows('failed'))];
    await inParallel(ids, PARALLEL, async (id) => {
      const row = await readEntity<Fields>(table, OUTBOX, digestKey(id));
      if (row === undefined || !['pending', 'failed', 'releasing'].includes(row.state)) return;
      const notices = await this.noticesOf(table, row);
      // First out of the queue (a sender claiming it meanwhile wins, and it is not released), then its keys freed.
      if (row.state !== 'releasing' && !(await this.transition(id, (d) => (d.state === 'pending' || d.state === 'failed' ? { state: 'releasing' } : undefined), row))) return;
      for (const notice of notices) {
        const claim = await readEntity<KeyEntity>(keys, tableKey(notice.ownerKey), tableKey(notice.key));
        if (claim === undefined || claim.digestId !== id) continue;
        await keys.deleteEntity(tableKey(notice.ownerKey), tableKey(notice.key), { etag: claim.etag }).catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        });
      }
      if (await this.transition(id, (d) => (d.state === 'releasing' ? { state: 'superseded' } : undefined))) released.push(...notices);
    });
    return released;
  }

  async unsentNotices(): Promise<Notice[]> {
    const table = await this.digests.get();
    const ids = [...(await this.indexRows('pending')), ...(await this.indexRows('failed')), ...(await this.indexRows('releasing'))];
    const lists = await inParallel(ids, PARALLEL, async (id) => {
      const row = await readEntity<Fields>(table, OUTBOX, digestKey(id));
      return row === undefined ? [] : this.noticesOf(table, row);
    });
    return lists.flat();
  }

  async unreachableOwners(): Promise<Array<{ ownerKey: string; reason: string; since: string }>> {
    const rows = await listAll<{ ownerKey: string; lastError?: string; createdAt: string }>(await this.digests.get(), this.indexFilter('unreachable'));
    const owners = new Map<string, { ownerKey: string; reason: string; since: string }>();
    for (const row of rows) {
      const known = owners.get(row.ownerKey);
      if (known === undefined || row.createdAt < known.since) owners.set(row.ownerKey, { ownerKey: row.ownerKey, reason: row.lastError ?? '', since: row.createdAt });
    }
    return [...owners.values()].sort((a, b) => (a.ownerKey < b.ownerKey ? -1 : a.ownerKey > b.ownerKey ? 1 : 0));
  }

  startRun(at: string, dryRun: boolean): Promise<number> {
    return this.runs.start(at, dryRun);
  }

  finishRun(id: number, at: string, summary: RunSummary): Promise<void> {
    return this.runs.finish(id, at, summary);
  }

  lastRun() {
    return this.runs.last();
  }

  lastFinishedRunStartedAt(): Promise<string | undefined> {
    return this.runs.lastFinishedStartedAt();
  }

  /** Step 1 of enqueue: the digest rows as "planning" (with their index rows), a batch of them per transaction. */
  private async writePlanning(table: TableClient, runId: number, group: Array<{ digest: OwnerDigest; id: number }>, at: string): Promise<Map<number, DigestRow>> {
    const rows: Array<Fields & { partitionKey: string; rowKey: string }> = [];
    for (const { digest, id } of group) {
      const [head, ...spill] = chunkText(JSON.stringify(digest.notices), 'n');
      // Spilled notices first: the digest row that points to them is written after them.
      for (const [n, part] of spill.entries()) await table.upsertEntity({ partitionKey: OUTBOX, rowKey: partKey(id, 0, n + 1), ...part }, 'Replace');
      rows.push({
        partitionKey: OUTBOX,
        rowKey: digestKey(id),
        digestId: id,
        runId,
        ownerKey: digest.ownerKey,
        state: 'planning',
        attempts: 0,
        nextAttemptAt: at,
        createdAt: at,
        bodyParts: spill.length,
        bodyVersion: 0,
        ...head,
      });
    }
    const written = new Map<number, DigestRow>();
    for (const batch of transactionsOf(rows)) {
      const response = await table.submitTransaction(batch.flatMap((row): TransactionAction[] => [['create', row], ['create', this.indexRow(row)]]));
      for (const row of batch) {
        const etag = response.getResponseForEntity(row.rowKey)?.etag;
        if (etag !== undefined) written.set(row.digestId, { ...row, etag } as DigestRow);
      }
    }
    return written;
  }

  /**
   * Step 2: a create-only key row per notice (a batch per 100 in the owner's partition); the notices whose key this
   * digest holds, now or from before a crash. A batch refused (409: some key exists) is sorted out key by key.
   */
  private async claimKeys(id: number, notices: readonly Notice[], at: string): Promise<Notice[]> {
    const keys = await this.keys.get();
    const unique = [...new Map(notices.map((n) => [n.key, n])).values()];
    const won = new Set<string>();
    const perOwner = new Map<string, Notice[]>();
    for (const n of unique) perOwner.set(n.ownerKey, [...(perOwner.get(n.ownerKey) ?? []), n]);
    await inParallel([...perOwner.entries()], PARALLEL, async ([owner, list]) => {
      const partition = tableKey(owner);
      let existing: Map<string, number> | undefined;
      for (const batch of chunks(list)) {
        try {
          await keys.submitTransaction(batch.map((n): TransactionAction => ['create', { partitionKey: partition, rowKey: tableKey(n.key), key: n.key, digestId: id, at }]));
          for (const n of batch) won.add(n.key);
          continue;
        } catch (error) {
          if (!isConflict(error)) throw error;
        }
        existing ??= new Map((await listAll<KeyEntity>(keys, `PartitionKey eq ${odata(partition)}`, ['key', 'digestId'])).map((e) => [e.key, e.digestId]));
        await inParallel(batch, PARALLEL, async (n) => {
          const holder = existing?.get(n.key) ?? (await this.createKey(keys, partition, n.key, id, at));
          if (holder === id) won.add(n.key);
        });
      }
    });
    return unique.filter((n) => won.has(n.key));
  }

  /** The digest holding the key once this create-only write is done: this one, or the one that wrote it first. */
  private async createKey(keys: TableClient, partition: string, key: string, id: number, at: string): Promise<number | undefined> {
    try {
      await keys.createEntity<KeyEntity>({ partitionKey: partition, rowKey: tableKey(key), key, digestId: id, at });
      return id;
    } catch (error) {
      if (!isConflict(error)) throw error;
      return (await readEntity<KeyEntity>(keys, partition, tableKey(key)))?.digestId;
    }
  }

  /** Step 3: "pending" with the notices it won, or gone if it won none. True when it is (or became) a digest to send. */
  private async finishPlanning(id: number, won: readonly Notice[], known?: DigestRow): Promise<boolean> {
    const table = await this.digests.get();
    for (let row = known; ; row = undefined) {
      row ??= await readEntity<Fields>(table, OUTBOX, digestKey(id));
      if (row === undefined) return false;
      if (row.state !== 'planning') return true;
      const before = await this.noticesOf(table, row);
      try {
        if (won.length === 0) {
          await table.submitTransaction([
            ['delete', { partitionKey: OUTBOX, rowKey: digestKey(id) }],
            ['delete', { partitionKey: OUTBOX, rowKey: indexKey(row) as string }],
          ]);
          await this.dropParts(table, id, row.bodyVersion, row.bodyParts);
          return false;
        }
        let body: Partial<Fields> = {};
        if (won.length !== before.length) {
          // Some notices were planned already (by another digest): this digest carries only the rest.
          const version = row.bodyVersion + 1;
          const [head, ...spill] = chunkText(JSON.stringify(won), 'n');
          for (const [n, part] of spill.entries()) await table.upsertEntity({ partitionKey: OUTBOX, rowKey: partKey(id, version, n + 1), ...part }, 'Replace');
          body = { ...Object.fromEntries(Object.keys(row).filter((k) => /^n\d+$/.test(k)).map((k) => [k, undefined])), ...head, bodyVersion: version, bodyParts: spill.length };
        }
        if (await this.transition(id, (d) => (d.state === 'planning' ? { ...body, state: 'pending' } : undefined), row, 1)) {
          if (won.length !== before.length) await this.dropParts(table, id, row.bodyVersion, row.bodyParts);
          return true;
        }
      } catch (error) {
        if (!isConflict(error) && !isNotFound(error)) throw error;
      }
    }
  }

  /**
   * Changes a digest in one transaction with its index rows, conditional on the ETag read; `change` sees the current
   * row and returns the fields to change (undefined: leave it). A 412 (someone acted first) reads again, up to
   * `attempts` times. True when this call made the change, false when `change` declined; a single attempt at a known
   * ETag that lost is false too (the caller reads again).
   */
  private async transition(id: number, change: (d: Fields) => Partial<Fields> | undefined, known?: DigestRow, attempts = 10): Promise<boolean> {
    const table = await this.digests.get();
    for (let attempt = 0, row = known; attempt < attempts; attempt++, row = undefined) {
      row ??= await readEntity<Fields>(table, OUTBOX, digestKey(id));
      if (row === undefined) return false;
      const delta = change(row);
      if (delta === undefined) return false;
      const next = defined({ ...storedFields(row), ...delta }) as Fields & { partitionKey: string; rowKey: string };
      const before = indexKey(row);
      const after = indexKey(next);
      const actions: TransactionAction[] = [['update', next, 'Replace', { etag: row.etag }]];
      if (before !== undefined && before !== after) actions.push(['delete', { partitionKey: OUTBOX, rowKey: before }]);
      if (after !== undefined) actions.push(['upsert', this.indexRow(next), 'Replace']);
      try {
        await table.submitTransaction(actions);
        return true;
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
    if (known !== undefined && attempts === 1) return false;
    throw new Error(`digest ${id}: changed by others ${attempts} times in a row; not written`);
  }

  private indexRow(d: DigestEntity): Record<string, unknown> & { partitionKey: string; rowKey: string } {
    return defined({ partitionKey: OUTBOX, rowKey: indexKey(d) as string, digestId: d.digestId, ownerKey: d.ownerKey, nextAttemptAt: d.nextAttemptAt, createdAt: d.createdAt, lastError: d.lastError });
  }

  private indexFilter(state: string): string {
    return `PartitionKey eq ${odata(OUTBOX)} and RowKey ge ${odata(indexPrefix(state))} and RowKey lt ${odata(`${indexPrefix(state)}~`)}`;
  }

  private async indexRows(state: string): Promise<number[]> {
    return (await listAll<{ digestId: number }>(await this.digests.get(), this.indexFilter(state), ['digestId'])).map((e) => e.digestId);
  }

  private async noticesOf(table: TableClient, row: Fields): Promise<Notice[]> {
    let json = joinChunks(row, 'n');
    if (row.bodyParts > 0) {
      const from = partKey(row.digestId, row.bodyVersion, 1);
      const to = partKey(row.digestId, row.bodyVersion, row.bodyParts);
      const parts = await listAll<Record<string, unknown>>(table, `PartitionKey eq ${odata(OUTBOX)} and RowKey ge ${odata(from)} and RowKey le ${odata(to)}`);
      if (parts.length !== row.bodyParts) throw new Error(`digest ${row.digestId}: ${parts.length} of ${row.bodyParts} notice rows found`);
      for (const part of parts) json += joinChunks(part, 'n');
    }
    return (JSON.parse(json) as Notice[]).sort((a, b) => a.daysLeft - b.daysLeft || (a.videoId < b.videoId ? -1 : a.videoId > b.videoId ? 1 : 0));
  }

  private async dropParts(table: TableClient, id: number, version: number, parts: number): Promise<void> {
    for (let n = 1; n <= parts; n++) {
      await table.deleteEntity(OUTBOX, partKey(id, version, n)).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
    }
  }
}
