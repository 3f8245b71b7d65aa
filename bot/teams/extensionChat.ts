import { CardFactory, MessageFactory, TeamsInfo, type TurnContext } from 'botbuilder';
import { renderRequestListCard } from '../../cards/requestList';
import { CAPTION_CHECK_DIALOG, captionCheckCancelled, EXTENSION_DIALOG, type CaptionCheckOptions, type ExtensionDialogOptions } from '../../dialogs/dialogIds';
import { dialogButton } from '../../dialogs/choiceCard';
import { say } from '../../dialogs/extensionPhrases';
import { languageFromLocale } from '../knowledge/language';
import type { ExtensionService } from '../requests/extensionService';
import { myRequestsView, pendingView } from '../requests/requestViews';
import type { Language, Policy } from '../rules/policy';
import type { Store } from '../storage/repositories';
import type { Actor } from './actor';
import type { DialogSessions } from './dialogSessions';

/** The dialogs in chat (extension request, caption check; their state kept in the store, per person), "my requests" and "pending". */
export class ExtensionChat {
  constructor(
    /** The chat dialogs: the extension request and the caption check. */
    private readonly sessions: DialogSessions,
    private readonly service: ExtensionService,
    private readonly store: Store,
    private readonly policy: Policy,
    private readonly supportConversationId: string | undefined,
  ) {}

  /** Who is acting, with a roster check for membership of the support channel's team. */
  actor(context: TurnContext): Actor {
    const { activity } = context;
    const inSupportChannel = this.supportConversationId !== undefined && activity.conversation.id.split(';')[0] === this.supportConversationId;
    return {
      userId: activity.from.id,
      name: activity.from.name ?? activity.from.id,
      locale: activity.locale,
      inSupportTeam: async () => {
        if (!inSupportChannel) return false;
        try {
          await TeamsInfo.getMember(context, activity.from.id);
          return true;
        } catch {
          return false;
        }
      },
    };
  }

  /** Whether this person has a dialog open here; one left too long is closed, with a word to the person. */
  async isActive(context: TurnContext): Promise<boolean> {
    const status = await this.sessions.status(context);
    if (status.kind === 'expired' && status.dialogId === EXTENSION_DIALOG) {
      await context.sendActivity(MessageFactory.text(say(this.languageOf(context), 'expired')));
    }
    return status.kind === 'active';
  }

  /**
   * A dialog's button clicked when none of this person's dialogs is open (it ended, expired, or was someone else's):
   * a video from a picker starts a request for that very video; any other button says it has ended. True if handled.
   */
  async endedButton(context: TurnContext): Promise<boolean> {
    const button = dialogButton(context.activity.value);
    if (button?.dialog !== EXTENSION_DIALOG || (await this.isActive(context))) return false;
    const language = this.languageOf(context);
    if (button.videoId !== undefined) await this.start(context, { language, videoId: button.videoId });
    else await context.sendActivity(MessageFactory.text(say(language, 'buttonEnded')));
    return true;
  }

  async continue(context: TurnContext): Promise<void> {
    await this.sessions.continue(context);
  }

  /** "cancel" / "peruuta" at any step: the dialog ends and nothing is stored. */
  async cancel(context: TurnContext, language: Language): Promise<void> {
    const cancelled = await this.sessions.cancel(context);
    await context.sendActivity(MessageFactory.text(cancelled === CAPTION_CHECK_DIALOG ? captionCheckCancelled(language) : say(language, 'cancelled')));
  }

  async startCaptionCheck(context: TurnContext, options: CaptionCheckOptions): Promise<void> {
    await this.sessions.begin(context, CAPTION_CHECK_DIALOG, options);
  }

  async start(context: TurnContext, options: ExtensionDialogOptions): Promise<void> {
    await this.sessions.begin(context, EXTENSION_DIALOG, options);
  }

  async save(context: TurnContext): Promise<void> {
    await this.sessions.save(context);
  }

  async myRequests(context: TurnContext, language: Language): Promise<void> {
    const requests = await this.service.requestsOf(context.activity.from.id);
    const card = renderRequestListCard(myRequestsView(requests, await this.titles(requests.map((r) => r.videoId)), language));
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  /** "pending", oldest first with age, plus approvals not yet applied in Panopto. The command table lets only support staff here. */
  async pending(context: TurnContext): Promise<void> {
    const open = await this.store.extensions.open();
    const card = renderRequestListCard(pendingView(open, await this.titles(open.map((r) => r.videoId)), this.policy, this.service.today()));
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  private languageOf(context: TurnContext): Language {
    return languageFromLocale(context.activity.locale) ?? 'en';
  }

  private async titles(videoIds: string[]): Promise<Map<string, string>> {
    const titles = new Map<string, string>();
    for (const id of new Set(videoIds)) {
      const video = await this.store.videos.getVideo(id);
      if (video !== undefined) titles.set(id, video.title);
    }
    return titles;
  }
}
