import { z } from 'zod';
import { renderApprovalCard } from '../../cards/approval';
import type { AnswerService } from '../answers/answerService';
import { DomainError } from '../errors';
import type { OwnerActions } from '../reminders/ownerActions';
import type { Policy } from '../rules/policy';
import type { Presenter } from './presenter';
import { AlreadyDecided, DateRejected, type ExtensionService } from '../requests/extensionService';
import { dateRejectedText } from '../requests/requestViews';
import type { ExtensionWorkflow } from '../requests/extensionWorkflow';
import type { ExtensionRequest } from '../storage/extensionRepository';
import type { ReminderPresenter } from './reminderPresenter';
import { captionRefusalText, captionRequestInProgressText, type CaptionRequests } from '../reminders/captionRequests';
import { languageFromLocale } from '../knowledge/language';
import { supportAnswerHandlers, type SupportAnswerParts } from './supportAnswerActions';
import { decider, type ActionResult, type Actor } from './actor';

/** Card buttons, by verb. Card data is never trusted: it is parsed here and the record it names is re-read. */

type Handler = (data: unknown, actor: Actor) => Promise<ActionResult>;

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const videoId = z.string().regex(/^[0-9A-Za-z-]{1,64}$/);
const view = z.enum(['digest', 'myVideos']).default('myVideos');
const digestId = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0);

function parse<T>(schema: z.ZodType<T>, data: unknown, verb: string): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new DomainError('InvalidInput', `bad data for ${verb}: ${result.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return result.data;
}

export interface ReminderParts {
  owners: OwnerActions;
  presenter: ReminderPresenter;
  policy: Policy;
  captions?: CaptionRequests;
}

export interface ExtensionParts {
  service: ExtensionService;
  workflow: ExtensionWorkflow;
}

export class CardActions {
  private readonly handlers: Record<string, Handler>;

  constructor(answers: AnswerService, presenter: Presenter, reminders: ReminderParts, extensions: ExtensionParts, support?: SupportAnswerParts) {
    const { owners } = reminders;
    /** A decision that came second redraws the card as it is, with who decided first. */
    const decided = async (work: () => Promise<ExtensionRequest>, notifyOwner: boolean): Promise<ActionResult> => {
      try {
        return { card: renderApprovalCard(await extensions.workflow.changed(await work(), notifyOwner)) };
      } catch (error) {
        if (error instanceof AlreadyDecided) return { card: renderApprovalCard(await extensions.workflow.viewFor(error.request)) };
        if (error instanceof DateRejected) return { message: dateRejectedText(error.until, error) };
        throw error;
      }
    };
    const redraw = async (input: { view: 'digest' | 'myVideos'; digestId: number }, actor: Actor): Promise<ActionResult> => ({
      card: await reminders.presenter.redraw(actor.userId, input.view, input.digestId, actor.locale),
    });
    this.handlers = {
      feedback: async (data, actor) => {
        const input = parse(z.object({ questionId: id, helpful: flag }), data, 'feedback');
        return { card: presenter.stored(await answers.rate(input.questionId, actor.userId, input.helpful)) };
      },
      forwardToSupport: async (data, actor) => {
        const input = parse(z.object({ questionId: id }), data, 'forwardToSupport');
        return { card: presenter.stored(await answers.forwardToSupport(input.questionId, actor.userId)) };
      },
      captionsPublished: async (data, actor) => {
        const input = parse(z.object({ videoId, view, digestId }), data, 'captionsPublished');
        await owners.confirmCaptions(actor.userId, input.videoId);
        return redraw(input, actor);
      },
      automaticCaptionsChecked: async (data, actor) => {
        const input = parse(z.object({ videoId, view, digestId }), data, 'automaticCaptionsChecked');
        await owners.checkAutomaticCaptions(actor.userId, input.videoId);
        return redraw(input, actor);
      },
      requestCaptions: async (data, actor) => {
        const input = parse(z.object({ videoId, view, digestId }), data, 'requestCaptions');
        const result = reminders.captions === undefined ? ({ outcome: 'refused', reason: 'NotOffered' } as const) : await reminders.captions.request(actor.userId, input.videoId);
        const language = languageFromLocale(actor.locale) ?? 'en';
        if (result.outcome === 'refused') return { message: captionRefusalText(result.reason, language, reminders.policy) };
        if (result.outcome === 'inProgress') return { message: captionRequestInProgressText(language) };
        return redraw(input, actor);
      },
      markExempt: async (data, actor) => {
        const input = parse(z.object({ videoId, view, digestId }).passthrough(), data, 'markExempt');
        const reason = (data as Record<string, unknown>)[`reason_${input.videoId}`];
        await owners.markMediaAlternative(actor.userId, input.videoId, reason);
        return redraw(input, actor);
      },
      snooze: async (data, actor) => {
        const input = parse(z.object({ videoId, kind: z.enum(['caption', 'deletion', 'final']), view, digestId }), data, 'snooze');
        await owners.snooze(actor.userId, input.videoId, input.kind);
        return redraw(input, actor);
      },
      // Teams asks for a digest afresh when its owner looks at it: it shows what is true now.
      refreshCard: async (data, actor) => redraw(parse(z.object({ view, digestId }), data, 'refreshCard'), actor),
      requestExtension: async (data, actor) => {
        const input = parse(z.object({ videoId, view, digestId }), data, 'requestExtension');
        await owners.ownedVideo(actor.userId, input.videoId);
        // A card drawn before the request was made: it is redrawn, showing the open request, instead of a new dialog.
        if (await extensions.service.hasPendingRequest(input.videoId)) return redraw(input, actor);
        return { startExtensionDialog: { videoId: input.videoId } };
      },
      approveExtension: async (data, actor) => {
        const input = parse(z.object({ requestId: id, until: z.string().max(10).optional() }), data, 'approveExtension');
        return decided(() => extensions.service.decide(decider(actor), input.requestId, { kind: 'approve', ...(input.until === undefined ? {} : { until: input.until }) }), true);
      },
      rejectExtension: async (data, actor) => {
        const input = parse(z.object({ requestId: id, reason: z.string().max(2000).default('') }), data, 'rejectExtension');
        return decided(() => extensions.service.decide(decider(actor), input.requestId, { kind: 'reject', reason: input.reason }), true);
      },
      markApplied: async (data, actor) => {
        const input = parse(z.object({ requestId: id }), data, 'markApplied');
        return decided(() => extensions.service.markApplied(decider(actor), input.requestId), false);
      },
      ...(support === undefined ? {} : supportAnswerHandlers(support)),
    };
  }

  has(verb: unknown): verb is string {
    return typeof verb === 'string' && Object.hasOwn(this.handlers, verb);
  }

  async handle(verb: string, data: unknown, actor: Actor): Promise<ActionResult> {
    const handler = this.handlers[verb];
    if (handler === undefined) throw new DomainError('UnknownAction', `verb ${verb}`);
    return handler(data, actor);
  }
}
