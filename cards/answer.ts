import json from './answer.template.json';
import type { Language } from '../bot/rules/policy';
import { labelsFor } from './labels';
import { compileTemplate, type AdaptiveCard } from './render';

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
}

// The same answer is sent many times and only the question id on its buttons differs, so the expanded card is kept
// per content and the id is set on a copy: expanding a template costs far more than copying its result.
const MAX_CACHED = 500;
const expanded = new Map<string, AdaptiveCard>();

export function renderAnswerCard(data: AnswerCardData): AdaptiveCard {
  const { questionId, ...content } = data;
  const key = JSON.stringify(content);
  let card = expanded.get(key);
  if (card === undefined) {
    card = expand({ ...content, questionId: 0, followUps: content.followUps.map((question) => ({ question })), labels: labelsFor(data.language) });
    if (expanded.size >= MAX_CACHED) expanded.clear();
    expanded.set(key, card);
  }
  return withQuestionId(structuredClone(card), questionId);
}

/** Every action that carries a question id (Action.Execute and its Action.Submit fallback) gets this one. */
function withQuestionId(node: unknown, questionId: number): AdaptiveCard {
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (n === null || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    const data = o['data'] as Record<string, unknown> | undefined;
    if (typeof o['type'] === 'string' && (o['type'] as string).startsWith('Action.') && data !== undefined && 'questionId' in data) {
      data['questionId'] = questionId;
    }
    Object.values(o).forEach(visit);
  };
  visit(node);
  return node as AdaptiveCard;
}
