import json from './supportQuestion.template.json';
import { compileTemplate, escapeMarkdown, type AdaptiveCard } from './render';

const expand = compileTemplate(json);

/** A question sent to support (unanswered, hedged or voted not helpful), in English like the approval cards. */
export interface SupportQuestionCardData {
  questionId: number;
  heading: string;
  /** Who answered and how, once someone did; empty while it is open. */
  stateText: string;
  stateColor: 'Default' | 'Good' | 'Warning';
  question: string;
  askedBy: string;
  /** The asker's UPN or e-mail from the Teams roster, for a link to chat with them. */
  askerAddress: string | undefined;
  /** The language's name. */
  language: string;
  /** Local date and time in the policy's time zone. */
  askedAt: string;
  /** The title of the rule the bot answered with, if it did. */
  botAnswer: string;
  /** A free-text answer support sent, as typed. */
  reply: string;
  open: boolean;
  /** Rules to answer with, the bot's best guesses first. */
  choices: Array<{ title: string; value: string }>;
}

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
