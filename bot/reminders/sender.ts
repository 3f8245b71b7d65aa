import type { AdaptiveCard } from '../../cards/render';
import type { Logger } from '../logger';
import type { OwnerResolver } from '../people/ownerResolver';
import type { DigestRecord, ReminderOutbox } from '../storage/reminderRepositories';
import type { ConversationRepository, StoredConversation } from '../storage/repositories';
import { SlidingWindowLimiter, TEAMS_PER_CONVERSATION, type Clock } from './rateLimiter';

/**
 * Drains the outbox: each digest is claimed, its owner found, sent within Teams' limits, and recorded as sent. What
 * Teams refuses for good (blocked, uninstalled, gone) marks the chat unusable instead of being retried; what may
 * pass later is retried with backoff and jitter, a bounded number of times, then dead-lettered with its reason.
 */

export interface Messenger {
  /** Sends a card into an existing conversation; resolves to the new activity's id. */
  send(conversation: StoredConversation, card: AdaptiveCard): Promise<string | undefined>;
}

export interface SenderOptions {
  maxAttempts: number;
  concurrency: number;
  /** First retry delay; doubles per attempt, with full jitter. */
  backoffMs: number;
  /** How long a run waits for retries before leaving them to the next run. */
  maxWaitMs: number;
}

export interface DrainResult {
  sent: number;
  failed: number;
  unreachable: number;
  retryLater: number;
}

type Outcome = { kind: 'sent' } | { kind: 'retry'; error: string; throttledMs?: number } | { kind: 'gone'; error: string } | { kind: 'dead'; error: string };

export function classify(error: unknown): Outcome {
  const status = (error as { statusCode?: number }).statusCode;
  const code = (error as { code?: string }).code ?? '';
  const label = `${status === undefined ? 'network error' : `HTTP ${status}`}${code === '' ? '' : ` ${code}`}`;
  if (status === 429) return { kind: 'retry', error: label, throttledMs: 1000 };
  // 403 (not installed, blocked by the user, disabled by an admin) and 404 (conversation gone): retrying cannot help.
  if (status === 403 || status === 404) return { kind: 'gone', error: label };
  if (status === 413 || status === 400 || status === 401) return { kind: 'dead', error: label };
  return { kind: 'retry', error: status === undefined ? `${label}: ${(error as Error).message}` : label };
}

export class DigestSender {
  private readonly perConversation = new Map<string, SlidingWindowLimiter>();

  constructor(
    private readonly deps: {
      outbox: ReminderOutbox;
      resolver: OwnerResolver;
      messenger: Messenger;
      conversations: ConversationRepository;
      cardFor: (digest: DigestRecord, locale: string | undefined) => Promise<AdaptiveCard>;
      tenantLimiter: SlidingWindowLimiter;
      clock: Clock;
      logger: Logger;
      random?: () => number;
    },
    private readonly options: SenderOptions,
  ) {}

  async drain(): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, failed: 0, unreachable: 0, retryLater: 0 };
    const { clock, outbox } = this.deps;
    const deadline = clock.now() + this.options.maxWaitMs;
    for (;;) {
      // Small batches: loading one is synchronous work that would delay sends already let through the limiter.
      const batch = await outbox.due(new Date(clock.now()).toISOString(), this.options.concurrency * 4);
      if (batch.length === 0) {
        const nextAt = await outbox.nextAttemptAt();
        if (nextAt === undefined) break;
        const next = Date.parse(nextAt);
        if (next > deadline) {
          result.retryLater = await outbox.pendingCount();
          break;
        }
        await clock.sleep(Math.max(0, next - clock.now()));
        continue;
      }
      let index = 0;
      const worker = async () => {
        while (index < batch.length) {
          const digest = batch[index++] as DigestRecord;
          await this.deliver(digest, result);
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.options.concurrency, batch.length) }, worker));
    }
    this.perConversation.clear();
    return result;
  }

  private async deliver(digest: DigestRecord, result: DrainResult): Promise<void> {
    const { outbox, clock, logger } = this.deps;
    if (!(await outbox.claim(digest.id, new Date(clock.now()).toISOString()))) return;
    const attempt = digest.attempts + 1;
    const reach = await this.deps.resolver.resolve(digest.ownerKey);
    if (reach.kind === 'unreachable') {
      await outbox.markUnreachable(digest.id, reach.reason);
      result.unreachable++;
      logger.info({ digestId: digest.id, ownerKey: digest.ownerKey, reason: reach.reason }, 'owner unreachable');
      return;
    }
    const conversation = reach.conversation;
    let outcome: Outcome;
    try {
      const card = await this.deps.cardFor(digest, reach.locale);
      await this.limiterFor(conversation.conversationId).acquire();
      await this.deps.tenantLimiter.acquire();
      const activityId = await this.deps.messenger.send(conversation, card);
      // Recorded right after Teams accepted it: a crash can only fall in the moment between the two.
      await outbox.markSent(digest.id, conversation.conversationId, activityId, new Date(clock.now()).toISOString());
      outcome = { kind: 'sent' };
    } catch (error) {
      outcome = classify(error);
    }
    switch (outcome.kind) {
      case 'sent':
        result.sent++;
        return;
      case 'gone':
        await this.deps.conversations.markUnusable(conversation.conversationId, outcome.error, new Date(clock.now()).toISOString());
        await outbox.markUnreachable(digest.id, `Teams refused the chat: ${outcome.error}`);
        result.unreachable++;
        logger.warn({ digestId: digest.id, error: outcome.error }, 'chat unusable; owner listed as unreachable');
        return;
      case 'dead':
        await outbox.markDead(digest.id, outcome.error);
        result.failed++;
        logger.error({ digestId: digest.id, error: outcome.error }, 'digest dead-lettered');
        return;
      case 'retry': {
        if (outcome.throttledMs !== undefined) this.deps.tenantLimiter.pauseUntil(clock.now() + outcome.throttledMs);
        if (attempt >= this.options.maxAttempts) {
          await outbox.markDead(digest.id, `gave up after ${attempt} attempts: ${outcome.error}`);
          result.failed++;
          logger.error({ digestId: digest.id, error: outcome.error, attempts: attempt }, 'digest dead-lettered');
          return;
        }
        const random = this.deps.random ?? Math.random;
        const delay = Math.round(random() * this.options.backoffMs * 2 ** (attempt - 1)) + (outcome.throttledMs ?? 0);
        await outbox.retryLater(digest.id, outcome.error, new Date(clock.now() + delay).toISOString());
        logger.warn({ digestId: digest.id, error: outcome.error, attempt, retryInMs: delay }, 'digest send failed; will retry');
      }
    }
  }

  private limiterFor(conversationId: string): SlidingWindowLimiter {
    let limiter = this.perConversation.get(conversationId);
    if (limiter === undefined) {
      limiter = new SlidingWindowLimiter(TEAMS_PER_CONVERSATION, this.deps.clock);
      this.perConversation.set(conversationId, limiter);
    }
    return limiter;
  }
}
