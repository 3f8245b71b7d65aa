import json from './digest.template.json';
import type { Language } from '../bot/rules/policy';
import { compileTemplate, escapeMarkdown, type AdaptiveCard } from './render';

const expand = compileTemplate(json);

export type DigestItemKind = 'caption' | 'deletion' | 'final' | 'ok';

export interface DigestItem {
  videoId: string;
  title: string;
  viewerUrl: string;
  kind: DigestItemKind;
  statusText: string;
  /** What the owner already did about it ("Snoozed until 10 Dec"), or empty. */
  resolvedText: string;
  urgent: boolean;
  canConfirmCaptions: boolean;
  /** Automatic captions only: "I have checked them". */
  canCheckAutomatic: boolean;
  /** The policy names a caption provider and the video has no captions that count yet. */
  canRequestCaptions: boolean;
  canMarkExempt: boolean;
  canRequestExtension: boolean;
  canSnooze: boolean;
  /** "Remind me in 7 days", or fewer when the deadline is nearer. */
  snoozeText: string;
}

export interface DigestCardData {
  language: Language;
  /** Which card this is, so an action can redraw it: the reminder digest, or "my videos" on demand. */
  view: 'digest' | 'myVideos';
  digestId: number;
  heading: string;
  intro: string;
  items: DigestItem[];
  moreText: string;
  labels: Record<string, string>;
}

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
