import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { AskerMessenger, SupportContent } from '../answers/supportAnswers';
import type { AskedQuestion, ConversationRepository } from '../storage/repositories';
import type { Presenter } from './presenter';
import { sendProactively } from './proactive';

/** Brings support's answer to the asker: in their 1:1 chat with the bot, or where they asked if the bot has none. */
export class TeamsAskerMessenger implements AskerMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly conversations: ConversationRepository,
    private readonly presenter: Presenter,
  ) {}

  async deliver(question: AskedQuestion, answer: SupportContent, byName: string): Promise<void> {
    const person = await this.conversations.getPerson(question.userId);
    const conversationId = person?.personalConversationId ?? question.conversationId;
    const conversation = await this.conversations.getConversation(conversationId);
    if (conversation === undefined) throw new Error('no conversation with the asker');
    if (conversation.unusableReason !== undefined) throw new Error(`the asker's chat is unusable (${conversation.unusableReason})`);
    const activity =
      answer.kind === 'rule'
        ? MessageFactory.attachment(CardFactory.adaptiveCard(this.presenter.supportAnswer(question, answer.entry, byName)))
        : MessageFactory.text(this.presenter.supportReply(question, answer.text, byName));
    await sendProactively(this.adapter, this.appId, conversation.reference as Partial<ConversationReference>, activity);
  }
}
