import { odata, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import type { Notice, OwnerDigest } from '../../reminders/planner';
import type { DigestState } from '../reminderRepositories';
import { isConflict, type AzureAccount } from './azureAccount';
import { defined, deleteIfUnchanged, listAll, listSelected, plain, readEntity, type Stored } from './azureEntities';
import { numberKey } from './azureKeys';
import { textOf, textRows } from './azureText';

/**
 * The digests of the outbox in table ReminderDigests, partition "outbox": a row per digest (`d<id>`) with its notices as
 * JSON in chunk properties (a big owner's spill into rows `d<id>.<version>.<n>`), and an index row per digest in a
 * state something looks for (`i|pending|<nextAttemptAt>|<id>`, `i|sending|<id>`, …). A digest row and its index rows
 * share the partition, so every state change is one entity-group transaction conditional on the digest's ETag.
 */

export interface DigestEntity {
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

export type DigestFields = DigestEntity & Record<string, unknown>;
export type DigestRow = Stored<DigestFields>;
type Keyed = DigestFields & { partitionKey: string; rowKey: string };

/**
 * Digests spread over a few partitions by id: a partition serves some 2,000 operations a second in Azure (and
 * Azurite finds a row by scanning its partition), while a transaction still only needs a digest and its own index rows.
 */
const PARTITIONS = 16;
const partitionOf = (id: number): string => `outbox${String(id % PARTITIONS).padStart(2, '0')}`;
const ALL_PARTITIONS = Array.from({ length: PARTITIONS }, (_, n) => partitionOf(n));
const digestKey = (id: number): string => `d${numberKey(id)}`;
const partKey = (id: number, version: number, n: number): string => `d${numberKey(id)}.${version}.${String(n).padStart(4, '0')}`;
const INDEXED = new Set(['planning', 'pending', 'sending', 'failed', 'unreachable', 'releasing']);
const indexKey = (d: DigestEntity): string | undefined =>
  !INDEXED.has(d.state) ? undefined : d.state === 'pending' ? `i|pending|${d.nextAttemptAt}|${numberKey(d.digestId)}` : `i|${d.state}|${numberKey(d.digestId)}`;
const indexPrefix = (state: string): string => `i|${state}|`;
/** A transaction carries at most 100 operations and 4 MiB: two operations per digest, and room to spare. */
const MAX_TRANSACTION_BYTES = 3_000_000;
const MAX_TRANSACTION_DIGESTS = 50;
const RECENT = 4096;

export class AzureDigestRows {
  private readonly lazy;
  /** Digests still in play that this handle read or wrote last, with their ETags; a few thousand at most. */
  private readonly recent = new Map<number, DigestRow>();
  private created: TableClient | undefined;

  constructor(account: AzureAccount) {
    this.lazy = account.table('ReminderDigests');
  }

  table(): Promise<TableClient> {
    return this.lazy.get().then((client) => (this.created = client));
  }

  /** The table client once `table()` has made sure the table exists. */
  private client(): TableClient {
    if (this.created === undefined) throw new Error('ReminderDigests used before it was opened');
    return this.created;
  }

  async read(id: number): Promise<DigestRow | undefined> {
    const row = await readEntity<DigestFields>(await this.table(), partitionOf(id), digestKey(id));
    this.remember(id, row);
    return row;
  }

  async notices(row: DigestFields): Promise<Notice[]> {
    let json = textOf(row, 'n') ?? '';
    if (row.bodyParts > 0) {
      const [from, to] = [partKey(row.digestId, row.bodyVersion, 1), partKey(row.digestId, row.bodyVersion, row.bodyParts)];
      const parts = await listAll<Record<string, unknown>>(await this.table(), odata`PartitionKey eq ${partitionOf(row.digestId)} and RowKey ge ${from} and RowKey le ${to}`);
      if (parts.length !== row.bodyParts) throw new Error(`digest ${row.digestId}: ${parts.length} of ${row.bodyParts} notice rows found`);
      for (const part of parts) json += textOf(part, 'n') ?? '';
    }
    return (JSON.parse(json) as Notice[]).sort((a, b) => a.daysLeft - b.daysLeft || (a.videoId < b.videoId ? -1 : a.videoId > b.videoId ? 1 : 0));
  }

  /** New digests in state "planning" with all their notices, with their index rows, a batch per transaction. */
  async writePlanning(runId: number, digests: ReadonlyArray<{ digest: OwnerDigest; id: number }>, at: string): Promise<Map<number, DigestRow>> {
    const rows: Keyed[] = [];
    for (const { digest, id } of digests) {
      const body = await this.writeBody(id, 0, digest.notices);
      rows.push({ partitionKey: partitionOf(id), rowKey: digestKey(id), digestId: id, runId, ownerKey: digest.ownerKey, state: 'planning', attempts: 0, nextAttemptAt: at, createdAt: at, ...body });
    }
    const table = await this.table();
    const written = new Map<number, DigestRow>();
    for (const batch of transactionsOf(rows)) {
      const response = await table.submitTransaction(batch.flatMap((row): TransactionAction[] => [['create', row], ['create', indexRow(row)]]));
      for (const row of batch) {
        const etag = response.getResponseForEntity(row.rowKey)?.etag;
        if (etag !== undefined) written.set(row.digestId, { ...row, etag } as DigestRow);
      }
    }
    return written;
  }

  /**
   * The fields that make `row` carry `notices` instead: a new body version, whose spilled rows are written first (the
   * digest row that points to them is written after them, by the caller's transition).
   */
  async replacedBody(row: DigestFields, notices: readonly Notice[]): Promise<Partial<DigestFields>> {
    const cleared = Object.fromEntries(Object.keys(row).filter((k) => /^n\d*$/.test(k)).map((k) => [k, undefined]));
    return { ...cleared, ...(await this.writeBody(row.digestId, row.bodyVersion + 1, notices)) };
  }

  /** Removes a digest that carries nothing (with its index row), then its spilled rows. */
  async remove(row: DigestFields): Promise<void> {
    const keys = [digestKey(row.digestId), indexKey(row)].filter((k): k is string => k !== undefined);
    await (await this.table()).submitTransaction(keys.map((rowKey): TransactionAction => ['delete', { partitionKey: partitionOf(row.digestId), rowKey }]));
    await this.dropBody(row.digestId, row.bodyVersion, row.bodyParts);
  }

  async dropBody(id: number, version: number, parts: number): Promise<void> {
    const table = await this.table();
    for (let n = 1; n <= parts; n++) {
      await deleteIfUnchanged(table, partitionOf(id), partKey(id, version, n));
    }
  }

  /**
   * Changes a digest in one transaction with its index rows, conditional on the ETag read; `change` sees the current
   * row and returns the fields to change (undefined: leave it). A 412 (someone acted first) reads again, up to
   * `attempts` times. True when this call made the change, false when `change` declined; a single attempt at a known
   * ETag that lost is false too (the caller reads again).
   */
  async transition(id: number, change: (d: DigestFields) => Partial<DigestFields> | undefined, known?: DigestRow, attempts = 10): Promise<boolean> {
    const table = await this.table();
    // The row this handle last read or wrote saves a read per step of a send; if it is stale, the write is refused
    // (412) or `change` declines on old news, and either way the row is read again before anything is decided.
    let row = known ?? this.recent.get(id);
    let fresh = row === undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (row === undefined) {
        row = await this.read(id);
        fresh = true;
        if (row === undefined) return false;
      }
      const delta = change(row);
      if (delta === undefined) {
        if (fresh || known !== undefined) return false;
        row = undefined;
        attempt--;
        continue;
      }
      const next = defined({ ...plain(row), ...delta }) as Keyed;
      const [before, after] = [indexKey(row), indexKey(next)];
      const actions: TransactionAction[] = [['update', next, 'Replace', { etag: row.etag }]];
      if (before !== undefined && before !== after) actions.push(['delete', { partitionKey: partitionOf(id), rowKey: before }]);
      if (after !== undefined) actions.push(['upsert', indexRow(next), 'Replace']);
      try {
        const response = await table.submitTransaction(actions);
        const etag = response.getResponseForEntity(next.rowKey)?.etag;
        this.remember(id, etag === undefined || after === undefined ? undefined : ({ ...next, etag } as DigestRow));
        return true;
      } catch (error) {
        if (!isConflict(error)) throw error;
        this.recent.delete(id);
        row = undefined;
      }
    }
    if (known !== undefined && attempts === 1) return false;
    throw new Error(`digest ${id}: changed by others ${attempts} times in a row; not written`);
  }

  /** Ids of the digests in a state, from its index rows (pending ones by next attempt, then id). */
  async idsIn(state: string): Promise<number[]> {
    const rows = await this.everyPartition((partition) => listSelected<{ digestId: number }>(this.client(), indexFilter(partition, state), ['digestId']));
    return rows.map((e) => e.digestId);
  }

  /** Pending digests due by `now`, oldest first: the pending index only, never the digests already sent. */
  async dueIds(now: string, limit: number): Promise<number[]> {
    const rows = await this.everyPartition((partition) => {
      const filter = odata`PartitionKey eq ${partition} and RowKey ge ${indexPrefix('pending')} and RowKey le ${`${indexPrefix('pending')}${now}|~`}`;
      return this.firstPage<{ digestId: number }>(filter, ['digestId'], limit);
    });
    return rows.slice(0, limit).map((e) => e.digestId);
  }

  async firstPendingAt(): Promise<string | undefined> {
    const rows = await this.everyPartition((partition) => this.firstPage<{ nextAttemptAt: string }>(indexFilter(partition, 'pending'), ['nextAttemptAt'], 1));
    return rows[0]?.nextAttemptAt;
  }

  /** The index rows of unreachable digests carry what the list of unreachable owners needs. */
  async unreachable(): Promise<Array<{ ownerKey: string; lastError?: string; createdAt: string }>> {
    return this.everyPartition((partition) => listSelected(this.client(), indexFilter(partition, 'unreachable'), ['ownerKey', 'lastError', 'createdAt']));
  }

  /** The same query in every partition, the answers in key order (for the pending index: by next attempt, then id). */
  private async everyPartition<T extends object>(query: (partition: string) => Promise<Array<TableEntityResult<T>>>): Promise<Array<TableEntityResult<T>>> {
    await this.table();
    const rows = (await Promise.all(ALL_PARTITIONS.map(query))).flat();
    return rows.sort((a, b) => ((a.rowKey ?? '') < (b.rowKey ?? '') ? -1 : (a.rowKey ?? '') > (b.rowKey ?? '') ? 1 : 0));
  }

  private async firstPage<T extends object>(filter: string, select: string[], size: number): Promise<Array<TableEntityResult<T>>> {
    const page = await this.client().listEntities<T>({ queryOptions: { filter, select: ['RowKey', ...select] } }).byPage({ maxPageSize: size }).next();
    return page.done === true ? [] : page.value.slice(0, size);
  }

  private remember(id: number, row: DigestRow | undefined): void {
    this.recent.delete(id);
    if (row === undefined || !INDEXED.has(row.state)) return;
    this.recent.set(id, row);
    if (this.recent.size > RECENT) this.recent.delete(this.recent.keys().next().value as number);
  }

  private async writeBody(id: number, version: number, notices: readonly Notice[]): Promise<{ bodyVersion: number; bodyParts: number; [chunk: string]: string | number }> {
    const [head, ...spill] = textRows('n', JSON.stringify(notices));
    const table = await this.table();
    for (const [n, part] of spill.entries()) await table.upsertEntity({ partitionKey: partitionOf(id), rowKey: partKey(id, version, n + 1), ...part }, 'Replace');
    return { ...head, bodyVersion: version, bodyParts: spill.length };
  }
}

function indexRow(d: DigestEntity): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  return defined({ partitionKey: partitionOf(d.digestId), rowKey: indexKey(d) as string, digestId: d.digestId, ownerKey: d.ownerKey, nextAttemptAt: d.nextAttemptAt, createdAt: d.createdAt, lastError: d.lastError });
}

function indexFilter(partition: string, state: string): string {
  return odata`PartitionKey eq ${partition} and RowKey ge ${indexPrefix(state)} and RowKey lt ${`${indexPrefix(state)}~`}`;
}

/** Rows in batches a transaction can take: one partition each, at most so many operations and bytes (Azure counts UTF-8). */
function transactionsOf(rows: readonly Keyed[]): Keyed[][] {
  const batches: Keyed[][] = [];
  let size = 0;
  const sorted = [...rows].sort((a, b) => (a.partitionKey < b.partitionKey ? -1 : a.partitionKey > b.partitionKey ? 1 : 0));
  for (const row of sorted) {
    const bytes = Buffer.byteLength(JSON.stringify(row)) + 1_000;
    const last = batches[batches.length - 1];
    if (last === undefined || last[0]?.partitionKey !== row.partitionKey || last.length >= MAX_TRANSACTION_DIGESTS || size + bytes > MAX_TRANSACTION_BYTES) {
      batches.push([row]);
      size = bytes;
    } else {
      last.push(row);
      size += bytes;
    }
  }
  return batches;
}
