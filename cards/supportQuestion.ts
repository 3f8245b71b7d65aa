import json from './supportQuestion.template.json';
import type { Language } from '../bot/rules/policy';
import { labelsFor } from './labels';
import { escapeMarkdown, compileTemplate, type AdaptiveCard } from './render';

const expand = compileTemplate(json);

export interface SupportQuestionCardData {
  /** Support staff read the card in the institution's main language. */
  language: Language;
  question: string;
  askedBy: string;
  askedIn: Language;
  askedAt: string;
}

export function renderSupportQuestionCard(data: SupportQuestionCardData): AdaptiveCard {
  return expand({
    labels: labelsFor(data.language),
    question: escapeMarkdown(data.question),
    askedBy: escapeMarkdown(data.askedBy),
    language: data.askedIn,
    askedAt: data.askedAt,
  });
}
