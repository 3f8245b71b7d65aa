import { escapeMarkdown } from '../../cards/render';
import type { SupportQuestionCardData } from '../../cards/supportQuestion';
import type { Entry } from '../knowledge/entries';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Language } from '../rules/policy';
import type { AskedQuestion, Person } from '../storage/repositories';

/** How a question sent to support is shown there: in English (support's working language), times in local time. */

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fi: 'Finnish' };

const formats = new Map<string, Intl.DateTimeFormat>();

/** "3 Dec 14:05" in the given time zone. */
export function localDateTime(iso: string, timeZone: string): string {
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
    formats.set(timeZone, format);
  }
  const part = (type: Intl.DateTimeFormatPartTypes, parts: Intl.DateTimeFormatPart[]) => parts.find((p) => p.type === type)?.value ?? '';
  const parts = format.formatToParts(new Date(iso));
  return `${part('day', parts)} ${part('month', parts)} ${part('hour', parts)}:${part('minute', parts)}`;
}

function heading(q: AskedQuestion): string {
  if (q.entryId === undefined) return 'A question the bot could not answer';
  if (q.helpful === false) return 'An answer the asker found not helpful';
  return 'A question the bot was not sure of: the asker says it is not what they meant';
}

/** The rules to answer with: the bot's best guesses for this question first (not the one that already missed), then the rest. */
export function ruleChoices(q: AskedQuestion, knowledge: KnowledgeBase): Entry[] {
  const result = knowledge.answer(q.text, q.language);
  const guesses = result.kind === 'answer' ? [result.entry, ...result.alternatives] : result.suggestions;
  const missed = q.helpful === false || q.confidence === 'likely' ? q.entryId : undefined;
  const first = guesses.filter((e) => e.id !== missed);
  const firstIds = new Set(first.map((e) => e.id));
  const rest = knowledge.entries.filter((e) => !firstIds.has(e.id)).sort((a, b) => a.text.en.title.localeCompare(b.text.en.title));
  return [...first, ...rest];
}

function state(q: AskedQuestion, knowledge: KnowledgeBase, timeZone: string): Pick<SupportQuestionCardData, 'stateText' | 'stateColor' | 'reply'> {
  const answer = q.supportAnswer;
  if (answer === undefined) return { stateText: 'Waiting for an answer', stateColor: 'Warning', reply: '' };
  const when = localDateTime(answer.at, timeZone);
  const by = escapeMarkdown(answer.byName);
  if (answer.entryId !== undefined) {
    const title = knowledge.entry(answer.entryId)?.text.en.title ?? answer.entryId;
    return { stateText: `Answered by ${by} with *${title}*, ${when}`, stateColor: 'Good', reply: '' };
  }
  return { stateText: `Answered by ${by}, ${when}:`, stateColor: 'Good', reply: answer.reply ?? '' };
}

export function supportQuestionCardData(q: AskedQuestion, asker: Person | undefined, knowledge: KnowledgeBase, timeZone: string): SupportQuestionCardData {
  const open = q.supportAnswer === undefined;
  return {
    questionId: q.id,
    heading: heading(q),
    ...state(q, knowledge, timeZone),
    question: q.text,
    askedBy: q.userName ?? asker?.name ?? q.userId,
    askerAddress: asker?.userPrincipalName ?? asker?.email,
    language: LANGUAGE_NAMES[q.language],
    askedAt: localDateTime(q.askedAt, timeZone),
    botAnswer: q.entryId === undefined ? '' : (knowledge.entry(q.entryId)?.text.en.title ?? q.entryId),
    open,
    choices: open ? ruleChoices(q, knowledge).map((e) => ({ title: e.text.en.title, value: e.id })) : [],
  };
}
