import json from './learnedList.template.json';
import { compileTemplate, escapeMarkdown, type AdaptiveCard } from './render';

const expand = compileTemplate(json);

/** The wordings support taught the bot, each with a button to remove it (for support, in English). */
export interface LearnedListCardData {
  heading: string;
  intro: string;
  items: Array<{ id: number; text: string; detail: string }>;
  moreText: string;
}

export function renderLearnedListCard(data: LearnedListCardData): AdaptiveCard {
  return expand({ ...data, items: data.items.map((item) => ({ ...item, text: `"${escapeMarkdown(item.text)}"` })) });
}
