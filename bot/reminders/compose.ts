import { ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { renderDigestCard } from '../../cards/digest';
import type { Config } from '../config';
import { languageFromLocale } from '../knowledge/language';
import type { Logger } from '../logger';
import { scheduleCaptions } from '../panopto/accessibility';
import { PanoptoClient } from '../panopto/client';
import type { CaptionScheduler } from './captionRequests';
import { EndpointPacer } from '../panopto/pacing';
import { DemoSource } from '../panopto/demoSource';
import { PanoptoSource } from '../panopto/panoptoSource';
import { loadUsageReport } from '../panopto/usageReport';
import { UsageReportSoap } from '../panopto/usageReportSoap';
import type { VideoSource } from '../panopto/videoSource';
import { GraphDirectory, type Directory } from '../people/directory';
import { OwnerResolver } from '../people/ownerResolver';
import { localDate } from '../rules/dates';
import type { Policy } from '../rules/policy';
import type { Store } from '../storage/repositories';
import type { CrawlRepository } from '../storage/crawlRepository';
import { botAppId } from '../teams/adapter';
import { createSingleAttemptAdapter } from '../teams/singleAttemptAdapter';
import { TeamsMessenger } from '../teams/teamsMessenger';
import { digestView, type ViewContext } from './digestView';
import type { CachedVideo } from '../storage/reminderRepositories';
import type { OwnerDeclarations } from '../rules/videoStatus';
import { realClock, SlidingWindowLimiter, tenantWindows, type Clock } from './rateLimiter';
import { ReminderService } from './reminderService';
import { DigestSender, type SenderOptions } from './sender';

/** Wires the reminder pipeline from configuration: Panopto (or demo data) → planner → outbox → Teams. */

/**
 * One digest on the wire at a time: Teams has no idempotency key for bot messages, so a crash between Teams accepting
 * a message and the outbox recording it sends that message again after the restart. Sending one at a time makes that
 * at most one digest per crash (README, "Delivery"), at the cost of throughput (one round trip per digest, a few per
 * second: minutes for a thousand owners, once a day).
 */
export const DEFAULT_SENDER_OPTIONS: SenderOptions = { maxAttempts: 5, concurrency: 1, backoffMs: 2_000, maxWaitMs: 10 * 60_000 };

/** One pacer per Panopto configuration: every client in the process shares Panopto's per-endpoint limits. */
const pacers = new WeakMap<object, EndpointPacer>();
function pacerFor(p: NonNullable<Config['panopto']>): EndpointPacer {
  let pacer = pacers.get(p);
  if (pacer === undefined) {
    pacer = new EndpointPacer(p.limits);
    pacers.set(p, pacer);
  }
  return pacer;
}

function panoptoClient(p: NonNullable<Config['panopto']>, logger: Logger): PanoptoClient {
  const auth =
    p.grant === 'password'
      ? { grant: 'password' as const, clientId: p.clientId, clientSecret: p.clientSecret, username: p.username ?? '', password: p.password ?? '' }
      : { grant: 'client_credentials' as const, clientId: p.clientId, clientSecret: p.clientSecret };
  return new PanoptoClient({ baseUrl: p.baseUrl, auth, timeoutMs: p.timeoutMs, maxAttempts: 5, logger, pacer: pacerFor(p) });
}

/** Requests captions in Panopto for "Request captions"; none with the demo data. */
export function createCaptionScheduler(config: Config, logger: Logger): CaptionScheduler | undefined {
  if (config.panopto === undefined) return undefined;
  const client = panoptoClient(config.panopto, logger);
  return { schedule: (sessionId, providerName) => scheduleCaptions(client, sessionId, providerName) };
}

export function createVideoSource(config: Config, policy: Policy, logger: Logger, crawl?: CrawlRepository): VideoSource {
  const p = config.panopto;
  if (p === undefined) return new DemoSource(policy.links.panopto, logger);
  const client = panoptoClient(p, logger);
  return new PanoptoSource(
    client,
    {
      baseUrl: p.baseUrl,
      folderIds: p.folderIds,
      ownerEmailDomain: p.ownerEmailDomain,
      concurrency: p.concurrency,
      policy,
      viewsWatchDays: Math.max(...policy.reminders.deletionDaysBefore) + 15,
      ...(p.usageReportCsv === undefined ? {} : { usageReport: loadUsageReport(p.usageReportCsv) }),
      ...(crawl === undefined ? {} : { crawl }),
      ...(p.usageReportFetch && p.usageReportCsv === undefined && p.grant === 'password'
        ? { usageReportSoap: new UsageReportSoap(p.baseUrl, { userKey: p.username ?? '', password: p.password ?? '' }, p.timeoutMs) }
        : {}),
      budgetMs: p.crawlBudgetMs,
    },
    logger,
  );
}

function graphCredential(config: Config): TokenCredential | undefined {
  const identity = config.identity;
  if (identity === undefined) return undefined;
  if (identity.appType === 'UserAssignedMsi') return new ManagedIdentityCredential({ clientId: identity.appId });
  if (identity.appPassword === undefined || identity.tenantId === undefined) return undefined;
  return new ClientSecretCredential(identity.tenantId, identity.appId, identity.appPassword);
}

/** The current facts and declarations of some videos, for drawing their card. */
export async function viewInputs(store: Store, videoIds: readonly string[], policy: Policy, locale: string | undefined, clock: Clock = realClock) {
  const videos = new Map<string, CachedVideo>();
  const declarations = new Map<string, OwnerDeclarations>();
  for (const id of videoIds) {
    const video = await store.videos.getVideo(id);
    if (video !== undefined) videos.set(id, video);
    declarations.set(id, await store.declarations.get(id));
  }
  const context: ViewContext = {
    policy,
    language: languageFromLocale(locale) ?? 'en',
    today: localDate(new Date(clock.now()), policy.timeZone),
    declarations,
    snoozes: await store.declarations.snoozes(),
    pendingRequests: await pendingRequests(store, videoIds),
  };
  return [videos, context] as const;
}

async function pendingRequests(store: Store, videoIds: readonly string[]): Promise<Map<string, number>> {
  const open = new Map<string, number>();
  for (const id of videoIds) {
    const request = await store.extensions.pendingFor(id);
    if (request !== undefined) open.set(id, request.id);
  }
  return open;
}

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
  const credential = graphCredential(config);
  const directory = deps.directory ?? (credential === undefined ? undefined : new GraphDirectory(credential, config.graphBaseUrl));
  const tenantLimiter = deps.tenantLimiter ?? new SlidingWindowLimiter(tenantWindows(deps.config.teamsTenantRps), clock);
  // Opening a chat is a connector call too, and counts against the tenant's limit like a send.
  const opener = { openChat: async (aadObjectId: string) => (await tenantLimiter.acquire(), messenger.openChat(aadObjectId)) };
  const resolver = new OwnerResolver(store.conversations, directory, directory === undefined ? undefined : opener, logger);
  const sender = new DigestSender(
    {
      outbox: store.outbox,
      resolver,
      messenger,
      conversations: store.conversations,
      tenantLimiter,
      clock,
      logger,
      cardFor: async (digest, locale) => renderDigestCard(digestView(digest.id, digest.notices, ...(await viewInputs(store, digest.notices.map((n) => n.videoId), policy, locale, clock)))),
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
