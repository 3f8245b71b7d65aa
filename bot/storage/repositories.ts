import type { ExtensionRepository } from './extensionRepository';
import type { LearnedPhrasingRepository } from './learnedRepository';
import type { CrawlRepository } from './crawlRepository';
import type { DeclarationRepository, LeaseRepository, ReminderOutbox, VideoRepository } from './reminderRepositories';

/** What the bot keeps, independent of where it is kept (SQLite now, Azure Storage for scale-out). */

export type ConversationKind = 'personal' | 'channel' | 'groupChat';

export interface StoredConversation {
  conversationId: string;
  kind: ConversationKind;
  tenantId: string | undefined;
  serviceUrl: string;
  /** The Bot Framework conversation reference, kept opaque so storage knows nothing of the SDK. */
  reference: Record<string, unknown>;
  updatedAt: string;
  /** Why the bot cannot write here any more, if so. */
  unusableReason?: string | undefined;
}

export interface Person {
  /** Teams user id (29:…), stable per bot. */
  userId: string;
  aadObjectId: string | undefined;
  name: string | undefined;
  email: string | undefined;
  userPrincipalName: string | undefined;
  locale: string | undefined;
  personalConversationId: string | undefined;
  updatedAt: string;
}

export interface ConversationRepository {
  saveConversation(conversation: StoredConversation): Promise<void>;
  getConversation(conversationId: string): Promise<StoredConversation | undefined>;
  /** Teams said the bot can no longer write here (blocked, uninstalled, gone): stop trying until the person writes again. */
  markUnusable(conversationId: string, reason: string, at: string): Promise<void>;
  /** The person wrote to the bot: it may write to them again. */
  markUsable(conversationId: string): Promise<void>;
  /** True only the first time: the welcome card is sent once per conversation, however many install events come. */
  markWelcomed(conversationId: string, at: string): Promise<boolean>;
  savePerson(person: Person): Promise<void>;
  getPerson(userId: string): Promise<Person | undefined>;
  findPersonByAadObjectId(aadObjectId: string): Promise<Person | undefined>;
  findPersonByEmail(emailOrUpn: string): Promise<Person | undefined>;
}

export interface AskedQuestion {
  id: number;
  userId: string;
  userName: string | undefined;
  conversationId: string;
  language: 'en' | 'fi';
  text: string;
  entryId: string | undefined;
  askedAt: string;
  helpful: boolean | undefined;
  forwardedAt: string | undefined;
  /** How sure the bot was of its answer ('likely' was shown hedged); undefined when it had none. */
  confidence?: 'sure' | 'likely' | undefined;
  /** The card support got for this question, edited in place once someone answers it. */
  supportActivityId?: string | undefined;
  supportAnswer?: SupportAnswer | undefined;
}

/** What a support member answered: a rule of the knowledge base, or their own words. */
export interface SupportAnswer {
  at: string;
  by: string;
  byName: string;
  entryId: string | undefined;
  reply: string | undefined;
}

export type FeedbackOutcome = 'recorded' | 'already-recorded' | 'not-found' | 'not-asker';
export type ForwardClaim = 'claimed' | 'already-forwarded' | 'not-found' | 'not-asker' | 'not-unanswered' | 'too-many';

export interface QuestionRepository {
  recordQuestion(question: Omit<AskedQuestion, 'id' | 'helpful' | 'forwardedAt'>): Promise<AskedQuestion>;
  getQuestion(id: number): Promise<AskedQuestion | undefined>;
  /** One vote per answer, by the person who asked. */
  recordFeedback(id: number, userId: string, helpful: boolean, at: string): Promise<FeedbackOutcome>;
  /** Claims the forward before sending, so a double click cannot send it twice. */
  /** With a limit: 'too-many' when the asker forwarded `max` questions since `since` (counted in the same transaction). */
  claimForward(id: number, userId: string, at: string, limit?: { since: string; max: number }): Promise<ForwardClaim>;
  /** Undoes a claim whose send failed, so the person can try again. */
  releaseForward(id: number): Promise<void>;
  /** The claimed forward has reached support (as this card, when known). */
  markForwardDelivered(id: number, at: string, supportActivityId?: string): Promise<void>;
  /** Takes the support answer once: two support members answering at once, one wins and the other sees who did. */
  claimSupportAnswer(id: number, answer: SupportAnswer): Promise<'claimed' | 'already-answered' | 'not-found'>;
  /** Undoes a claim whose answer never reached the asker, so support can try again. */
  releaseSupportAnswer(id: number): Promise<void>;
  markSupportAnswerDelivered(id: number, at: string): Promise<void>;
  /** Support answers claimed before this time and never marked delivered: the bot stopped between the two. */
  supportAnswersInFlight(claimedBefore: string): Promise<AskedQuestion[]>;
  /** Forwards claimed before this time and never marked delivered: the sender crashed between the two. */
  forwardsInFlight(claimedBefore: string): Promise<AskedQuestion[]>;
  feedbackSummary(): Promise<Array<{ entryId: string; helpful: number; notHelpful: number }>>;
}

export interface ReceivedActivities {
  /** True the first time a key is seen (within the retention), false for every later delivery. */
  first(key: string, at: Date): Promise<boolean>;
  /** Forgets a key whose turn failed, so a redelivery is taken. */
  forget(key: string): Promise<void>;
}

export interface Store {
  conversations: ConversationRepository;
  questions: QuestionRepository;
  videos: VideoRepository;
  declarations: DeclarationRepository;
  outbox: ReminderOutbox;
  leases: LeaseRepository;
  extensions: ExtensionRepository;
  learned: LearnedPhrasingRepository;
  /** Activities already taken, so a redelivery is not answered and stored again. */
  received: ReceivedActivities;
  /** Where a Panopto crawl spanning several runs stands. */
  crawl: CrawlRepository;
  /** Bot Framework state (dialogs), kept across restarts. */
  botState: import('botbuilder').Storage;
  /** Health check: can the store be read right now? */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
