import type { KnowledgeBase, KnowledgeResult } from '../knowledge/knowledgeBase';
import type { Language, Policy } from '../rules/policy';
import type { AskedQuestion, QuestionRepository } from '../storage/repositories';
import { DomainError } from '../errors';
import { botMetrics } from '../telemetry/metrics';

/** Asking, rating answers and handing unanswered questions to support: the rules Q&A as a use case. */

export interface Asker {
  userId: string;
  name: string | undefined;
  conversationId: string;
  locale: string | undefined;
}

/** Delivers a question the bot could not answer to the support team's conversation. */
export interface SupportInbox {
  isConfigured(): boolean;
  /** Returns the id of the card posted, so that it can be edited once support answers. */
  deliver(question: AskedQuestion): Promise<string | undefined>;
}

export type Asked = KnowledgeResult & { questionId: number };

/** Longer questions are cut before search; the stored text keeps this much for support to read. */
export const MAX_QUESTION_LENGTH = 1000;

/** Forwards per person per hour: enough for real questions, a bound on flooding the support channel. */
export const FORWARD_LIMIT = { max: 5, perMs: 60 * 60_000 } as const;

/** Longer than any delivery takes (the SDK's retries included), so a forward still being sent is not sent twice. */
const FORWARD_GRACE_MS = 10 * 60_000;

export class AnswerService {
  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly questions: QuestionRepository,
    private readonly support: SupportInbox,
    readonly policy: Policy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async ask(text: string, asker: Asker): Promise<Asked> {
    const question = text.trim();
    if (question === '') throw new DomainError('InvalidInput', 'empty question');
    if (question.length > MAX_QUESTION_LENGTH) throw new DomainError('InvalidInput', `question of ${question.length} characters`);
    const result = this.knowledge.answer(question, asker.locale);
    const stored = await this.questions.recordQuestion({
      userId: asker.userId,
      userName: asker.name,
      conversationId: asker.conversationId,
      language: result.language,
      text: question,
      entryId: result.kind === 'answer' ? result.entry.id : undefined,
      confidence: result.kind === 'answer' ? result.confidence : undefined,
      askedAt: this.now().toISOString(),
    });
    botMetrics.question(result.language, result.kind === 'unknown' ? 'unknown' : result.confidence === 'sure' ? 'answered' : 'hedged');
    return { ...result, questionId: stored.id };
  }

  /** Re-reads the question: the card only carries its id, and only the asker may rate the answer. */
  async rate(questionId: number, userId: string, helpful: boolean): Promise<AskedQuestion> {
    const outcome = await this.questions.recordFeedback(questionId, userId, helpful, this.now().toISOString());
    if (outcome === 'not-found') throw new DomainError('NotFound', `question ${questionId}`);
    if (outcome === 'not-asker') throw new DomainError('NotAsker', `question ${questionId} rated by another user`);
    if (outcome === 'recorded' && !helpful) await this.showMissToSupport(questionId, userId);
    // A second click is harmless: the first vote stands and the card shows it was recorded.
    return this.mustGet(questionId);
  }

  /**
   * An answer that did not help goes to support, who can answer it and teach the bot. The vote stands whatever
   * happens here; a card that could not be posted stays claimed, and the daily run posts it.
   */
  private async showMissToSupport(questionId: number, userId: string): Promise<void> {
    if (!this.support.isConfigured()) return;
    // The same hourly limit as asking support directly: a run of "No" votes cannot flood the support channel.
    const now = this.now();
    const since = new Date(now.getTime() - FORWARD_LIMIT.perMs).toISOString();
    const claim = await this.questions.claimForward(questionId, userId, now.toISOString(), { since, max: FORWARD_LIMIT.max });
    if (claim === 'too-many') botMetrics.forward('not_helpful', 'limited');
    if (claim !== 'claimed') return;
    const question = await this.mustGet(questionId);
    try {
      await this.questions.markForwardDelivered(questionId, this.now().toISOString(), await this.support.deliver(question));
      botMetrics.forward('not_helpful', 'delivered');
    } catch {
      // Left in flight on purpose (see deliverForwardsInFlight).
      botMetrics.forward('not_helpful', 'failed');
    }
  }

  async forwardToSupport(questionId: number, userId: string): Promise<AskedQuestion> {
    if (!this.support.isConfigured()) throw new DomainError('SupportNotConfigured', 'no support conversation configured');
    const now = this.now();
    const since = new Date(now.getTime() - FORWARD_LIMIT.perMs).toISOString();
    const claim = await this.questions.claimForward(questionId, userId, now.toISOString(), { since, max: FORWARD_LIMIT.max });
    if (claim === 'not-found') throw new DomainError('NotFound', `question ${questionId}`);
    if (claim === 'not-asker') throw new DomainError('NotAsker', `question ${questionId} forwarded by another user`);
    if (claim === 'not-unanswered') throw new DomainError('InvalidInput', `question ${questionId} was answered`);
    if (claim === 'too-many') {
      botMetrics.forward('asked', 'limited');
      throw new DomainError('TooManyForwards', `user ${userId} forwarded ${FORWARD_LIMIT.max} questions within the hour`);
    }
    const question = await this.mustGet(questionId);
    if (claim === 'already-forwarded') return question;
    let activityId: string | undefined;
    try {
      activityId = await this.support.deliver(question);
    } catch (error) {
      await this.questions.releaseForward(questionId);
      botMetrics.forward('asked', 'failed');
      throw new DomainError('SupportUnavailable', `delivery failed: ${(error as Error).message}`);
    }
    await this.questions.markForwardDelivered(questionId, this.now().toISOString(), activityId);
    botMetrics.forward('asked', 'delivered');
    return question;
  }

  /**
   * Forwards claimed but never marked delivered (the bot stopped between the two) are sent now; the asker was told
   * they were sent. One in flight right now is younger than the grace period and left alone. Returns how many.
   */
  async deliverForwardsInFlight(now: Date): Promise<number> {
    if (!this.support.isConfigured()) return 0;
    let delivered = 0;
    for (const question of await this.questions.forwardsInFlight(new Date(now.getTime() - FORWARD_GRACE_MS).toISOString())) {
      try {
        await this.questions.markForwardDelivered(question.id, this.now().toISOString(), await this.support.deliver(question));
        delivered++;
        botMetrics.forward('next_run', 'delivered');
      } catch {
        // Support is still unreachable: the next run tries again.
        botMetrics.forward('next_run', 'failed');
      }
    }
    return delivered;
  }

  /** Example questions for the welcome and help cards, in the person's language. */
  examples(language: Language): string[] {
    return ['lifecycle', 'caption_deadline', 'extension', 'streaming']
      .map((id) => this.knowledge.entry(id)?.text[language].questions[0])
      .filter((q): q is string => q !== undefined);
  }

  private async mustGet(questionId: number): Promise<AskedQuestion> {
    const question = await this.questions.getQuestion(questionId);
    if (question === undefined) throw new DomainError('NotFound', `question ${questionId}`);
    return question;
  }
}
