import { MessageFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import { languageFromLocale } from '../knowledge/language';
import type { Logger } from '../logger';
import type { OwnerMessenger } from '../requests/extensionWorkflow';
import type { ConversationRepository } from '../storage/repositories';
import { sendProactively } from './proactive';

/** Tells a video owner something in their 1:1 chat with the bot, in their Teams language. */
export class TeamsOwnerMessenger implements OwnerMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly conversations: ConversationRepository,
    private readonly logger: Logger,
  ) {}

  async tell(ownerKey: string, text: (language: 'en' | 'fi') => string): Promise<boolean> {
    const person = await this.conversations.findPersonByEmail(ownerKey);
    const conversation = person?.personalConversationId === undefined ? undefined : await this.conversations.getConversation(person.personalConversationId);
    if (person === undefined || conversation === undefined || conversation.unusableReason !== undefined) {
      this.logger.warn({ ownerKey }, 'cannot reach the owner to tell them about their request');
      return false;
    }
    try {
      await sendProactively(this.adapter, this.appId, conversation.reference as Partial<ConversationReference>, MessageFactory.text(text(languageFromLocale(person.locale) ?? 'en')));
      return true;
    } catch (error) {
      this.logger.warn({ ownerKey, err: (error as Error).message }, 'could not tell the owner about their request');
      return false;
    }
  }
}
