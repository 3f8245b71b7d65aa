import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import { sendProactively } from './proactive';
import { renderSupportQuestionCard } from '../../cards/supportQuestion';
import type { SupportInbox } from '../answers/answerService';
import type { Logger } from '../logger';
import type { AskedQuestion, ConversationRepository } from '../storage/repositories';

/** Posts questions the bot could not answer into the support team's Teams conversation. */
export class TeamsSupportInbox implements SupportInbox {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly conversations: ConversationRepository,
    private readonly supportConversationId: string | undefined,
    private readonly logger: Logger,
  ) {}

  isConfigured(): boolean {
    return this.supportConversationId !== undefined;
  }

  async deliver(question: AskedQuestion): Promise<void> {
    if (this.supportConversationId === undefined) throw new Error('no support conversation configured');
    const stored = await this.conversations.getConversation(this.supportConversationId);
    if (stored === undefined) {
      // The bot learns a conversation's address only once it is in it; say exactly what to do.
      this.logger.warn({ supportConversationId: this.supportConversationId }, 'support conversation unknown: add the bot to that team/channel or mention it there once');
      throw new Error('support conversation not known to the bot');
    }
    const card = renderSupportQuestionCard({
      language: question.language,
      question: question.text,
      askedBy: question.userName ?? question.userId,
      askedIn: question.language,
      askedAt: question.askedAt,
    });
    await sendProactively(this.adapter, this.appId, stored.reference as Partial<ConversationReference>, MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    this.logger.info({ questionId: question.id }, 'question forwarded to support');
  }
}
