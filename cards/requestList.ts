import json from './requestList.template.json';
import { compileTemplate, escapeMarkdown, type AdaptiveCard } from './render';

const expand = compileTemplate(json);

export interface RequestListCardData {
  heading: string;
  emptyText: string;
  items: Array<{ title: string; detail: string }>;
}

/** "my requests" for owners and "pending" for support staff. */
export function renderRequestListCard(data: RequestListCardData): AdaptiveCard {
  return expand({ ...data, items: data.items.map((i) => ({ title: escapeMarkdown(i.title), detail: escapeMarkdown(i.detail) })) });
}
