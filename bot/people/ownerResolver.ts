import type { Logger } from '../logger';
import type { AppInstallations } from '../storage/appInstallations';
import type { ConversationRepository, StoredConversation } from '../storage/repositories';
import type { AppInstaller } from './appInstaller';
import type { Directory } from './directory';

/** Finds the Teams chat in which to tell an owner about their videos, or says why there is none. */

export type Reach =
  | { kind: 'reachable'; conversation: StoredConversation; locale: string | undefined }
  | { kind: 'unreachable'; reason: string };

/** Opens a 1:1 chat with a user the bot has never talked to (Teams' createConversation), or uses one Graph named. */
export interface ChatOpener {
  openChat(aadObjectId: string): Promise<StoredConversation>;
  /** The 1:1 chat that installing the app for the user created (its id from Graph), remembered for sending. */
  chatWith(aadObjectId: string, chatId: string): Promise<StoredConversation>;
}

/** Installing the app for owners Teams will not let the bot write to (INSTALL_FOR_OWNERS=on). */
export interface OwnerInstallation {
  installer: AppInstaller;
  installations: AppInstallations;
  now: () => Date;
}

export class OwnerResolver {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly directory: Directory | undefined,
    private readonly opener: ChatOpener | undefined,
    private readonly logger: Logger,
    private readonly installation?: OwnerInstallation,
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
      // Teams refuses a chat with someone who does not have the app: the point where installing it can help.
      if (this.installation === undefined) return { kind: 'unreachable', reason: `could not open a chat (HTTP ${status}): is the app installed for them?` };
      return this.install(ownerKey, aadObjectId, person?.locale, status, this.opener, this.installation);
    }
  }

  private async install(ownerKey: string, aadObjectId: string, locale: string | undefined, status: number, opener: ChatOpener, installation: OwnerInstallation): Promise<Reach> {
    const earlier = await installation.installations.get(aadObjectId);
    if (earlier !== undefined) {
      // Installed once already, and Teams still refuses: they removed the app (or blocked the bot), which is theirs to decide.
      return { kind: 'unreachable', reason: `could not open a chat (HTTP ${status}); the bot saw to the app being installed for them on ${earlier.installedAt.slice(0, 10)} and does not install it again: removed or blocked since?` };
    }
    const installed = await installation.installer.install(aadObjectId);
    if (installed.kind === 'refused') return { kind: 'unreachable', reason: installed.reason };
    await installation.installations.record(aadObjectId, { installedAt: installation.now().toISOString(), chatId: installed.chatId });
    this.logger.info({ ownerKey }, 'installed the app for an owner who never opened it');
    return { kind: 'reachable', conversation: await opener.chatWith(aadObjectId, installed.chatId), locale };
  }
}
