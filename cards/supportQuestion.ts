import json from './supportQuestion.template.json';
import type { SupportQuestionView } from '../bot/answers/supportQuestionView';
import { compileTemplate, escapeMarkdown, type AdaptiveCard } from './render';

const expand = compileTemplate(json);

export type SupportQuestionCardData = SupportQuestionView;

export function teamsChatUrl(address: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(address).replace(/\(/g, '%28').replace(/\)/g, '%29')}`;
}

/** Everything a person typed (the question, names, a reply) is shown as text, never as Markdown. */
export function renderSupportQuestionCard(data: SupportQuestionCardData): AdaptiveCard {
  const { askerAddress, ...rest } = data;
  return expand({
    ...rest,
    question: escapeMarkdown(data.question),
    askedBy: escapeMarkdown(data.askedBy),
    askedByName: escapeMarkdown(data.askedBy),
    chatUrl: askerAddress === undefined ? '' : teamsChatUrl(askerAddress),
    reply: escapeMarkdown(data.reply),
  });
}
