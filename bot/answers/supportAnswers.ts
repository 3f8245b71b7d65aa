import { DomainError } from '../errors';
import type { Entry } from '../knowledge/entries';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Decider } from '../requests/extensionService';
import type { LearnedPhrasingRepository, StoredPhrasing } from '../storage/learnedRepository';
import type { AskedQuestion, QuestionRepository } from '../storage/repositories';

/**
 * Support answers a question sent to them, with a rule or in their own words, once; the asker gets it in their own
 * chat; an answer with a rule teaches the bot the question's wording. Only support staff may answer or teach.
 */

/** Brings support's answer to the person who asked. Throws when it cannot. */
export interface AskerMessenger {
  deliver(question: AskedQuestion, answer: SupportContent, byName: string): Promise<void>;
}

export type SupportCheck = (actor: Decider) => Promise<boolean>;

/** Redraws the question's card in the support channel. */
export type SupportCardUpdate = (question: AskedQuestion) => Promise<unknown>;

export type SupportContent = { kind: 'rule'; entry: Entry } | { kind: 'reply'; text: string };

export const MAX_REPLY_LENGTH = 2000;

/** Longer than any delivery takes, so an answer still being sent is not sent twice. */
const DELIVERY_GRACE_MS = 10 * 60_000;

export class SupportAnswers {
  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly questions: QuestionRepository,
    private readonly learned: LearnedPhrasingRepository,
    private readonly isSupport: SupportCheck,
    private readonly asker: AskerMessenger,
    private readonly updateCard: SupportCardUpdate,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Teaches the knowledge base what support taught it before the last start. */
  async loadLearned(): Promise<number> {
    const all = await this.learned.all();
    for (const phrasing of all) this.knowledge.learn(phrasing);
    return all.length;
  }

  /**
   * Returns the question as it now stands. A question someone else answered first comes back with their answer, so
   * the card can show who did; nothing is sent twice.
   */
  async answer(actor: Decider, questionId: number, answer: { entryId: string } | { reply: string }): Promise<AskedQuestion> {
    await this.mustBeSupport(actor);
    const question = await this.questions.getQuestion(questionId);
    // Only questions that were sent to support can be answered from a card.
    if (question === undefined || question.forwardedAt === undefined) throw new DomainError('NotFound', `question ${questionId}`);
    if (question.supportAnswer !== undefined) return question;
    const content = this.content(answer);
    const claim = await this.questions.claimSupportAnswer(questionId, {
      at: this.now().toISOString(),
      by: actor.userId,
      byName: actor.name,
      entryId: content.kind === 'rule' ? content.entry.id : undefined,
      reply: content.kind === 'reply' ? content.text : undefined,
    });
    if (claim === 'not-found') throw new DomainError('NotFound', `question ${questionId}`);
    if (claim === 'claimed') {
      try {
        await this.asker.deliver(question, content, actor.name);
      } catch (error) {
        await this.questions.releaseSupportAnswer(questionId);
        throw new DomainError('AskerUnreachable', `question ${questionId}: ${(error as Error).message}`);
      }
      await this.delivered(question, content, actor);
    }
    return this.mustGet(questionId);
  }

  /**
   * Answers claimed but never marked delivered (the bot stopped in between) are sent now, and their cards redrawn.
   * One still being sent is younger than the grace period and left alone. Returns how many were sent.
   */
  async deliverAnswersInFlight(now: Date): Promise<number> {
    let sent = 0;
    for (const question of await this.questions.supportAnswersInFlight(new Date(now.getTime() - DELIVERY_GRACE_MS).toISOString())) {
      const answer = question.supportAnswer;
      if (answer === undefined) continue;
      const entry = answer.entryId === undefined ? undefined : this.knowledge.entry(answer.entryId);
      const content: SupportContent | undefined = entry !== undefined ? { kind: 'rule', entry } : answer.reply !== undefined ? { kind: 'reply', text: answer.reply } : undefined;
      if (content === undefined) continue;
      try {
        await this.asker.deliver(question, content, answer.byName);
      } catch {
        // The asker is still unreachable: the next run tries again.
        continue;
      }
      await this.delivered(question, content, { userId: answer.by, name: answer.byName });
      await this.updateCard(await this.mustGet(question.id));
      sent++;
    }
    return sent;
  }

  async phrasings(actor: Decider): Promise<StoredPhrasing[]> {
    await this.mustBeSupport(actor);
    return this.learned.all();
  }

  /** Removing one already removed is no error: two support members may click at once. */
  async forget(actor: Decider, phrasingId: number): Promise<StoredPhrasing[]> {
    await this.mustBeSupport(actor);
    await this.learned.remove(phrasingId);
    this.knowledge.forget(phrasingId);
    return this.learned.all();
  }

  /** Taught before it is marked delivered: a stop in between teaches once and at worst sends the answer again. */
  private async delivered(question: AskedQuestion, content: SupportContent, by: { userId: string; name: string }): Promise<void> {
    if (content.kind === 'rule') await this.teach(question, content.entry, by);
    await this.questions.markSupportAnswerDelivered(question.id, this.now().toISOString());
  }

  private async teach(question: AskedQuestion, entry: Entry, actor: { userId: string; name: string }): Promise<void> {
    if ((await this.learned.all()).some((p) => p.questionId === question.id)) return;
    const phrasing = await this.learned.add({
      entryId: entry.id,
      language: question.language,
      text: question.text,
      questionId: question.id,
      learnedBy: actor.userId,
      learnedByName: actor.name,
      learnedAt: this.now().toISOString(),
    });
    this.knowledge.learn(phrasing);
  }

  private content(answer: { entryId: string } | { reply: string }): SupportContent {
    if ('entryId' in answer) {
      const entry = this.knowledge.entry(answer.entryId);
      if (entry === undefined) throw new DomainError('InvalidInput', `no rule ${answer.entryId}`);
      return { kind: 'rule', entry };
    }
    const text = answer.reply.replace(/\r\n?/g, '\n').replace(/[^\S\n]+/g, ' ').replace(/\n{3,}/g, '\n\n').trim();
    if (text === '' || text.length > MAX_REPLY_LENGTH) throw new DomainError('ReplyInvalid', `reply of ${text.length} characters`);
    return { kind: 'reply', text };
  }

  private async mustBeSupport(actor: Decider): Promise<void> {
    if (!(await this.isSupport(actor))) throw new DomainError('NotSupportStaff', `user ${actor.userId}`);
  }

  private async mustGet(questionId: number): Promise<AskedQuestion> {
    const question = await this.questions.getQuestion(questionId);
    if (question === undefined) throw new DomainError('NotFound', `question ${questionId}`);
    return question;
  }
}
