import template from './answer.template.json';
import type { Language } from '../bot/rules/policy';
import { labelsFor } from './labels';
import { expandTemplate, type AdaptiveCard } from './render';

export interface AnswerCardData {
  language: Language;
  questionId: number;
  title: string;
  answer: string;
  sourceUrl: string;
  /** Questions of related entries, offered as one-click follow-ups. */
  followUps: string[];
  feedbackGiven: boolean;
}

export function renderAnswerCard(data: AnswerCardData): AdaptiveCard {
  return expandTemplate(template, {
    ...data,
    followUps: data.followUps.map((question) => ({ question })),
    labels: labelsFor(data.language),
  });
}

