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
  /** Buttons that start something about this rule (a dialog), sent back as typed text. */
  actions?: Array<{ title: string; choice: string }>;
}

const render = perQuestionCard((content: Omit<AnswerCardData, 'questionId'>) =>
  expand({ ...content, questionId: 0, actions: content.actions ?? [], followUps: content.followUps.map((question) => ({ question })), labels: labelsFor(content.language) }),
);

export function renderAnswerCard(data: AnswerCardData): AdaptiveCard {
  const { questionId, ...content } = data;
  return render(content, questionId);
}
