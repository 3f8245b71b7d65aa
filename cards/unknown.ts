import json from './unknown.template.json';
import type { Language } from '../bot/rules/policy';
import { labelsFor } from './labels';
import { compileTemplate, perQuestionCard, type AdaptiveCard } from './render';

const expand = compileTemplate(json);

export interface UnknownCardData {
  language: Language;
  questionId: number;
  /** Closest topics: a title to show and a question to ask when clicked. */
  suggestions: Array<{ title: string; question: string }>;
  /** The support team's name in each form the labels need (supportNamePlaceholders). */
  supportNames: Record<string, string>;
  supportEmail: string;
  forwarded: boolean;
}

const render = perQuestionCard((content: Omit<UnknownCardData, 'questionId'>) =>
  expand({ ...content, questionId: 0, labels: labelsFor(content.language, { ...content.supportNames, email: content.supportEmail }) }),
);

export function renderUnknownCard(data: UnknownCardData): AdaptiveCard {
  const { questionId, ...content } = data;
  return render(content, questionId);
}
