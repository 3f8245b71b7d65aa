import type { TableClient, TableEntity, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { isConflict, isNotFound } from './azureAccount';

/** What every Azure repository does with entities: read-or-undefined, conditional writes, strip service fields. */

export type Entity = TableEntity<Record<string, unknown>>;
/** An entity as read whole: its keys, its etag, and `T`'s properties. */
export type Stored<T extends object = Record<string, unknown>> = TableEntityResult<T> & { partitionKey: string; rowKey: string };

export async function readEntity<T extends object = Record<string, unknown>>(table: TableClient, partitionKey: string, rowKey: string): Promise<Stored<T> | undefined> {
  try {
    return (await table.getEntity<T>(partitionKey, rowKey)) as Stored<T>;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Every entity matching `filter` (all pages). */
export async function listAll<T extends object = Record<string, unknown>>(table: TableClient, filter: string): Promise<Array<Stored<T>>> {
  return (await listSelected<T>(table, filter)) as Array<Stored<T>>;
}

/** Like `listAll`, reading only the properties named (the keys too only if named: 'RowKey'). */
export async function listSelected<T extends object>(table: TableClient, filter: string, select?: string[]): Promise<Array<TableEntityResult<T>>> {
  const rows: Array<TableEntityResult<T>> = [];
  for await (const row of table.listEntities<T>({ queryOptions: { filter, ...(select === undefined ? {} : { select }) } })) rows.push(row);
  return rows;
}

/** The entity as it would be written back: without the service's etag, timestamp and odata annotations. */
export function plain<T extends object>(entity: TableEntityResult<T>): T & { partitionKey: string; rowKey: string } {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entity)) {
    if (name === 'etag' || name === 'timestamp' || name.startsWith('odata.') || value === undefined || value === null) continue;
    copy[name] = value;
  }
  return copy as T & { partitionKey: string; rowKey: string };
}

/** Properties to write: an undefined value is left out (Tables has no null), so Replace removes it and Merge keeps the old one. */
export function defined<T extends object>(properties: T): T {
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined && value !== null)) as T;
}

export const str = (entity: Record<string, unknown>, name: string): string | undefined => (typeof entity[name] === 'string' ? (entity[name] as string) : undefined);

/** Runs a conditional write: false when the service says someone acted first (`lost`), instead of throwing. */
async function unlessLost(write: () => Promise<unknown>, lost: (error: unknown) => boolean): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (lost(error)) return false;
    throw error;
  }
}

const changedOrGone = (error: unknown): boolean => isConflict(error) || isNotFound(error);

/** Creates an entity unless one with its keys exists: false when someone created it first. */
export function createOnce(table: TableClient, entity: Entity): Promise<boolean> {
  return unlessLost(() => table.createEntity(entity), isConflict);
}

/** Replaces an entity only if it is still the version read (its etag): false when someone changed or removed it first. */
export function replaceIfUnchanged(table: TableClient, entity: Entity, etag: string): Promise<boolean> {
  return unlessLost(() => table.updateEntity(entity, 'Replace', { etag }), changedOrGone);
}

/** Deletes an entity if it is still the version read (any version: '*'): false when it was changed or gone. */
export function deleteIfUnchanged(table: TableClient, partitionKey: string, rowKey: string, etag = '*'): Promise<boolean> {
  return unlessLost(() => table.deleteEntity(partitionKey, rowKey, { etag }), changedOrGone);
}

/** Sets some properties of an entity, leaving the others as they are: false when there is no such entity. */
export function mergeIfExists(table: TableClient, entity: Entity): Promise<boolean> {
  return unlessLost(() => table.updateEntity(entity, 'Merge'), isNotFound);
}

/** One entity group transaction: false when one of its conditions failed (someone acted first), nothing written. */
export function transactIfUnchanged(table: TableClient, actions: TransactionAction[]): Promise<boolean> {
  return unlessLost(() => table.submitTransaction(actions), changedOrGone);
}

/**
 * Optimistic concurrency: read, decide, write conditionally; when the write finds that someone acted first, read
 * again and decide again (the second decision usually is "already done"). Bounded, with jitter, so instances that
 * keep colliding spread out.
 */
export const RETRY = Symbol('someone acted first');

export async function untilSettled<T>(attempt: () => Promise<T | typeof RETRY>, what: string): Promise<T> {
  for (let tries = 0; tries < 50; tries++) {
    const result = await attempt();
    if (result !== RETRY) return result as T;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** tries)));
  }
  throw new Error(`${what}: gave up after 50 conflicting writes`);
}
