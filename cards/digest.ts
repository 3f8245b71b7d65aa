import json from './digest.template.json';
import type { DigestView } from '../bot/reminders/digestView';
import { compileTemplate, escapeMarkdown, type AdaptiveCard } from './render';

const expand = compileTemplate(json);

/** The digest card shows a digest view (reminders/digestView.ts) as it is. */
export type DigestCardData = DigestView;
export type { DigestItem } from '../bot/reminders/digestView';

/**
 * A reminder digest stays in the owner's chat for days while things change (a request, a decision, a snooze): Teams
 * asks for it afresh whenever the owner looks at it (the card's `refresh`, automatic in chats of up to 60 people).
 * "my videos" is drawn on demand, and could be typed in a group chat where every member would get their own.
 */
export function renderDigestCard(data: DigestCardData): AdaptiveCard {
  const card = expand({
    ...data,
    // Titles come from Panopto and are shown as text, not Markdown.
    items: data.items.map((item) => ({ ...item, title: escapeMarkdown(item.title), color: item.urgent ? 'Attention' : 'Default' })),
  });
  if (data.view !== 'digest') delete card['refresh'];
  return card;
}
