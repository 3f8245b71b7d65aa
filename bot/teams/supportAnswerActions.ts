import { z } from 'zod';
import { renderLearnedListCard } from '../../cards/learnedList';
import { escapeMarkdown, type AdaptiveCard } from '../../cards/render';
import { localDateTime } from '../answers/supportQuestionView';
import type { SupportAnswers } from '../answers/supportAnswers';
import { DomainError } from '../errors';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { StoredPhrasing } from '../storage/learnedRepository';
import { decider, type ActionResult, type Actor } from './actor';
import type { TeamsSupportInbox } from './supportInbox';

/** Support's buttons on forwarded questions (answer with a rule, reply) and on the list of learned phrasings. */

export interface SupportAnswerParts {
  answers: SupportAnswers;
  inbox: TeamsSupportInbox;
  knowledge: KnowledgeBase;
  timeZone: string;
}

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

function parse<T>(schema: z.ZodType<T>, data: unknown, verb: string): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new DomainError('InvalidInput', `bad data for ${verb}: ${result.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return result.data;
}

/** Newest first, at most this many: the card stays well under Teams' size limit. */
const MAX_LISTED = 40;

export function learnedListCard(phrasings: readonly StoredPhrasing[], knowledge: KnowledgeBase, timeZone: string): AdaptiveCard {
  const newest = [...phrasings].reverse().slice(0, MAX_LISTED);
  return renderLearnedListCard({
    heading: `Learned phrasings (${phrasings.length})`,
    intro: phrasings.length === 0
      ? 'Nothing learned yet. Answering a forwarded question with a rule teaches the bot its wording.'
      : 'Questions support answered with a rule; the bot now answers them with that rule. Remove one to stop that.',
    items: newest.map((p) => ({
      id: p.id,
      text: p.text,
      detail: `→ *${knowledge.entry(p.entryId)?.text.en.title ?? p.entryId}* · ${p.language === 'fi' ? 'Finnish' : 'English'} · ${escapeMarkdown(p.learnedByName)}, ${localDateTime(p.learnedAt, timeZone)}`,
    })),
    moreText: phrasings.length > MAX_LISTED ? `And ${phrasings.length - MAX_LISTED} older ones.` : '',
  });
}

export function supportAnswerHandlers(parts: SupportAnswerParts): Record<string, (data: unknown, actor: Actor) => Promise<ActionResult>> {
  return {
    answerWithRule: async (data, actor) => {
      const input = parse(z.object({ questionId: id, entryId: z.string().regex(/^[a-z_]{1,64}$/) }), data, 'answerWithRule');
      return { card: await parts.inbox.changed(await parts.answers.answer(decider(actor), input.questionId, { entryId: input.entryId })) };
    },
    replyToQuestion: async (data, actor) => {
      const input = parse(z.object({ questionId: id, reply: z.string().max(10_000).default('') }), data, 'replyToQuestion');
      return { card: await parts.inbox.changed(await parts.answers.answer(decider(actor), input.questionId, { reply: input.reply })) };
    },
    forgetPhrasing: async (data, actor) => {
      const input = parse(z.object({ phrasingId: id }), data, 'forgetPhrasing');
      return { card: learnedListCard(await parts.answers.forget(decider(actor), input.phrasingId), parts.knowledge, parts.timeZone) };
    },
  };
}
