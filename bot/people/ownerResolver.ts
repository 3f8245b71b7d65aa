import type { Logger } from '../logger';
import type { ConversationRepository, StoredConversation } from '../storage/repositories';
import type { Directory } from './directory';

/** Finds the Teams chat in which to tell an owner about their videos, or says why there is none. */

export type Reach =
  | { kind: 'reachable'; conversation: StoredConversation; locale: string | undefined }
  | { kind: 'unreachable'; reason: string };

/** Opens a 1:1 chat with a user the bot has never talked to (Teams' createConversation). */
export interface ChatOpener {
  openChat(aadObjectId: string): Promise<StoredConversation>;
}

export class OwnerResolver {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly directory: Directory | undefined,
    private readonly opener: ChatOpener | undefined,
    private readonly logger: Logger,
  ) {}

  async resolve(ownerKey: string): Promise<Reach> {
    const person = await this.conversations.findPersonByEmail(ownerKey);
    if (person?.personalConversationId !== undefined) {
      const conversation = await this.conversations.getConversation(person.personalConversationId);
      if (conversation !== undefined && conversation.unusableReason === undefined) return { kind: 'reachable', conversation, locale: person.locale };
      if (conversation?.unusableReason !== undefined && this.opener === undefined) {
        return { kind: 'unreachable', reason: `Teams refused the chat (${conversation.unusableReason})` };
      }
    }
    if (this.directory === undefined || this.opener === undefined) {
      return { kind: 'unreachable', reason: 'has not talked to the bot in Teams, and no directory (Microsoft Graph) is configured to find them' };
    }
    const aadObjectId = person?.aadObjectId ?? (await this.directory.userIdByEmail(ownerKey));
    if (aadObjectId === undefined) return { kind: 'unreachable', reason: 'no such user in the directory' };
    try {
      const conversation = await this.opener.openChat(aadObjectId);
      this.logger.info({ ownerKey }, 'opened a 1:1 chat with an owner');
      return { kind: 'reachable', conversation, locale: person?.locale };
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      // Only Teams' refusal says something about the person; an outage or throttling is the sender's to retry.
      if (status !== 403 && status !== 404) throw error;
      return { kind: 'unreachable', reason: `could not open a chat (HTTP ${status}): is the app installed for them?` };
    }
  }
}
