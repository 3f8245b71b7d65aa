import { ActivityTypes, CardFactory, MessageFactory, TeamsInfo, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { AdaptiveCard } from '../../cards/render';
import type { Logger } from '../logger';
import type { ConversationRepository } from '../storage/repositories';
import { inConversation, sendProactively } from './proactive';

/** The support team's Teams conversation: cards are posted there and edited in place for everyone. */
export class TeamsSupportChannel {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly conversations: ConversationRepository,
    readonly conversationId: string | undefined,
    private readonly logger: Logger,
  ) {}

  isConfigured(): boolean {
    return this.conversationId !== undefined;
  }

  private async reference(): Promise<Partial<ConversationReference>> {
    if (this.conversationId === undefined) throw new Error('no support conversation configured');
    const stored = await this.conversations.getConversation(this.conversationId);
    if (stored === undefined) {
      // The bot learns a conversation's address only once it is in it; say exactly what to do.
      this.logger.warn({ supportConversationId: this.conversationId }, 'support conversation unknown: add the bot to that team/channel or mention it there once');
      throw new Error('support conversation not known to the bot');
    }
    return stored.reference as Partial<ConversationReference>;
  }

  async post(card: AdaptiveCard): Promise<string | undefined> {
    const reference = await this.reference();
    const response = await sendProactively(this.adapter, this.appId, reference, MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    return response?.id;
  }

  /** Whether the person is on the roster of the support channel's team (asked of Teams; 404 means no). */
  async hasMember(userId: string): Promise<boolean> {
    const reference = await this.reference();
    return inConversation(this.adapter, this.appId, reference, async (context) => {
      try {
        await TeamsInfo.getMember(context, userId);
        return true;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return false;
        throw error;
      }
    });
  }

  async update(activityId: string, card: AdaptiveCard): Promise<void> {
    const reference = await this.reference();
    await inConversation(this.adapter, this.appId, reference, (context) =>
      context.updateActivity({ type: ActivityTypes.Message, id: activityId, attachments: [CardFactory.adaptiveCard(card)] }),
    );
  }
}
