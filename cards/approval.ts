import json from './approval.template.json';
import type { ApprovalView } from '../bot/requests/requestViews';
import { compileTemplate, escapeMarkdown, type AdaptiveCard } from './render';

const expand = compileTemplate(json);

export type ApprovalCardData = ApprovalView;

/** The request as support staff see it; the owner's words are shown as text, never as Markdown. */
export function renderApprovalCard(data: ApprovalCardData): AdaptiveCard {
  return expand({
    ...data,
    videoTitle: escapeMarkdown(data.videoTitle),
    owner: escapeMarkdown(data.owner),
    justification: escapeMarkdown(data.justification),
    history: data.history.map(escapeMarkdown),
  });
}
