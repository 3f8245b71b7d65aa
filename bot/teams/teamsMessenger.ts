import { CardFactory, MessageFactory, TurnContext, type CloudAdapter, type ConversationParameters, type ConversationReference } from 'botbuilder';
import { renderDigestCard } from '../../cards/digest';
import type { ChatOpener } from '../people/ownerResolver';
import type { DigestView } from '../reminders/digestView';
import type { Messenger } from '../reminders/sender';
import type { ConversationRepository, StoredConversation } from '../storage/repositories';
import { sendProactively } from './proactive';

/** Reminder digests through the Bot Framework: into a known chat, or into a new 1:1 chat with a user. */
export class TeamsMessenger implements Messenger, ChatOpener {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly conversations: ConversationRepository,
    private readonly newChat: { serviceUrl: string; tenantId: string | undefined },
  ) {}

  async send(conversation: StoredConversation, digest: DigestView): Promise<string | undefined> {
    const card = renderDigestCard(digest);
    const response = await sendProactively(this.adapter, this.appId, conversation.reference as Partial<ConversationReference>, MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    return response?.id;
  }

  async openChat(aadObjectId: string): Promise<StoredConversation> {
    const { serviceUrl, tenantId } = this.newChat;
    const parameters = {
      isGroup: false,
      bot: { id: this.appId, name: '' },
      members: [{ id: aadObjectId, name: '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as unknown as ConversationParameters;
    let reference: Partial<ConversationReference> | undefined;
    await this.adapter.createConversationAsync(this.appId, 'msteams', serviceUrl, 'https://api.botframework.com', parameters, async (context) => {
      reference = TurnContext.getConversationReference(context.activity);
    });
    const conversationId = reference?.conversation?.id;
    if (reference === undefined || conversationId === undefined) throw new Error('Teams created no conversation');
    const { activityId: _activityId, ...stored } = reference;
    return this.remember(aadObjectId, conversationId, reference.serviceUrl ?? serviceUrl, stored);
  }

  async chatWith(aadObjectId: string, chatId: string): Promise<StoredConversation> {
    const { serviceUrl, tenantId } = this.newChat;
    return this.remember(aadObjectId, chatId, serviceUrl, {
      channelId: 'msteams',
      serviceUrl,
      bot: { id: this.appId, name: '' },
      conversation: { id: chatId, conversationType: 'personal', tenantId, isGroup: false } as ConversationReference['conversation'],
    });
  }

  private async remember(aadObjectId: string, conversationId: string, serviceUrl: string, reference: Partial<ConversationReference>): Promise<StoredConversation> {
    const conversation: StoredConversation = {
      conversationId,
      kind: 'personal',
      tenantId: this.newChat.tenantId,
      serviceUrl,
      reference: { ...reference, user: { id: aadObjectId, aadObjectId } } as Record<string, unknown>,
      updatedAt: new Date().toISOString(),
    };
    await this.conversations.saveConversation(conversation);
    return conversation;
  }
}
