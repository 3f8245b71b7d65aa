import json from './welcome.template.json';
import type { Language } from '../bot/rules/policy';
import { labelsFor } from './labels';
import { compileTemplate, type AdaptiveCard } from './render';

const expand = compileTemplate(json);

export interface WelcomeCardData {
  language: Language;
  /** 'welcome' on install, 'help' when asked. */
  purpose: 'welcome' | 'help';
  /** What can be typed, with what it does (from the command table). */
  commands?: Array<{ phrase: string; description: string }>;
  examples: string[];
  sourceUrl: string;
}

export function renderWelcomeCard(data: WelcomeCardData): AdaptiveCard {
  const labels = labelsFor(data.language);
  return expand({
    language: data.language,
    title: data.purpose === 'welcome' ? labels.welcomeTitle : labels.helpTitle,
    body: data.purpose === 'welcome' ? labels.welcomeBody : labels.helpBody,
    commands: data.commands ?? [],
    commandsHeading: labels.commandsHeading,
    examples: data.examples,
    sourceLabel: labels.source,
    sourceUrl: data.sourceUrl,
  });
}
