import type { TableClient, TableEntity } from '@azure/data-tables';
import { isConflict, isNotFound } from './azureAccount';

/** What every Azure repository does with entities: read-or-undefined, strip service fields, keep long texts whole. */

export type Entity = TableEntity<Record<string, unknown>>;
export type Stored = Entity & { etag: string };

export async function readEntity(table: TableClient, partitionKey: string, rowKey: string): Promise<Stored | undefined> {
  try {
    return (await table.getEntity<Record<string, unknown>>(partitionKey, rowKey)) as Stored;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The entity as it would be written back: without the service's etag, timestamp and odata annotations. */
export function plain(entity: Entity): Entity {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entity)) {
    if (name === 'etag' || name === 'timestamp' || name.startsWith('odata.') || value === undefined || value === null) continue;
    copy[name] = value;
  }
  return copy as Entity;
}

/** Properties to write: an undefined value is left out (Tables has no null), so Replace removes it and Merge keeps the old one. */
export function defined(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined && value !== null));
}

/**
 * A string property holds at most 32K UTF-16 characters; longer texts (a conversation reference, a crawl cursor with
 * many folders) are split over `name`, `name1`, `name2`… An entity holds at most 1 MiB, so one text may be up to
 * TEXT_LIMIT characters (about 900 KB); a longer one is refused before anything is written. The bot's own limits keep
 * the rest far below that: a question 30,000 characters, a support reply 2,000, a justification 1,000; the crawl
 * cursor reaches it at about 11,000 folders still to visit.
 */
const CHUNK = 30_000;
export const TEXT_LIMIT = 15 * CHUNK;

export function textProperties(name: string, value: string | undefined): Record<string, string> {
  if (value === undefined) return {};
  if (value.length > TEXT_LIMIT) throw new Error(`${name} is ${value.length} characters; the store keeps at most ${TEXT_LIMIT}`);
  const properties: Record<string, string> = { [name]: value.slice(0, CHUNK) };
  for (let i = 1; i * CHUNK < value.length; i++) properties[`${name}${i}`] = value.slice(i * CHUNK, (i + 1) * CHUNK);
  return properties;
}

export function textOf(entity: Entity, name: string): string | undefined {
  const first = entity[name];
  if (typeof first !== 'string') return undefined;
  let text = first;
  for (let i = 1; typeof entity[`${name}${i}`] === 'string'; i++) text += entity[`${name}${i}`] as string;
  return text;
}

/** Drops `name` and its continuation properties, before a Replace writes a new text or none. */
export function withoutText(entity: Entity, name: string): Entity {
  const copy: Record<string, unknown> = { ...entity };
  delete copy[name];
  for (let i = 1; `${name}${i}` in copy; i++) delete copy[`${name}${i}`];
  return copy as Entity;
}

export const str = (entity: Entity, name: string): string | undefined => (typeof entity[name] === 'string' ? (entity[name] as string) : undefined);

/** Creates an entity unless one with its keys exists: false when someone created it first. */
export async function createOnce(table: TableClient, entity: Entity): Promise<boolean> {
  try {
    await table.createEntity(entity);
    return true;
  } catch (error) {
    if (isConflict(error)) return false;
    throw error;
  }
}

/** Replaces an entity only if it is still the version read (its etag): false when someone changed or removed it first. */
export async function replaceIfUnchanged(table: TableClient, entity: Entity, etag: string): Promise<boolean> {
  try {
    await table.updateEntity(entity, 'Replace', { etag });
    return true;
  } catch (error) {
    if (isConflict(error) || isNotFound(error)) return false;
    throw error;
  }
}

export async function deleteIfUnchanged(table: TableClient, partitionKey: string, rowKey: string, etag = '*'): Promise<boolean> {
  try {
    await table.deleteEntity(partitionKey, rowKey, { etag });
    return true;
  } catch (error) {
    if (isConflict(error) || isNotFound(error)) return false;
    throw error;
  }
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

export async function all(table: TableClient, filter: string): Promise<Stored[]> {
  const rows: Stored[] = [];
  for await (const entity of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) rows.push(entity as Stored);
  return rows;
}
