import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { isConflict, isNotFound } from './azureAccount';

/**
 * Keys and small helpers the reminder repositories share. Table keys may not hold / \ # ? or control characters, and
 * quotes and % trip up URLs and filters: owner addresses, video ids and notice keys are escaped reversibly.
 */
export function tableKey(value: string): string {
  return value.replace(/[^A-Za-z0-9@._|:-]/g, (c) => `~${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

/** Numeric ids as fixed-width keys, so key order is numeric order. */
export const paddedId = (id: number): string => String(id).padStart(12, '0');

/** A filter value inside single quotes (the only escape OData needs). */
export const odata = (value: string): string => `'${value.replace(/'/g, "''")}'`;

export async function readEntity<T extends object>(table: TableClient, partitionKey: string, rowKey: string): Promise<TableEntityResult<T> | undefined> {
  try {
    return await table.getEntity<T>(partitionKey, rowKey);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export async function listAll<T extends object>(table: TableClient, filter: string, select?: string[]): Promise<Array<TableEntityResult<T>>> {
  const rows: Array<TableEntityResult<T>> = [];
  for await (const row of table.listEntities<T>({ queryOptions: { filter, ...(select === undefined ? {} : { select }) } })) rows.push(row);
  return rows;
}

/**
 * Takes `count` consecutive ids from a counter entity, unique across instances: the increment is conditional on the
 * value read (If-Match), and a 412 or 409 means another instance took some first, so it reads again.
 */
export async function takeIds(table: TableClient, partitionKey: string, rowKey: string, count: number): Promise<number> {
  for (;;) {
    const current = await readEntity<{ value: number }>(table, partitionKey, rowKey);
    try {
      if (current === undefined) {
        await table.createEntity({ partitionKey, rowKey, value: count });
        return 1;
      }
      await table.updateEntity({ partitionKey, rowKey, value: current.value + count }, 'Replace', { etag: current.etag });
      return current.value + 1;
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }
}

/** Runs `work` over `items`, at most `limit` at once. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Entity-group transactions take at most 100 operations, all in one partition. */
export function chunks<T>(items: readonly T[], size = 100): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The stored fields of an entity read back, without the service's metadata, for a conditional Replace. */
export function storedFields<T extends object>(row: TableEntityResult<T>): T & { partitionKey: string; rowKey: string } {
  const copy: Record<string, unknown> = { ...row };
  for (const meta of ['etag', 'timestamp', 'odata.metadata']) delete copy[meta];
  return copy as T & { partitionKey: string; rowKey: string };
}

/** Drops undefined properties: Tables stores no nulls, and a Replace without them removes them. */
export function defined<T extends object>(entity: T): T {
  return Object.fromEntries(Object.entries(entity).filter(([, value]) => value !== undefined)) as T;
}
