/**
 * Long text (a big owner's notices, a run summary) in Azure Tables: a string property holds at most 32K characters
 * (64 KiB) and an entity at most 1 MiB, so text is cut into properties of CHUNK characters, PER_ENTITY of them per
 * entity (under 1 MiB with room for the other fields). Longer text spills into further entities (see azureOutbox).
 */
export const CHUNK = 30_000;
export const PER_ENTITY = 14;

/** The text as entities' worth of chunk properties: `${prefix}0`, `${prefix}1`, … per entity. */
export function chunkText(text: string, prefix: string): Array<Record<string, string>> {
  const parts: Array<Record<string, string>> = [];
  for (let start = 0, n = 0; start < text.length || parts.length === 0; start += CHUNK, n++) {
    if (n % PER_ENTITY === 0) parts.push({});
    (parts[parts.length - 1] as Record<string, string>)[`${prefix}${n % PER_ENTITY}`] = text.slice(start, start + CHUNK);
  }
  return parts;
}

export function joinChunks(entity: Record<string, unknown>, prefix: string): string {
  let text = '';
  for (let n = 0; n < PER_ENTITY; n++) {
    const chunk = entity[`${prefix}${n}`];
    if (typeof chunk !== 'string') break;
    text += chunk;
  }
  return text;
}
