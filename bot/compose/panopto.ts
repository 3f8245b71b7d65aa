import type { Config } from '../config';
import type { Logger } from '../logger';
import { scheduleCaptions } from '../panopto/accessibility';
import { PanoptoClient } from '../panopto/client';
import { DemoSource } from '../panopto/demoSource';
import { EndpointPacer } from '../panopto/pacing';
import { PanoptoSource } from '../panopto/panoptoSource';
import { loadUsageReport } from '../panopto/usageReport';
import { UsageReportSoap } from '../panopto/usageReportSoap';
import type { VideoSource } from '../panopto/videoSource';
import type { CaptionScheduler } from '../reminders/captionRequests';
import type { Policy } from '../rules/policy';
import type { CrawlRepository } from '../storage/crawlRepository';

/** Panopto from configuration: the site's API (or the demo data without one). */

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

/** A client for the configured Panopto site; every client shares the site's pacer. */
export function panoptoClient(p: NonNullable<Config['panopto']>, logger: Logger): PanoptoClient {
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
