import json from './answer.template.json';
import type { Language } from '../bot/rules/policy';
import { labelsFor } from './labels';
import { compileTemplate, perQuestionCard, type AdaptiveCard } from './render';

const expand = compileTemplate(json);

export interface AnswerCardData {
  language: Language;
  questionId: number;
  title: string;
  answer: string;
  sourceUrl: string;
  /** Questions of related entries, offered as one-click follow-ups. */
  followUps: string[];
  feedbackGiven: boolean;
  /** Shown above the answer: why this answer (support sent it). */
  intro?: string;
  /** An answer the bot is not sure of: other rules to pick and "not what I meant", which forwards the question. */
  hedge?: HedgeData;
  /** Only an answer the bot chose itself asks whether it helped. */
  askFeedback?: boolean;
  /** Buttons that start something about this rule (a dialog), sent back as typed text. */
  actions?: Array<{ title: string; choice: string }>;
}

export interface HedgeData {
  alternatives: Array<{ title: string; question: string }>;
  supportName: string;
  forwarded: boolean;
}

const render = perQuestionCard((content: Omit<AnswerCardData, 'questionId'>) => {
  const { hedge, ...rest } = content;
  return expand({
    ...rest,
    intro: content.intro ?? '',
    askFeedback: content.askFeedback ?? true,
    hedged: hedge !== undefined,
    alternatives: hedge?.alternatives ?? [],
    forwarded: hedge?.forwarded ?? false,
    questionId: 0,
    actions: content.actions ?? [],
    followUps: content.followUps.map((question) => ({ question })),
    labels: labelsFor(content.language, { support: hedge?.supportName ?? '' }),
  });
});

export function renderAnswerCard(data: AnswerCardData): AdaptiveCard {
  const { questionId, ...content } = data;
  return render(content, questionId);
}
