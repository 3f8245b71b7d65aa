import type { TokenCredential } from '@azure/identity';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { VideoSource } from '../panopto/videoSource';
import type { Directory } from '../people/directory';
import { OwnerResolver } from '../people/ownerResolver';
import { realClock, SlidingWindowLimiter, tenantWindows, type Clock } from '../reminders/rateLimiter';
import { ReminderService } from '../reminders/reminderService';
import { DigestSender, type SenderOptions } from '../reminders/sender';
import { currentDigestView } from '../reminders/viewInputs';
import type { Policy } from '../rules/policy';
import type { Store } from '../storage/repositories';
import { botAppId } from '../teams/adapter';
import { createSingleAttemptAdapter } from '../teams/singleAttemptAdapter';
import { TeamsMessenger } from '../teams/teamsMessenger';
import { StateAppInstallations } from '../storage/appInstallations';
import { createAppInstaller, createDirectory, graphCredential } from './graph';
import { createVideoSource } from './panopto';

/** Wires the reminder pipeline from configuration: Panopto (or demo data) → planner → outbox → Teams. */

/**
 * One digest on the wire at a time: Teams has no idempotency key for bot messages, so a crash between Teams accepting
 * a message and the outbox recording it sends that message again after the restart. Sending one at a time makes that
 * at most one digest per crash (README, "Delivery"), at the cost of throughput (one round trip per digest, a few per
 * second: minutes for a thousand owners, once a day).
 */
export const DEFAULT_SENDER_OPTIONS: SenderOptions = { maxAttempts: 5, concurrency: 1, backoffMs: 2_000, maxWaitMs: 10 * 60_000 };

export interface Reminders {
  service: ReminderService;
  sender: DigestSender;
}

export function createReminders(
  deps: {
    config: Config;
    policy: Policy;
    store: Store;
    logger: Logger;
    source?: VideoSource;
    /** Teams' per-tenant limit, shared with the rest of the process (interactive replies count too). */
    tenantLimiter?: SlidingWindowLimiter;
    /** The organisation's directory; by default Microsoft Graph with the bot's identity, when it has one. */
    directory?: Directory;
    /** Graph's token for the bot; by default from the bot's identity (a secret or a managed identity). */
    graphCredential?: TokenCredential;
    clock?: Clock;
    afterRun?: (now: Date) => Promise<number>;
    leaseMs?: number;
  },
  senderOptions: SenderOptions = DEFAULT_SENDER_OPTIONS,
): Reminders {
  const { config, policy, store, logger } = deps;
  const clock = deps.clock ?? realClock;
  // Its own adapter: each connector call is one POST, so the sender's attempts are the real number of POSTs.
  const adapter = createSingleAttemptAdapter(config);
  const messenger = new TeamsMessenger(adapter, botAppId(config), store.conversations, { serviceUrl: config.teamsServiceUrl, tenantId: config.identity?.tenantId });
  const credential = deps.graphCredential ?? graphCredential(config);
  const directory = deps.directory ?? createDirectory(config, credential);
  const installer = createAppInstaller(config, credential);
  const tenantLimiter = deps.tenantLimiter ?? new SlidingWindowLimiter(tenantWindows(deps.config.teamsTenantRps), clock);
  // Opening a chat is a connector call too, and counts against the tenant's limit like a send.
  const opener = {
    openChat: async (aadObjectId: string) => (await tenantLimiter.acquire(), messenger.openChat(aadObjectId)),
    chatWith: (aadObjectId: string, chatId: string) => messenger.chatWith(aadObjectId, chatId),
  };
  const installation = installer === undefined ? undefined : { installer, installations: new StateAppInstallations(store.botState), now: () => new Date(clock.now()) };
  const resolver = new OwnerResolver(store.conversations, directory, directory === undefined ? undefined : opener, logger, installation);
  const sender = new DigestSender(
    {
      outbox: store.outbox,
      resolver,
      messenger,
      conversations: store.conversations,
      tenantLimiter,
      clock,
      logger,
      viewFor: (digest, locale) => currentDigestView(store, digest, policy, locale, clock),
    },
    senderOptions,
  );
  const source = deps.source ?? createVideoSource(config, policy, logger, store.crawl);
  const service = new ReminderService({
    source,
    store,
    policy,
    sender,
    logger,
    now: () => new Date(clock.now()),
    ...(deps.afterRun === undefined ? {} : { afterRun: deps.afterRun }),
    leaseMs: deps.leaseMs ?? config.remindersLeaseMs,
  });
  return { service, sender };
}
