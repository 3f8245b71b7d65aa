import json from './requestList.template.json';
import type { RequestListView } from '../bot/requests/requestViews';
import { compileTemplate, escapeMarkdown, type AdaptiveCard } from './render';

const expand = compileTemplate(json);

export type RequestListCardData = RequestListView;

/** "my requests" for owners and "pending" for support staff. */
export function renderRequestListCard(data: RequestListCardData): AdaptiveCard {
  return expand({ ...data, items: data.items.map((i) => ({ title: escapeMarkdown(i.title), detail: escapeMarkdown(i.detail) })) });
}
