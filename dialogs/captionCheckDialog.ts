import { MessageFactory } from 'botbuilder';
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
import { escapeMarkdown } from '../cards/render';
import type { KnowledgeBase } from '../bot/knowledge/knowledgeBase';
import { formatDuration } from '../bot/knowledge/phrases';
import { formatDate } from '../bot/reminders/digestText';
import type { OwnerActions } from '../bot/reminders/ownerActions';
import { daysBetween, localDate, type LocalDate } from '../bot/rules/dates';
import type { Language, Policy } from '../bot/rules/policy';
import { normalizeCommand } from '../bot/teams/commandRouter';
import { captionSays, type CaptionPhrase } from './captionCheckPhrases';
import { captionVerdict, type CaptionAnswers, type Spoken, type Stream } from './captionVerdict';
import { choiceCard } from './choiceCard';
import { parseDate } from './extensionDialog';

/**
 * "Does my video need captions?": which video (if it is one of the person's in Panopto), live stream or its
 * recording, audio only, course material, media alternative, the language spoken, and the publication date when no
 * video was picked; then the verdict with the rules it rests on and, when the publication is known, the due date.
 * It only reads: nothing is stored, so cancelling at any step leaves nothing behind.
 */

import { CAPTION_CHECK_DIALOG, type CaptionCheckOptions } from './dialogIds';

export { CAPTION_CHECK_DIALOG, captionCheckCancelled, type CaptionCheckOptions } from './dialogIds';
const STEPS = 'captionCheck.steps';
const CHOICE = 'captionCheck.choice';
const PUBLISHED = 'captionCheck.published';
const MAX_VIDEOS_OFFERED = 8;
const SPOKEN: readonly Spoken[] = ['fi', 'en', 'sv', 'other'];

interface PickedVideo {
  title: string;
  publishedOn: LocalDate;
  hasCaptions: boolean | undefined;
}

interface Values extends Partial<CaptionAnswers> {
  language: Language;
  videos: PickedVideo[];
  video?: PickedVideo;
}

type Step = WaterfallStepContext;

export class CaptionCheckDialog extends ComponentDialog {
  constructor(
    private readonly owners: OwnerActions,
    private readonly knowledge: KnowledgeBase,
    private readonly policy: Policy,
    private readonly now: () => Date = () => new Date(),
  ) {
    super(CAPTION_CHECK_DIALOG);
    const choice = new ChoicePrompt(CHOICE, undefined, 'en-us');
    choice.style = ListStyle.none;
    // Whole answers only: a partial match would read "No, it has a picture" as any choice sharing a word.
    choice.recognizerOptions = { recognizeNumbers: false, recognizeOrdinals: false, allowPartialMatches: false };
    this.addDialog(choice);
    this.addDialog(new TextPrompt(PUBLISHED, (prompt) => this.validatePublished(prompt)));
    this.addDialog(
      new WaterfallDialog(STEPS, [
        (step) => this.chooseVideo(step),
        (step) => this.askStream(step),
        (step) => this.askAudio(step),
        (step) => this.askCourse(step),
        (step) => this.askAlternative(step),
        (step) => this.askSpoken(step),
        (step) => this.askPublished(step),
        (step) => this.conclude(step),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  private values(step: Step): Values {
    return step.values as Values;
  }

  private async chooseVideo(step: Step) {
    const v = this.values(step);
    v.language = (step.options as CaptionCheckOptions).language;
    const own = await this.owners.videosOf(step.context.activity.from.id);
    v.videos = own
      .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
      .slice(0, MAX_VIDEOS_OFFERED)
      .map((video) => ({ title: video.title, publishedOn: localDate(video.publishedAt, this.policy.timeZone), hasCaptions: video.hasCaptions }));
    if (v.videos.length === 0) return step.next();
    return this.choose(step, 'whichVideo', [...v.videos.map((video, i) => ({ value: `${i + 1}. ${video.title}`.slice(0, 100), synonyms: [video.title] })), { value: say(v, 'anotherVideo') }]);
  }

  private async askStream(step: Step) {
    const v = this.values(step);
    const picked = step.result as FoundChoice | undefined;
    if (picked !== undefined) {
      if (picked.index > v.videos.length) return this.cancelled(step);
      v.video = v.videos[picked.index];
    }
    // A video in Panopto is a recording, whatever it was before: the live-stream exception cannot apply.
    if (v.video !== undefined) return step.next();
    return this.choose(step, 'stream', [{ value: say(v, 'liveOnly') }, { value: say(v, 'recordingOfLive') }, { value: say(v, 'recorded') }]);
  }

  private async askAudio(step: Step) {
    const v = this.values(step);
    const answer = step.result as FoundChoice | undefined;
    const streams: Stream[] = ['liveOnly', 'recordingOfLive', 'recorded'];
    if (answer !== undefined && answer.index >= streams.length) return this.cancelled(step);
    v.stream = answer === undefined ? 'recorded' : streams[answer.index];
    if (v.stream === 'liveOnly') return this.conclude(step);
    return this.choose(step, 'audio', [{ value: say(v, 'audioOnly'), synonyms: [say(v, 'yes')] }, { value: say(v, 'hasPicture'), synonyms: [say(v, 'no')] }]);
  }

  private async askCourse(step: Step) {
    const v = this.values(step);
    const yes = this.yes(step);
    if (yes === undefined) return this.cancelled(step);
    v.audioOnly = yes;
    return this.chooseYesNo(step, 'course');
  }

  private async askAlternative(step: Step) {
    const v = this.values(step);
    const yes = this.yes(step);
    if (yes === undefined) return this.cancelled(step);
    v.course = yes;
    return this.chooseYesNo(step, 'alternative');
  }

  private async askSpoken(step: Step) {
    const v = this.values(step);
    const yes = this.yes(step);
    if (yes === undefined) return this.cancelled(step);
    v.mediaAlternative = yes;
    if (yes) return this.conclude(step);
    return this.choose(step, 'spoken', SPOKEN.map((language) => ({ value: say(v, language) })));
  }

  private async askPublished(step: Step) {
    const v = this.values(step);
    const { index } = step.result as FoundChoice;
    const spoken = SPOKEN[index];
    if (spoken === undefined) return this.cancelled(step);
    v.spoken = spoken;
    if (v.video !== undefined) return step.next(v.video.publishedOn);
    const card = choiceCard(say(v, 'published'), [say(v, 'notKnown'), say(v, 'cancelChoice')]);
    return step.prompt(PUBLISHED, { prompt: card, validations: { language: v.language } });
  }

  private async validatePublished(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { language } = prompt.options.validations as { language: Language };
    const text = prompt.recognized.value ?? '';
    if (parseDate(text) !== undefined || normalizeCommand(text) === normalizeCommand(captionSays(language, 'notKnown'))) return true;
    await prompt.context.sendActivity(MessageFactory.text(captionSays(language, 'dateUnreadable')));
    return false;
  }

  private async conclude(step: Step) {
    const v = this.values(step);
    if (typeof step.result === 'string') v.publishedOn = parseDate(step.result);
    await step.context.sendActivity(MessageFactory.text(this.verdictText(v)));
    return step.endDialog();
  }

  private verdictText(v: Values): string {
    const { language } = v;
    const deadline = formatDuration(this.policy.captionDeadline, language, 'gen');
    const verdict = captionVerdict({ ...v, stream: v.stream ?? 'recorded', publishedOn: v.publishedOn }, this.policy);
    const lines: string[] = [];
    if (!verdict.needed) {
      lines.push(verdict.rules[0] === 'streaming' ? captionSays(language, 'noneLive', { deadline }) : captionSays(language, 'noneAlternative'));
      if (v.video !== undefined && verdict.rules[0] === 'media_alternative') lines.push(captionSays(language, 'markExempt'));
    } else {
      const inLanguage = captionSays(language, `in_${verdict.spoken ?? 'other'}` as CaptionPhrase);
      lines.push(captionSays(language, verdict.textAlternativeAllowed ? 'neededCourse' : 'needed', { inLanguage }));
      if (verdict.dueDate === undefined || v.publishedOn === undefined) {
        lines.push(captionSays(language, 'dueUnknown', { deadline }));
      } else {
        const late = daysBetween(localDate(this.now(), this.policy.timeZone), verdict.dueDate) < 0;
        const captioned = v.video?.hasCaptions === true;
        const due = captionSays(language, late ? 'overdue' : 'dueBy', { due: formatDate(verdict.dueDate, language), deadline, published: formatDate(v.publishedOn, language) });
        // Late only if nothing shows the captions: Panopto's signal for a picked video, or nobody knows for a typed date.
        lines.push(late && !captioned ? `${due} ${captionSays(language, 'late')}` : due);
      }
      if (v.video?.hasCaptions === true) lines.push(captionSays(language, 'hasCaptions', { title: escapeMarkdown(v.video.title) }));
    }
    lines.push(captionSays(language, 'rulesHeading'));
    for (const id of verdict.rules) {
      const rule = this.knowledge.entry(id)?.text[language];
      if (rule !== undefined) lines.push(`**${rule.title}**: ${rule.answer}`);
    }
    return lines.join('\n\n');
  }

  /** The answer to a yes/no card: undefined when it was the cancel button. */
  private yes(step: Step): boolean | undefined {
    const { index } = step.result as FoundChoice;
    return index === 0 ? true : index === 1 ? false : undefined;
  }

  private chooseYesNo(step: Step, question: CaptionPhrase) {
    const v = this.values(step);
    return this.choose(step, question, [{ value: say(v, 'yes') }, { value: say(v, 'no') }]);
  }

  /** Every question ends with a Cancel button; typing cancel works too (the bot takes it before the dialog does). */
  private choose(step: Step, question: CaptionPhrase, choices: Array<{ value: string; synonyms?: string[] }>) {
    const v = this.values(step);
    const all = [...choices, { value: say(v, 'cancelChoice') }];
    const card = choiceCard(say(v, question), all.map((c) => c.value));
    return step.prompt(CHOICE, { prompt: card, retryPrompt: card, choices: all });
  }

  private async cancelled(step: Step) {
    await step.context.sendActivity(MessageFactory.text(say(this.values(step), 'cancelled')));
    return step.endDialog();
  }
}

function say(v: { language: Language }, phrase: CaptionPhrase): string {
  return captionSays(v.language, phrase);
}

/** For callers outside the dialog (the bot's cancel), in the dialog's words. */
