/**
 * PartitionKey and RowKey may not contain '/', '\', '#', '?' or control characters, and Teams ids carry ':', ';', '@'
 * and whatever else a channel invents. Ids are escaped as %XX ('%' itself included, so the escaping can be undone);
 * everything else stays readable in Storage Explorer. A key may be at most 1 KiB: ids are capped at 512 characters
 * before they reach the store, so even an id of nothing but escaped characters would exceed it only past 341.
 */
const FORBIDDEN = /[%/\\#?\u0000-\u001f\u007f-\u009f]/g;

export function keyOf(id: string): string {
  return id.replace(FORBIDDEN, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function idOf(key: string): string {
  return key.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Numeric ids as keys that sort as numbers do (keys compare as strings). */
export function numberKey(n: number): string {
  return String(n).padStart(12, '0');
}
