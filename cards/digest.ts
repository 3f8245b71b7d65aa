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

export function renderDigestCard(data: DigestCardData): AdaptiveCard {
  return expand({
    ...data,
    // Titles come from Panopto and are shown as text, not Markdown.
    items: data.items.map((item) => ({ ...item, title: escapeMarkdown(item.title), color: item.urgent ? 'Attention' : 'Default' })),
  });
}
