/** Reading cards the way a person does: all the text they can see, and the buttons they can press. */

export function cardOf(activity: Record<string, unknown>): Record<string, unknown> | undefined {
  const attachments = activity['attachments'] as Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

export function visibleText(node: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n === null || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    for (const key of ['text', 'title', 'value']) if (typeof o[key] === 'string') out.push(o[key] as string);
    for (const [key, value] of Object.entries(o)) if (key !== 'data' && key !== 'fallback' && typeof value === 'object') walk(value);
  };
  walk(node);
  return out.join('\n');
}

/** Text of a reply: its message text plus everything on its cards. */
export function replyText(activity: Record<string, unknown>): string {
  return [typeof activity['text'] === 'string' ? activity['text'] : '', visibleText(activity['attachments'] ?? [])].join('\n');
}

/** Text as a person reads it: the renderer turns a backslash before any ASCII punctuation back into the character, as CommonMark does. */
export function rendered(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

export interface CardAction {
  type: string;
  title: string;
  verb?: string;
  data?: Record<string, unknown>;
  url?: string;
  fallback?: CardAction;
}

export function actionsOf(card: unknown): CardAction[] {
  const found: CardAction[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n === null || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (typeof o['type'] === 'string' && (o['type'] as string).startsWith('Action.')) found.push(o as unknown as CardAction);
    for (const [key, value] of Object.entries(o)) if (key !== 'fallback' && typeof value === 'object') walk(value);
  };
  walk(card);
  return found;
}
