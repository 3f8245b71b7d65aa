/**
 * A string property holds at most 32K UTF-16 characters; longer texts (a conversation reference, a crawl cursor with
 * many folders, a big owner's notices, a run summary) are split over `name`, `name1`, `name2`… An entity holds at most
 * 1 MiB, so one text may be up to TEXT_LIMIT characters (about 900 KB); a longer one is refused before anything is
 * written. The bot's own limits keep the rest far below that: a question 30,000 characters, a support reply 2,000, a
 * justification 1,000; the crawl cursor reaches it at about 11,000 folders still to visit. A text that may be longer
 * still (a digest's notices) spills into further entities of ROW_TEXT characters each (see azureDigestRows).
 */
export const CHUNK = 30_000;
export const TEXT_LIMIT = 15 * CHUNK;
/** One entity's share of a text spread over several, leaving room for the first entity's other fields. */
export const ROW_TEXT = 14 * CHUNK;

export function textProperties(name: string, value: string | undefined): Record<string, string> {
  if (value === undefined) return {};
  if (value.length > TEXT_LIMIT) throw new Error(`${name} is ${value.length} characters; the store keeps at most ${TEXT_LIMIT}`);
  const properties: Record<string, string> = {};
  let i = 0;
  for (let start = 0; start < value.length || i === 0; i++) {
    const end = cutBefore(value, start + CHUNK);
    properties[i === 0 ? name : `${name}${i}`] = value.slice(start, end);
    start = end;
  }
  return properties;
}

/**
 * Where to cut `text` at `at` or just before: never between the two halves of a surrogate pair (an emoji, many CJK
 * extension characters). The service keeps strings as UTF-8, where half a pair cannot be written: the text would be
 * refused or come back with U+FFFD in place of the character.
 */
export function cutBefore(text: string, at: number): number {
  if (at >= text.length) return text.length;
  const last = text.charCodeAt(at - 1);
  return last >= 0xd800 && last <= 0xdbff ? at - 1 : at;
}

/** The text as several entities' worth of properties, ROW_TEXT characters each (at least one, even for ''). */
export function textRows(name: string, value: string): Array<Record<string, string>> {
  const rows: Array<Record<string, string>> = [];
  for (let start = 0; start < value.length || rows.length === 0; ) {
    const end = cutBefore(value, start + ROW_TEXT);
    rows.push(textProperties(name, value.slice(start, end)));
    start = end;
  }
  return rows;
}

export function textOf(entity: Record<string, unknown>, name: string): string | undefined {
  const first = entity[name];
  if (typeof first !== 'string') return undefined;
  let text = first;
  for (let i = 1; typeof entity[`${name}${i}`] === 'string'; i++) text += entity[`${name}${i}`] as string;
  return text;
}

/** Drops `name` and its continuation properties, before a Replace writes a new text or none. */
export function withoutText<T extends Record<string, unknown>>(entity: T, name: string): T {
  const copy: Record<string, unknown> = { ...entity };
  delete copy[name];
  for (let i = 1; `${name}${i}` in copy; i++) delete copy[`${name}${i}`];
  return copy as T;
}
