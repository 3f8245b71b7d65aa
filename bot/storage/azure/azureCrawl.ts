import { odata, type TransactionAction } from '@azure/data-tables';
import type { CrawlCursor, CrawlRepository, StoredListing } from '../crawlRepository';
import type { AzureAccount, LazyTable } from './azureAccount';
import { all, deleteIfUnchanged, readEntity, str, textOf, textProperties, type Entity } from './azureEntities';
import { idOf, keyOf } from './azureKeys';

/**
 * Where a crawl stands: the cursor and every listed session in one partition, so a page of sessions and the cursor
 * that moved past it go in one entity group transaction. A transaction holds at most 100 operations: a longer page
 * is written in several, the cursor in the last, so an interruption can only make the next run list a page again
 * (upserts: harmless), never skip one. Only the daily run reads and writes here.
 */
const PARTITION = 'crawl';
const CURSOR = 'cursor';
const LISTING = 'l|';
const BATCH = 100;

export class AzureCrawl implements CrawlRepository {
  private readonly table: LazyTable;

  constructor(account: AzureAccount) {
    this.table = account.table('Crawl');
  }

  async cursor(): Promise<CrawlCursor | undefined> {
    const entity = await readEntity(await this.table.get(), PARTITION, CURSOR);
    const json = entity === undefined ? undefined : textOf(entity, 'cursor');
    return json === undefined ? undefined : (JSON.parse(json) as CrawlCursor);
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
    actions.push(['upsert', { partitionKey: PARTITION, rowKey: CURSOR, ...textProperties('cursor', JSON.stringify(cursor)), updatedAt: new Date().toISOString() }, 'Replace']);
    // The cursor is last: every batch before it is listings only.
    for (let start = 0; start < actions.length; start += BATCH) await table.submitTransaction(actions.slice(start, start + BATCH));
  }

  async listings(): Promise<Map<string, StoredListing>> {
    const rows = await all(await this.table.get(), odata`PartitionKey eq ${PARTITION} and RowKey ge ${LISTING} and RowKey lt ${'l}'}`);
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

function toListing(e: Entity): StoredListing {
  return {
    id: idOf(e.rowKey.slice(LISTING.length)),
    name: str(e, 'name'),
    startTime: str(e, 'startTime'),
    fingerprint: str(e, 'fingerprint') ?? '',
    pass: Number(e['pass']),
  };
}
