import json from './approval.template.json';
import { compileTemplate, escapeMarkdown, type AdaptiveCard } from './render';

const expand = compileTemplate(json);

export interface ApprovalCardData {
  requestId: number;
  heading: string;
  stateText: string;
  stateColor: 'Default' | 'Good' | 'Attention' | 'Warning';
  videoTitle: string;
  viewerUrl: string;
  owner: string;
  lastViewed: string;
  trashDate: string;
  requestedUntil: string;
  requestedAt: string;
  justification: string;
  history: string[];
  pending: boolean;
  awaitingApply: boolean;
  applyText: string;
  minDate: string;
  maxDate: string;
}

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
