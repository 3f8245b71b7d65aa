import { randomUUID } from 'node:crypto';
import { MessageFactory, type TurnContext } from 'botbuilder';
import {
  ChoicePrompt,
  ComponentDialog,
  ListStyle,
  TextPrompt,
  WaterfallDialog,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { isDomainError } from '../bot/errors';
import { formatDuration } from '../bot/knowledge/phrases';
import { formatDate } from '../bot/reminders/digestText';
import { justificationProblem, MAX_JUSTIFICATION, normalizeJustification } from '../bot/requests/justification';
import type { ExtensionService } from '../bot/requests/extensionService';
import type { ExtensionWorkflow } from '../bot/requests/extensionWorkflow';
import { ownerText } from '../bot/requests/requestViews';
import { addDuration, type LocalDate } from '../bot/rules/dates';
import type { Language, Policy } from '../bot/rules/policy';
import { choiceCard, dialogButton, type Choice } from './choiceCard';
import { say, type Phrase } from './extensionPhrases';

/**
 * Requesting a lifecycle extension in chat: which video, why (a real sentence), for how long (within the policy),
 * a summary, then send. Nothing is stored until the owner confirms, so "cancel" (or walking away) leaves nothing.
 */

import { EXTENSION_DIALOG, type ExtensionDialogOptions } from './dialogIds';

export { EXTENSION_DIALOG, type ExtensionDialogOptions } from './dialogIds';
const MAIN = 'extensionRequest.steps';
const CHOICE = 'extensionRequest.choice';
const CONFIRM = 'extensionRequest.confirm';
const WHY = 'extensionRequest.why';
const DATE = 'extensionRequest.date';
const MAX_VIDEOS_OFFERED = 8;

/** What every prompt of this dialog checks an answer against: the question it answers, and how to speak. */
interface Asked {
  promptId: string;
  language: Language;
  /** The video picker: a button carrying a video id picks that video, whichever list it came from. */
  picker?: boolean;
  trashDate?: LocalDate;
}

const normalized = (text: string): string => text.toLowerCase().replace(/[.!?]+$/, '').replace(/\s+/g, ' ').trim();
const YES = new Set(['send request', 'send', 'yes', 'yes, send', 'send it', 'lähetä pyyntö', 'lähetä', 'kyllä', 'kyllä, lähetä']);
const NO = new Set(['cancel', 'no', 'no, cancel', "don't send", 'do not send', 'peruuta', 'ei', 'älä lähetä']);

/** The summary's answer: only an unambiguous yes sends ("No, do not send it" contains "send", and is no yes). */
export function confirmation(text: string): 'yes' | 'no' | undefined {
  const answer = normalized(text);
  return YES.has(answer) ? 'yes' : NO.has(answer) ? 'no' : undefined;
}

interface Values {
  language: Language;
  videoIds: string[];
  videoId: string;
  title: string;
  trashDate: LocalDate;
  justification: string;
  durations: LocalDate[];
  until: LocalDate;
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Reads 2028-12-31, 31.12.2028 or 31/12/2028. */
/** A click on a card button that sends its text as a choice, stamped or not. */
function isButtonClick(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { choice?: unknown }).choice === 'string';
}

export function parseDate(text: string): LocalDate | undefined {
  const t = text.trim();
  const iso = t.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  const local = t.match(/^(\d{1,2})[./](\d{1,2})[./](\d{4})$/);
  const [y, m, d] = iso !== null ? [iso[1], iso[2], iso[3]] : local !== null ? [local[3], local[2], local[1]] : [];
  if (y === undefined || m === undefined || d === undefined) return undefined;
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const check = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date ? undefined : date;
}

export class ExtensionDialog extends ComponentDialog {
  constructor(
    private readonly service: ExtensionService,
    private readonly workflow: ExtensionWorkflow,
    private readonly policy: Policy,
  ) {
    super(EXTENSION_DIALOG);
    const choice = new ChoicePrompt(CHOICE, (prompt) => this.validateChoice(prompt), 'en-us');
    // The question comes as a card of its own (choiceCard), so the prompt adds no list of its own.
    choice.style = ListStyle.none;
    // Choices are matched by their text; number words are English-only in the recognisers, so they are off.
    choice.recognizerOptions = { recognizeNumbers: false, recognizeOrdinals: false, allowPartialMatches: true };
    this.addDialog(choice);
    this.addDialog(new TextPrompt(CONFIRM, (prompt) => this.validateConfirm(prompt)));
    this.addDialog(new TextPrompt(WHY, (prompt) => this.validateWhy(prompt)));
    this.addDialog(new TextPrompt(DATE, (prompt) => this.validateDate(prompt)));
    this.addDialog(
      new WaterfallDialog(MAIN, [
        (step) => this.chooseVideo(step),
        (step) => this.askWhy(step),
        (step) => this.askHowLong(step),
        (step) => this.askDate(step),
        (step) => this.summarise(step),
        (step) => this.send(step),
      ]),
    );
    this.initialDialogId = MAIN;
  }

  private values(step: WaterfallStepContext): Values {
    return step.values as Values;
  }

  private async tell(context: TurnContext, language: Language, phrase: Phrase, values: Record<string, string | number> = {}): Promise<void> {
    await context.sendActivity(MessageFactory.text(say(language, phrase, values)));
  }

  private async chooseVideo(step: WaterfallStepContext) {
    const options = step.options as ExtensionDialogOptions;
    const v = this.values(step);
    v.language = options.language;
    if (options.videoId !== undefined) return step.next(options.videoId);
    const all = await this.service.candidates(step.context.activity.from.id);
    // A video that already has an open request is not offered again: "my requests" shows it.
    const candidates = all.filter((c) => c.pending === undefined).slice(0, MAX_VIDEOS_OFFERED);
    if (candidates.length === 0) {
      await this.tell(step.context, v.language, all.length === 0 ? 'noVideos' : 'allPending');
      return step.endDialog();
    }
    v.videoIds = candidates.map((c) => c.video.id);
    // People type the title, or click the numbered button: both are the same choice.
    const choices = [...candidates.map((c, i) => ({ value: `${i + 1}. ${c.video.title}`.slice(0, 100), synonyms: [c.video.title], videoId: c.video.id })), { value: say(v.language, 'cancelChoice') }];
    return this.choose(step, say(v.language, 'whichVideo'), choices, true);
  }

  private async askWhy(step: WaterfallStepContext) {
    const v = this.values(step);
    const result = step.result as string | FoundChoice | undefined;
    // A picker button names its video, so a click on an older list picks what the person saw on it.
    const clicked = typeof result === 'string' ? undefined : dialogButton(step.context.activity.value)?.videoId;
    const videoId = typeof result === 'string' ? result : (clicked ?? (result === undefined ? undefined : v.videoIds[result.index]));
    if (videoId === undefined) return this.cancelled(step);
    try {
      const { video, trashDate, pending } = await this.service.prepare(step.context.activity.from.id, videoId);
      if (pending !== undefined) {
        await step.context.sendActivity(ownerText('pending', v.language, pending, video.title, this.policy));
        return step.endDialog();
      }
      Object.assign(v, { videoId, title: video.title, trashDate });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      await this.tell(step.context, v.language, error.code === 'NotOwner' ? 'notOwner' : 'videoGone');
      return step.endDialog();
    }
    // A video already in the trash is asked about the day it goes for good, not a trash date in the past.
    const inTrash = v.trashDate <= this.service.today();
    const date = inTrash ? addDuration(v.trashDate, this.policy.trashPeriod) : v.trashDate;
    return step.prompt(WHY, {
      prompt: say(v.language, inTrash ? 'whyInTrash' : 'why', { title: v.title, date: formatDate(date, v.language) }),
      retryPrompt: say(v.language, 'whyAgain'),
      validations: this.asked(v.language),
    });
  }

  /**
   * A click on a button of another question (an older card, or one from a dialog that was replaced) is no answer to
   * this one: the person is told, and the current question is asked again.
   */
  /**
   * A button that is not this question's own: from an earlier question, or from another card altogether (another
   * dialog's "Yes", a follow-up on an answer card). Only typed text and this question's buttons answer it.
   */
  private async staleClick(context: TurnContext, asked: Asked | undefined): Promise<boolean> {
    const button = dialogButton(context.activity.value);
    if (button === undefined && !isButtonClick(context.activity.value)) return false;
    if (button !== undefined && button.dialog === EXTENSION_DIALOG && button.promptId === asked?.promptId) return false;
    await this.tell(context, asked?.language ?? this.languageOf(context), 'staleButton');
    return true;
  }

  private async validateChoice(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    const asked = prompt.options.validations as Asked | undefined;
    if (asked?.picker === true && dialogButton(prompt.context.activity.value)?.videoId !== undefined) return true;
    if (await this.staleClick(prompt.context, asked)) return false;
    return prompt.recognized.succeeded;
  }

  private async validateConfirm(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const asked = prompt.options.validations as Asked | undefined;
    if (await this.staleClick(prompt.context, asked)) return false;
    if (confirmation(prompt.recognized.value ?? '') !== undefined) return true;
    await this.tell(prompt.context, asked?.language ?? this.languageOf(prompt.context), 'sendOrCancel');
    return false;
  }

  private async validateWhy(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const asked = prompt.options.validations as Asked | undefined;
    if (await this.staleClick(prompt.context, asked)) return false;
    const language = asked?.language ?? this.languageOf(prompt.context);
    const problem = justificationProblem(prompt.recognized.value ?? '');
    if (problem === undefined) return true;
    const length = normalizeJustification(prompt.recognized.value ?? '').length;
    await this.tell(prompt.context, language, problem === 'too-long' ? 'whyTooLong' : problem === 'empty' ? 'whyEmpty' : 'whyNotSentence', { length, max: MAX_JUSTIFICATION });
    return false;
  }

  private async askHowLong(step: WaterfallStepContext) {
    const v = this.values(step);
    v.justification = normalizeJustification(step.result as string);
    const choices = this.service.durationChoices(v.trashDate);
    v.durations = choices.map((c) => c.until);
    return this.choose(step, say(v.language, 'howLong', { max: formatDate(this.service.latestDate(), v.language) }), [
      ...choices.map((c) => ({ value: capitalize(say(v.language, 'durationChoice', { duration: formatDuration(c.duration, v.language), date: formatDate(c.until, v.language) })), synonyms: [formatDuration(c.duration, v.language)] })),
      { value: say(v.language, 'otherDate') },
      { value: say(v.language, 'cancelChoice') },
    ]);
  }

  private async askDate(step: WaterfallStepContext) {
    const v = this.values(step);
    const { index } = step.result as FoundChoice;
    if (index < v.durations.length) return step.next(v.durations[index]);
    if (index > v.durations.length) return this.cancelled(step);
    return step.prompt(DATE, { prompt: say(v.language, 'whichDate', { max: formatDate(this.service.latestDate(), v.language) }), validations: { ...this.asked(v.language), trashDate: v.trashDate } });
  }

  private async validateDate(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const asked = prompt.options.validations as Asked;
    if (await this.staleClick(prompt.context, asked)) return false;
    const { language } = asked;
    const trashDate = asked.trashDate as LocalDate;
    const date = parseDate(prompt.recognized.value ?? '');
    const problem = date === undefined ? 'notADate' : this.service.checkDate(date, trashDate);
    if (problem === undefined) return true;
    const inTrash = trashDate <= this.service.today();
    const phrase: Phrase = problem === 'notADate' ? 'dateUnreadable' : problem === 'too-late' ? 'dateTooLate' : inTrash ? 'dateNotFuture' : 'dateTooEarly';
    await this.tell(prompt.context, language, phrase, {
      trash: formatDate(trashDate, language),
      earliest: formatDate(this.service.earliestDate(trashDate), language),
      max: formatDate(this.service.latestDate(), language),
    });
    return false;
  }

  private async summarise(step: WaterfallStepContext) {
    const v = this.values(step);
    v.until = (typeof step.result === 'string' && parseDate(step.result) !== undefined ? parseDate(step.result) : step.result) as LocalDate;
    const asked = this.asked(v.language);
    const card = choiceCard(say(v.language, 'summary', { title: v.title, until: formatDate(v.until, v.language), why: v.justification }), [say(v.language, 'send'), say(v.language, 'cancelChoice')], { dialog: EXTENSION_DIALOG, promptId: asked.promptId });
    return step.prompt(CONFIRM, { prompt: card, retryPrompt: card, validations: asked });
  }

  private async send(step: WaterfallStepContext) {
    const v = this.values(step);
    if (confirmation(step.result as string) !== 'yes') return this.cancelled(step);
    const { id: userId, name } = step.context.activity.from;
    try {
      const { created, request } = await this.service.submit(userId, name, v.videoId, v.justification, v.until);
      if (!created) {
        await step.context.sendActivity(ownerText('pending', v.language, request, v.title, this.policy));
        return step.endDialog();
      }
      const posted = await this.workflow.submitted(request);
      await step.context.sendActivity(ownerText(posted ? 'sent' : 'saved', v.language, request, v.title, this.policy));
      return step.endDialog(request.id);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      await this.tell(step.context, v.language, 'notSent');
      return step.endDialog();
    }
  }

  private asked(language: Language): Asked {
    return { promptId: randomUUID().slice(0, 8), language };
  }

  private choose(step: WaterfallStepContext, question: string, choices: Array<{ value: string; synonyms?: string[]; videoId?: string }>, picker = false) {
    const asked: Asked = { ...this.asked(this.values(step).language), ...(picker ? { picker } : {}) };
    const buttons: Choice[] = choices.map((c) => ({ title: c.value, ...(c.videoId === undefined ? {} : { videoId: c.videoId }) }));
    const card = choiceCard(question, buttons, { dialog: EXTENSION_DIALOG, promptId: asked.promptId });
    return step.prompt(CHOICE, { prompt: card, retryPrompt: card, choices: choices.map(({ value, synonyms }) => ({ value, ...(synonyms === undefined ? {} : { synonyms }) })), validations: asked });
  }

  private async cancelled(step: WaterfallStepContext) {
    await this.tell(step.context, this.values(step).language, 'cancelled');
    return step.endDialog();
  }

  private languageOf(context: TurnContext): Language {
    return context.activity.locale?.toLowerCase().startsWith('fi') === true ? 'fi' : 'en';
  }
}
