import { TeamsInfo, TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import type { ConversationKind, ConversationRepository } from '../storage/repositories';

/**
 * Keeps who the bot can reach later: the conversation reference of every conversation it is in, and for each person
 * their Entra object id and e-mail/UPN (from the Teams roster), so reminders can find an owner by e-mail.
 */
export class ConversationMemory {
  /**
   * What this process last wrote, per conversation and per person: a message that changes nothing writes nothing.
   * (Another instance writing the same values is harmless; a changed value is always written.)
   */
  private readonly lastWritten = new Map<string, string>();
  private readonly emailKnown = new Set<string>();

  constructor(
    private readonly repository: ConversationRepository,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    /** Entries kept per cache; when full it starts over (the people writing now come back within a message). */
    private readonly maxEntries = 10_000,
  ) {}

  /** How many conversations and people are cached: never more than twice maxEntries, however many write. */
  get cachedEntries(): number {
    return this.lastWritten.size + this.emailKnown.size;
  }

  async remember(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.conversation?.id === undefined || activity.serviceUrl === undefined) return;
    const at = this.now().toISOString();
    const kind = conversationKind(activity.conversation.conversationType);
    const conversation = {
      conversationId: activity.conversation.id,
      kind,
      tenantId: activity.conversation.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id,
      serviceUrl: activity.serviceUrl,
      reference: proactiveReference(activity),
    };
    if (this.changed(`conversation:${conversation.conversationId}`, conversation)) {
      await this.repository.saveConversation({ ...conversation, updatedAt: at });
    } else if (activity.type === 'message') {
      // A reminder sender (maybe another process) may have found this chat blocked; a new message unblocks it.
      await this.repository.markUsable(conversation.conversationId);
    }

    const from = activity.from;
    if (from?.id === undefined || from.id === activity.recipient?.id) return;
    const person = {
      userId: from.id,
      aadObjectId: from.aadObjectId,
      name: from.name,
      email: undefined,
      userPrincipalName: undefined,
      locale: activity.locale,
      personalConversationId: kind === 'personal' ? activity.conversation.id : undefined,
    };
    if (this.changed(`person:${person.userId}`, person)) await this.repository.savePerson({ ...person, updatedAt: at });
  }

  private changed(key: string, value: object): boolean {
    const serialized = JSON.stringify(value);
    if (this.lastWritten.get(key) === serialized) return false;
    if (this.lastWritten.size >= this.maxEntries) this.lastWritten.clear();
    this.lastWritten.set(key, serialized);
    return true;
  }

  /**
   * Adds the e-mail/UPN from the Teams roster, once per person: the roster call costs a connector request, so it
   * runs after the person has their answer and only while their e-mail is unknown.
   */
  async learnEmail(context: TurnContext): Promise<void> {
    const from = context.activity.from;
    if (from?.id === undefined || from.id === context.activity.recipient?.id || this.emailKnown.has(from.id)) return;
    const known = await this.repository.getPerson(from.id);
    if (this.emailKnown.size >= this.maxEntries) this.emailKnown.clear();
    if (known?.email !== undefined) {
      this.emailKnown.add(from.id);
      return;
    }
    const member = await this.lookUpMember(context, from.id);
    if (member === undefined) return;
    if (member.email !== undefined) this.emailKnown.add(from.id);
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

/** The reference to write to this conversation later; the id of the message that happened to carry it is not part of it. */
function proactiveReference(activity: TurnContext['activity']): Record<string, unknown> {
  const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity);
  return reference as Record<string, unknown>;
}

function conversationKind(type: string | undefined): ConversationKind {
  if (type === 'channel') return 'channel';
  if (type === 'groupChat') return 'groupChat';
  return 'personal';
}
