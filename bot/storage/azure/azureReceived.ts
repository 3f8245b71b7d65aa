import { createHash } from 'node:crypto';
import { odata } from '@azure/data-tables';
import type { ReceivedActivities } from '../repositories';
import type { AzureAccount, LazyTable } from './azureAccount';
import { createOnce, deleteIfUnchanged, listAll, readEntity, replaceIfUnchanged, str } from './azureEntities';
import { keyOf } from './azureKeys';

/** Longer than Teams keeps redelivering (it gives up within minutes); the table stays the size of a day's traffic. */
const KEEP_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
const ROW = 'received';

/**
 * One create-only entity per activity key: of two deliveries arriving together at two instances, one creates it and
 * is first, the other gets 409. A key older than the retention counts as new again (taken over with If-Match, so
 * again only one wins), whether or not the lazy cleanup has removed it yet. The cleanup is a filtered query over the
 * table, run in the background at most every ten minutes per instance, never in a turn's way.
 */
export class AzureReceived implements ReceivedActivities {
  private readonly table: LazyTable;
  private prunedAt = 0;

  constructor(account: AzureAccount) {
    this.table = account.table('Received');
  }

  async first(key: string, at: Date): Promise<boolean> {
    const table = await this.table.get();
    if (at.getTime() - this.prunedAt > PRUNE_EVERY_MS) {
      this.prunedAt = at.getTime();
      void this.prune(new Date(at.getTime() - KEEP_MS).toISOString()).catch(() => undefined);
    }
    const entity = { partitionKey: partitionOf(key), rowKey: ROW, receivedAt: at.toISOString() };
    // A few rounds: between our read and our write the cleanup (ours or another instance's) may remove a stale key, and
    // then neither the create nor the take-over has happened yet; the next round creates it.
    for (let round = 0; round < 3; round++) {
      if (await createOnce(table, entity)) return true;
      const existing = await readEntity(table, entity.partitionKey, ROW);
      if (existing === undefined) continue;
      const stale = (str(existing, 'receivedAt') ?? '') < new Date(at.getTime() - KEEP_MS).toISOString();
      if (!stale) return false;
      if (await replaceIfUnchanged(table, entity, existing.etag)) return true;
      // Changed (another delivery took it: the next round finds it fresh) or removed (the next round creates it).
    }
    return false;
  }

  async forget(key: string): Promise<void> {
    await deleteIfUnchanged(await this.table.get(), partitionOf(key), ROW);
  }

  private async prune(before: string): Promise<void> {
    const table = await this.table.get();
    for (const old of await listAll(table, odata`RowKey eq ${ROW} and receivedAt lt ${before}`)) {
      // With its etag: a key taken again since the query is not removed.
      await deleteIfUnchanged(table, old.partitionKey, ROW, old.etag);
    }
  }
}

/**
 * A key names a conversation (up to 512 characters) and an activity (256): escaped, it could pass the 1 KiB a
 * PartitionKey may hold, so a long one is kept as its SHA-256 (never equal to a short key: those cannot start 'h|').
 */
function partitionOf(key: string): string {
  const escaped = keyOf(key);
  return escaped.length <= 512 && !escaped.startsWith('h|') ? escaped : `h|${createHash('sha256').update(key).digest('hex')}`;
}
