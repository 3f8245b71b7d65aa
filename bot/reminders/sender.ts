import os from 'node:os';
import type { Logger } from '../logger';
import type { OwnerResolver } from '../people/ownerResolver';
import type { DigestRecord, ReminderOutbox } from '../storage/reminderRepositories';
import type { ConversationRepository, StoredConversation } from '../storage/repositories';
import type { DigestView } from './digestView';
import { SlidingWindowLimiter, TEAMS_PER_CONVERSATION, type Clock } from './rateLimiter';
import { botMetrics } from '../telemetry/metrics';

/**
 * Drains the outbox: each digest is claimed, its owner found, sent within Teams' limits, and recorded as sent. What
 * Teams refuses for good (blocked, uninstalled, gone) marks the chat unusable instead of being retried; what may
 * pass later (an outage of Teams or of the directory) is retried with backoff and jitter a bounded number of times,
 * then left as failed for the next run to plan again; what can never pass (400, 413) is dead-lettered with its reason.
 */

export interface Messenger {
  /** Sends a digest into an existing conversation; resolves to the new activity's id. */
  send(conversation: StoredConversation, digest: DigestView): Promise<string | undefined>;
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
  /** "owner: why" for each digest given up on for this run for a reason that may pass (the next run tries again). */
  failedOwners: string[];
}

export interface DrainOptions {
  /** Who claims the digests (the run's lease holder), so a restart can tell a dead sender's claims from a live one's. */
  holder?: string;
  /** Checked before each claim: a run that lost its lease stops sending. */
  shouldStop?: () => boolean;
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

const DEFAULT_HOLDER = `${os.hostname()}:${process.pid}`;
/** Recording a send is retried this often before it is left for the end of the drain (never sent again meanwhile). */
const RECORD_ATTEMPTS = 3;

interface Accepted {
  conversationId: string;
  activityId: string | undefined;
  at: string;
}

export class DigestSender {
  private readonly perConversation = new Map<string, SlidingWindowLimiter>();
  /** Digests Teams accepted whose record in the outbox failed: recorded later, never sent again by this process. */
  private readonly unrecorded = new Map<number, Accepted>();

  constructor(
    private readonly deps: {
      outbox: ReminderOutbox;
      resolver: OwnerResolver;
      messenger: Messenger;
      conversations: ConversationRepository;
      /** What the digest shows now, in the owner's language. */
      viewFor: (digest: DigestRecord, locale: string | undefined) => Promise<DigestView>;
      tenantLimiter: SlidingWindowLimiter;
      clock: Clock;
      logger: Logger;
      random?: () => number;
    },
    private readonly options: SenderOptions,
  ) {}

  async drain(run: DrainOptions = {}): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, failed: 0, unreachable: 0, retryLater: 0, failedOwners: [] };
    const { clock, outbox } = this.deps;
    const holder = run.holder ?? DEFAULT_HOLDER;
    const stopped = run.shouldStop ?? (() => false);
    const deadline = clock.now() + this.options.maxWaitMs;
    await this.recordAccepted();
    while (!stopped()) {
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
        while (index < batch.length && !stopped()) {
          const digest = batch[index++] as DigestRecord;
          try {
            await this.deliver(digest, holder, result);
          } catch (error) {
            // The outbox itself failed for this digest: it stays claimed, and is re-queued once its claim is stale.
            this.deps.logger.error({ digestId: digest.id, err: error }, 'could not handle a digest; the others go on');
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.options.concurrency, batch.length) }, worker));
    }
    await this.recordAccepted();
    this.perConversation.clear();
    return result;
  }

  /** Records sends Teams accepted while the outbox could not be written; true when nothing is left unrecorded. */
  async recordAccepted(): Promise<boolean> {
    for (const [id, sent] of [...this.unrecorded]) {
      try {
        await this.deps.outbox.markSent(id, sent.conversationId, sent.activityId, sent.at);
        this.unrecorded.delete(id);
      } catch (error) {
        this.deps.logger.error({ digestId: id, err: error }, 'still cannot record a digest Teams accepted; it will not be sent again by this process');
      }
    }
    return this.unrecorded.size === 0;
  }

  private async deliver(digest: DigestRecord, holder: string, result: DrainResult): Promise<void> {
    const { outbox, clock, logger } = this.deps;
    if (!(await outbox.claim(digest.id, new Date(clock.now()).toISOString(), holder))) return;
    const attempt = digest.attempts + 1;
    let conversation: StoredConversation | undefined;
    let outcome: Outcome;
    let activityId: string | undefined;
    try {
      // Inside the try: a directory outage for one owner is that owner's failure, retried like a failed send.
      const reach = await this.deps.resolver.resolve(digest.ownerKey);
      if (reach.kind === 'unreachable') {
        await outbox.markUnreachable(digest.id, reach.reason);
        result.unreachable++;
        botMetrics.digest('unreachable');
        logger.info({ digestId: digest.id, ownerKey: digest.ownerKey, reason: reach.reason }, 'owner unreachable');
        return;
      }
      conversation = reach.conversation;
      const view = await this.deps.viewFor(digest, reach.locale);
      await this.limiterFor(conversation.conversationId).acquire();
      await this.deps.tenantLimiter.acquire();
      activityId = await this.deps.messenger.send(conversation, view);
      outcome = { kind: 'sent' };
    } catch (error) {
      outcome = classify(error);
    }
    switch (outcome.kind) {
      case 'sent':
        // Teams has it: whatever happens to the record now, this digest is not sent again.
        await this.recordSent(digest.id, { conversationId: (conversation as StoredConversation).conversationId, activityId, at: new Date(clock.now()).toISOString() });
        result.sent++;
        botMetrics.digest('sent');
        return;
      case 'gone':
        if (conversation === undefined) {
          // Refused before any chat was known (e.g. the directory denies the bot): nothing to mark unusable.
          await outbox.markUnreachable(digest.id, `could not look the owner up: ${outcome.error}`);
        } else {
          await this.deps.conversations.markUnusable(conversation.conversationId, outcome.error, new Date(clock.now()).toISOString());
          await outbox.markUnreachable(digest.id, `Teams refused the chat: ${outcome.error}`);
        }
        result.unreachable++;
        botMetrics.digest('unreachable');
        logger.warn({ digestId: digest.id, error: outcome.error }, 'chat unusable; owner listed as unreachable');
        return;
      case 'dead':
        await outbox.markDead(digest.id, outcome.error);
        result.failed++;
        botMetrics.digest('dead_lettered');
        logger.error({ digestId: digest.id, error: outcome.error }, 'digest dead-lettered');
        return;
      case 'retry': {
        if (outcome.throttledMs !== undefined) this.deps.tenantLimiter.pauseUntil(clock.now() + outcome.throttledMs);
        if (attempt >= this.options.maxAttempts) {
          // Transient: the next run plans these notices again while they still matter (see ReminderService).
          await outbox.markFailed(digest.id, `gave up for this run after ${attempt} attempts: ${outcome.error}`);
          result.failed++;
          result.failedOwners.push(`${digest.ownerKey}: ${outcome.error} (${attempt} attempts; the next run tries again)`);
          botMetrics.digest('failed');
          logger.error({ digestId: digest.id, error: outcome.error, attempts: attempt }, 'digest not delivered in this run; the next run tries again');
          return;
        }
        const random = this.deps.random ?? Math.random;
        const delay = Math.round(random() * this.options.backoffMs * 2 ** (attempt - 1)) + (outcome.throttledMs ?? 0);
        await outbox.retryLater(digest.id, outcome.error, new Date(clock.now() + delay).toISOString());
        logger.warn({ digestId: digest.id, error: outcome.error, attempt, retryInMs: delay }, 'digest send failed; will retry');
      }
    }
  }

  private async recordSent(id: number, sent: Accepted): Promise<void> {
    for (let attempt = 1; attempt <= RECORD_ATTEMPTS; attempt++) {
      try {
        await this.deps.outbox.markSent(id, sent.conversationId, sent.activityId, sent.at);
        return;
      } catch (error) {
        this.deps.logger.warn({ digestId: id, err: error, attempt }, 'could not record a sent digest');
      }
    }
    this.unrecorded.set(id, sent);
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
