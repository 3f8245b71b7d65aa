import json from './unknown.template.json';
import type { Language } from '../bot/rules/policy';
import { labelsFor } from './labels';
import { compileTemplate, type AdaptiveCard } from './render';

const expand = compileTemplate(json);

export interface UnknownCardData {
  language: Language;
  questionId: number;
  /** Closest topics: a title to show and a question to ask when clicked. */
  suggestions: Array<{ title: string; question: string }>;
  supportName: string;
  supportEmail: string;
  forwarded: boolean;
}

export function renderUnknownCard(data: UnknownCardData): AdaptiveCard {
  return expand({
    ...data,
    labels: labelsFor(data.language, { support: data.supportName, email: data.supportEmail }),
  });
}
