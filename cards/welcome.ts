import template from './welcome.template.json';
import type { Language } from '../bot/rules/policy';
import { labelsFor } from './labels';
import { expandTemplate, type AdaptiveCard } from './render';

export interface WelcomeCardData {
  language: Language;
  /** 'welcome' on install, 'help' when asked. */
  purpose: 'welcome' | 'help';
  examples: string[];
  sourceUrl: string;
}

export function renderWelcomeCard(data: WelcomeCardData): AdaptiveCard {
  const labels = labelsFor(data.language);
  return expandTemplate(template, {
    language: data.language,
    title: data.purpose === 'welcome' ? labels.welcomeTitle : labels.helpTitle,
    body: data.purpose === 'welcome' ? labels.welcomeBody : labels.helpBody,
    examples: data.examples,
    sourceLabel: labels.source,
    sourceUrl: data.sourceUrl,
  });
}
