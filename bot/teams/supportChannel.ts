import { ActivityTypes, CardFactory, MessageFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
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

  async update(activityId: string, card: AdaptiveCard): Promise<void> {
    const reference = await this.reference();
    await inConversation(this.adapter, this.appId, reference, (context) =>
      context.updateActivity({ type: ActivityTypes.Message, id: activityId, attachments: [CardFactory.adaptiveCard(card)] }),
    );
  }
}
