import type { Entry } from '../knowledge/entries';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Language } from '../rules/policy';
import { markdownText } from '../markdown';
import type { AskedQuestion, Person } from '../storage/repositories';

/** How a question sent to support is shown there: in English (support's working language), times in local time. */

/** A question sent to support (unanswered, hedged or voted not helpful), in English like the approval cards. */
export interface SupportQuestionView {
  questionId: number;
  heading: string;
  /** Who answered and how, once someone did; empty while it is open. */
  stateText: string;
  stateColor: 'Default' | 'Good' | 'Warning';
  question: string;
  askedBy: string;
  /** The asker's UPN or e-mail from the Teams roster, for a link to chat with them. */
  askerAddress: string | undefined;
  /** The language's name. */
  language: string;
  /** Local date and time in the policy's time zone. */
  askedAt: string;
  /** The title of the rule the bot answered with, if it did. */
  botAnswer: string;
  /** A free-text answer support sent, as typed. */
  reply: string;
  open: boolean;
  /** Rules to answer with, the bot's best guesses first. */
  choices: Array<{ title: string; value: string }>;
}

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

function state(q: AskedQuestion, knowledge: KnowledgeBase, timeZone: string): Pick<SupportQuestionView, 'stateText' | 'stateColor' | 'reply'> {
  const answer = q.supportAnswer;
  if (answer === undefined) return { stateText: 'Waiting for an answer', stateColor: 'Warning', reply: '' };
  const when = localDateTime(answer.at, timeZone);
  const by = markdownText(answer.byName);
  if (answer.entryId !== undefined) {
    const title = knowledge.entry(answer.entryId)?.text.en.title ?? answer.entryId;
    return { stateText: `Answered by ${by} with *${title}*, ${when}`, stateColor: 'Good', reply: '' };
  }
  return { stateText: `Answered by ${by}, ${when}:`, stateColor: 'Good', reply: answer.reply ?? '' };
}

export function supportQuestionView(q: AskedQuestion, asker: Person | undefined, knowledge: KnowledgeBase, timeZone: string): SupportQuestionView {
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
