import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { Notice } from '../../reminders/planner';
import { isConflict, isNotFound, type AzureAccount } from './azureAccount';
import { chunks, inParallel, listAll, odata, readEntity, tableKey } from './azureReminderKeys';

interface KeyEntity {
  key: string;
  digestId: number;
  at: string;
}

const PARALLEL = 8;

/**
 * The ledger of notices ever planned (part of the outbox): table ReminderNoticeKeys, a partition per owner (the
 * notice's, which its key names), a create-only row per notice key naming the digest that carries it. A 409 means the
 * notice is already planned by another digest.
 */
export class AzureNoticeKeys {
  private readonly table;

  constructor(account: AzureAccount) {
    this.table = account.table('ReminderNoticeKeys');
  }

  async keys(): Promise<Set<string>> {
    return new Set((await listAll<KeyEntity>(await this.table.get(), '', ['key'])).map((e) => e.key));
  }

  async plannedAt(): Promise<Map<string, string>> {
    return new Map((await listAll<KeyEntity>(await this.table.get(), '', ['key', 'at'])).map((e) => [e.key, e.at]));
  }

  /**
   * Writes the key of each notice for digest `id` (a batch per 100 in the owner's partition); returns the notices
   * whose key the digest holds, now or from before a crash. A batch refused (409: some key exists) is sorted out key
   * by key.
   */
  async claim(id: number, notices: readonly Notice[], at: string): Promise<Notice[]> {
    const table = await this.table.get();
    const unique = [...new Map(notices.map((n) => [n.key, n])).values()];
    const won = new Set<string>();
    const perOwner = new Map<string, Notice[]>();
    for (const n of unique) perOwner.set(n.ownerKey, [...(perOwner.get(n.ownerKey) ?? []), n]);
    await inParallel([...perOwner.entries()], PARALLEL, async ([owner, list]) => {
      const partition = tableKey(owner);
      let existing: Map<string, number> | undefined;
      for (const batch of chunks(list)) {
        try {
          await table.submitTransaction(batch.map((n): TransactionAction => ['create', { partitionKey: partition, rowKey: tableKey(n.key), key: n.key, digestId: id, at }]));
          for (const n of batch) won.add(n.key);
          continue;
        } catch (error) {
          if (!isConflict(error)) throw error;
        }
        existing ??= new Map((await listAll<KeyEntity>(table, `PartitionKey eq ${odata(partition)}`, ['key', 'digestId'])).map((e) => [e.key, e.digestId]));
        await inParallel(batch, PARALLEL, async (n) => {
          const holder = existing?.get(n.key) ?? (await this.create(table, partition, n.key, id, at));
          if (holder === id) won.add(n.key);
        });
      }
    });
    return unique.filter((n) => won.has(n.key));
  }

  /** Frees the keys digest `id` holds (not another digest's), so the planner may plan those notices again. */
  async release(id: number, notices: readonly Notice[]): Promise<void> {
    const table = await this.table.get();
    await inParallel(notices, PARALLEL, async (notice) => {
      const [partition, rowKey] = [tableKey(notice.ownerKey), tableKey(notice.key)];
      const claim = await readEntity<KeyEntity>(table, partition, rowKey);
      if (claim === undefined || claim.digestId !== id) return;
      await table.deleteEntity(partition, rowKey, { etag: claim.etag }).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
    });
  }

  /** The digest holding the key once this create-only write is done: this one, or the one that wrote it first. */
  private async create(table: TableClient, partition: string, key: string, id: number, at: string): Promise<number | undefined> {
    try {
      await table.createEntity<KeyEntity>({ partitionKey: partition, rowKey: tableKey(key), key, digestId: id, at });
      return id;
    } catch (error) {
      if (!isConflict(error)) throw error;
      return (await readEntity<KeyEntity>(table, partition, tableKey(key)))?.digestId;
    }
  }
}
