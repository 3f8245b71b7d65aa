import type { Template } from 'adaptivecards-templating';
import { remembered } from '../bot/remembered';

/** An Adaptive Card as JSON, ready to put in an attachment or an invoke response. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * Parses a template once, at its first use. Building a Template costs ~4 ms and expanding a built one ~0.2 ms, so each
 * card is parsed once and expanded per message.
 */
export function compileTemplate(json: object): (data: object) => AdaptiveCard {
  // The templating library takes a quarter of a second to load: the first card pays for it, not every start.
  let template: Template | undefined;
  return (data) => {
    if (template === undefined) {
      const templating = require('adaptivecards-templating') as typeof import('adaptivecards-templating');
      template = new templating.Template(json);
    }
    return template.expand({ $root: data }) as AdaptiveCard;
  };
}

/**
 * Cards whose content repeats (the same answer to many people) and differ only in the question id their buttons carry.
 * Each distinct content is expanded once; each message gets a copy of only the objects on the way to a `questionId`,
 * sharing the rest, which is frozen so that no one can change it for the next message.
 */
export function perQuestionCard<T extends object>(expandContent: (content: T) => AdaptiveCard, maxCached = 500): (content: T, questionId: number) => AdaptiveCard {
  const withIdFor = remembered((content: T) => idSetter(deepFreeze(expandContent(content))), maxCached, (content) => JSON.stringify(content));
  return (content, questionId) => withIdFor(content)(questionId);
}

function idSetter(card: AdaptiveCard): (questionId: number) => AdaptiveCard {
  // For each object on the way to a question id, the keys to follow from it (or to set, for `questionId` itself).
  const onPath = new Map<object, string[]>();
  const mark = (node: unknown): boolean => {
    if (node === null || typeof node !== 'object') return false;
    const keys = Object.entries(node)
      .filter(([key, value]) => (key === 'questionId' && !Array.isArray(node)) || mark(value))
      .map(([key]) => key);
    if (keys.length > 0) onPath.set(node, keys);
    return keys.length > 0;
  };
  mark(card);
  const copy = (node: Record<string, unknown>, questionId: number): Record<string, unknown> => {
    const keys = onPath.get(node);
    if (keys === undefined) return node;
    const out: Record<string, unknown> = Array.isArray(node) ? [...(node as unknown[])] as unknown as Record<string, unknown> : { ...node };
    for (const key of keys) out[key] = key === 'questionId' ? questionId : copy(node[key] as Record<string, unknown>, questionId);
    return out;
  };
  return (questionId) => copy(card, questionId) as AdaptiveCard;
}

function deepFreeze<T>(node: T): T {
  if (node !== null && typeof node === 'object' && !Object.isFrozen(node)) {
    Object.values(node).forEach(deepFreeze);
    Object.freeze(node);
  }
  return node;
}

/** Text a person typed (or Panopto holds) shows as typed, not as formatting or links: see markdown.ts. */
export { markdownText as escapeMarkdown } from '../bot/markdown';
