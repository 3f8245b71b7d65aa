import { randomBytes } from 'node:crypto';
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { CrawlCursor, CrawlRepository, StoredListing } from '../crawlRepository';
import type { AzureAccount, LazyTable } from './azureAccount';
import { deleteIfUnchanged, listAll, readEntity, str, type Entity } from './azureEntities';
import { idOf, keyOf } from './azureKeys';
import { cutBefore, textOf, textProperties } from './azureText';

/**
 * Where a crawl stands: the cursor and every listed session in one partition, so a page of sessions and the cursor
 * that moved past it go in one entity group transaction. A transaction holds at most 100 operations: a longer page
 * is written in several, the cursor in the last, so an interruption can only make the next run list a page again
 * (upserts: harmless), never skip one. Only the daily run reads and writes here.
 *
 * The cursor lists every folder still to visit, which for a wide Panopto tree can pass what one entity holds. A long
 * cursor is written first as a new version in rows of its own (`c|<version>|<n>`), unseen until the `cursor` row in
 * the last transaction points at it; the version it replaced is removed afterwards.
 */
const PARTITION = 'crawl';
const CURSOR = 'cursor';
const LISTING = 'l|';
const BATCH = 100;
/** Up to this many characters the cursor stays in its own row; a longer one goes in rows of this size. */
const INLINE = 120_000;

export class AzureCrawl implements CrawlRepository {
  private readonly table: LazyTable;

  constructor(account: AzureAccount) {
    this.table = account.table('Crawl');
  }

  async cursor(): Promise<CrawlCursor | undefined> {
    const table = await this.table.get();
    const entity = await readEntity(table, PARTITION, CURSOR);
    if (entity === undefined) return undefined;
    const version = str(entity, 'version');
    if (version === undefined) return JSON.parse(textOf(entity, 'cursor') ?? 'null') as CrawlCursor;
    const parts = await listAll(table, versionFilter(version));
    return JSON.parse(parts.map((part) => textOf(part, 'cursor') ?? '').join('')) as CrawlCursor;
  }

  async saveProgress(cursor: CrawlCursor, listed: readonly StoredListing[]): Promise<void> {
    const table = await this.table.get();
    const byId = new Map(listed.map((l) => [l.id, l]));
    const actions: TransactionAction[] = [...byId.values()].map((l) => [
      'upsert',
      {
        partitionKey: PARTITION,
        rowKey: LISTING + keyOf(l.id),
        ...(l.name === undefined ? {} : { name: l.name }),
        ...(l.startTime === undefined ? {} : { startTime: l.startTime }),
        fingerprint: l.fingerprint,
        pass: l.pass,
      },
      'Replace',
    ]);
    const replaced = str((await readEntity(table, PARTITION, CURSOR)) ?? { partitionKey: PARTITION, rowKey: CURSOR }, 'version');
    actions.push(['upsert', { partitionKey: PARTITION, rowKey: CURSOR, ...(await this.cursorProperties(table, JSON.stringify(cursor))), updatedAt: new Date().toISOString() }, 'Replace']);
    // The cursor is last: every batch before it is listings only.
    for (let start = 0; start < actions.length; start += BATCH) await table.submitTransaction(actions.slice(start, start + BATCH));
    if (replaced !== undefined) await this.removeVersion(table, replaced);
  }

  /** The cursor row's properties: the cursor itself, or the version whose rows hold it (written here, seen once pointed at). */
  private async cursorProperties(table: TableClient, json: string): Promise<Record<string, unknown>> {
    if (json.length <= INLINE) return textProperties('cursor', json);
    const version = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
    for (let i = 0, start = 0; start < json.length; i++) {
      const rowKey = `${versionPrefix(version)}${String(i).padStart(5, '0')}`;
      const end = cutBefore(json, start + INLINE);
      await table.upsertEntity({ partitionKey: PARTITION, rowKey, ...textProperties('cursor', json.slice(start, end)) }, 'Replace');
      start = end;
    }
    return { version };
  }

  private async removeVersion(table: TableClient, version: string): Promise<void> {
    for (const part of await listAll(table, versionFilter(version))) await deleteIfUnchanged(table, PARTITION, part.rowKey);
  }

  async listings(): Promise<Map<string, StoredListing>> {
    const rows = await listAll(await this.table.get(), odata`PartitionKey eq ${PARTITION} and RowKey ge ${LISTING} and RowKey lt ${'l}'}`);
    return new Map(rows.map((e) => [idOf(e.rowKey.slice(LISTING.length)), toListing(e)]));
  }

  async forget(ids: readonly string[]): Promise<void> {
    const table = await this.table.get();
    const keys = [...new Set(ids)].map((id) => LISTING + keyOf(id));
    for (let start = 0; start < keys.length; start += BATCH) {
      const batch = keys.slice(start, start + BATCH);
      try {
        await table.submitTransaction(batch.map((rowKey): TransactionAction => ['delete', { partitionKey: PARTITION, rowKey }]));
      } catch {
        // One id already gone fails the whole batch: delete one by one, a missing one being no error.
        for (const rowKey of batch) await deleteIfUnchanged(table, PARTITION, rowKey);
      }
    }
  }
}

const versionPrefix = (version: string): string => `c|${version}|`;
const versionFilter = (version: string): string => odata`PartitionKey eq ${PARTITION} and RowKey ge ${versionPrefix(version)} and RowKey lt ${`${versionPrefix(version)}~`}`;

function toListing(e: Entity): StoredListing {
  return {
    id: idOf(e.rowKey.slice(LISTING.length)),
    name: str(e, 'name'),
    startTime: str(e, 'startTime'),
    fingerprint: str(e, 'fingerprint') ?? '',
    pass: Number(e['pass']),
  };
}
