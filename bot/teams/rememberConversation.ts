import { TeamsInfo, TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import type { ConversationKind, ConversationRepository } from '../storage/repositories';

/**
 * Keeps who the bot can reach later: the conversation reference of every conversation it is in, and for each person
 * their Entra object id and e-mail/UPN (from the Teams roster), so reminders can find an owner by e-mail.
 */
export class ConversationMemory {
  constructor(
    private readonly repository: ConversationRepository,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async remember(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.conversation?.id === undefined || activity.serviceUrl === undefined) return;
    const at = this.now().toISOString();
    const kind = conversationKind(activity.conversation.conversationType);
    await this.repository.saveConversation({
      conversationId: activity.conversation.id,
      kind,
      tenantId: activity.conversation.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id,
      serviceUrl: activity.serviceUrl,
      reference: { ...TurnContext.getConversationReference(activity) } as Record<string, unknown>,
      updatedAt: at,
    });

    const from = activity.from;
    if (from?.id === undefined || from.id === activity.recipient?.id) return;
    await this.repository.savePerson({
      userId: from.id,
      aadObjectId: from.aadObjectId,
      name: from.name,
      email: undefined,
      userPrincipalName: undefined,
      locale: activity.locale,
      personalConversationId: kind === 'personal' ? activity.conversation.id : undefined,
      updatedAt: at,
    });
  }

  /**
   * Adds the e-mail/UPN from the Teams roster, once per person: the roster call costs a connector request, so it
   * runs after the person has their answer and only while their e-mail is unknown.
   */
  async learnEmail(context: TurnContext): Promise<void> {
    const from = context.activity.from;
    if (from?.id === undefined || from.id === context.activity.recipient?.id) return;
    const known = await this.repository.getPerson(from.id);
    if (known?.email !== undefined) return;
    const member = await this.lookUpMember(context, from.id);
    if (member === undefined) return;
    await this.repository.savePerson({
      userId: from.id,
      aadObjectId: member.aadObjectId ?? from.aadObjectId,
      name: member.name ?? from.name,
      email: member.email,
      userPrincipalName: member.userPrincipalName,
      locale: undefined,
      personalConversationId: undefined,
      updatedAt: this.now().toISOString(),
    });
  }

  private async lookUpMember(context: TurnContext, userId: string) {
    try {
      return await TeamsInfo.getMember(context, userId);
    } catch (error) {
      // Not fatal: the person can still be reached by their Entra id; e-mail matching waits for a later turn.
      this.logger.debug({ err: (error as Error).message }, 'roster lookup failed');
      return undefined;
    }
  }
}

function conversationKind(type: string | undefined): ConversationKind {
  if (type === 'channel') return 'channel';
  if (type === 'groupChat') return 'groupChat';
  return 'personal';
}
