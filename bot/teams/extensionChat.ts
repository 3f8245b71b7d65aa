import { CardFactory, MessageFactory, TeamsInfo, type ConversationState, type TurnContext } from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import { renderRequestListCard } from '../../cards/requestList';
import { CAPTION_CHECK_DIALOG, captionCheckCancelled, type CaptionCheckDialog, type CaptionCheckOptions } from '../../dialogs/captionCheckDialog';
import { EXTENSION_DIALOG, type ExtensionDialog, type ExtensionDialogOptions } from '../../dialogs/extensionDialog';
import { say } from '../../dialogs/extensionPhrases';
import type { ExtensionService } from '../requests/extensionService';
import { myRequestsCard, pendingCard } from '../requests/requestViews';
import type { Language, Policy } from '../rules/policy';
import type { Store } from '../storage/repositories';
import type { Actor } from './cardActions';

/** The dialogs in chat (extension request, caption check; their state kept in the store), "my requests" and "pending". */
export class ExtensionChat {
  private readonly dialogs: DialogSet;

  constructor(
    private readonly conversationState: ConversationState,
    dialog: ExtensionDialog,
    private readonly service: ExtensionService,
    private readonly store: Store,
    private readonly policy: Policy,
    private readonly supportConversationId: string | undefined,
    captionCheck: CaptionCheckDialog,
  ) {
    this.dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
    this.dialogs.add(dialog);
    this.dialogs.add(captionCheck);
  }

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

  async isActive(context: TurnContext): Promise<boolean> {
    // Most turns are questions outside any dialog. Peeking at the stored stack spares them loading, hashing and
    // re-saving conversation state through a DialogContext, which costs more than answering the question.
    if (this.conversationState.get(context) === undefined) {
      const key = this.conversationState.getStorageKey(context);
      const stored = key === undefined ? undefined : ((await this.store.botState.read([key]))[key] as { dialogState?: DialogState } | undefined);
      if ((stored?.dialogState?.dialogStack?.length ?? 0) === 0) return false;
    }
    const dc = await this.dialogs.createContext(context);
    return dc.activeDialog !== undefined;
  }

  async continue(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    await dc.continueDialog();
  }

  /** "cancel" / "peruuta" at any step: the dialog ends and nothing is stored. */
  async cancel(context: TurnContext, language: Language): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const wasCaptionCheck = dc.activeDialog?.id === CAPTION_CHECK_DIALOG;
    await dc.cancelAllDialogs();
    await context.sendActivity(MessageFactory.text(wasCaptionCheck ? captionCheckCancelled(language) : say(language, 'cancelled')));
  }

  async startCaptionCheck(context: TurnContext, options: CaptionCheckOptions): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(CAPTION_CHECK_DIALOG, options);
  }

  async start(context: TurnContext, options: ExtensionDialogOptions): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(EXTENSION_DIALOG, options);
  }

  /** The dialog's state is written at the end of every turn, so a restart resumes where the person was. */
  async save(context: TurnContext): Promise<void> {
    await this.conversationState.saveChanges(context);
  }

  async myRequests(context: TurnContext, language: Language): Promise<void> {
    const requests = await this.service.requestsOf(context.activity.from.id);
    const card = renderRequestListCard(myRequestsCard(requests, await this.titles(requests.map((r) => r.videoId)), language));
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  /** "pending", oldest first with age, plus approvals not yet applied in Panopto. The command table lets only support staff here. */
  async pending(context: TurnContext): Promise<void> {
    const open = await this.store.extensions.open();
    const card = renderRequestListCard(pendingCard(open, await this.titles(open.map((r) => r.videoId)), this.policy, this.service.today()));
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
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
