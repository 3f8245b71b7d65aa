import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import type { VideoSource } from '../panopto/videoSource';
import { localDate } from '../rules/dates';
import type { Policy } from '../rules/policy';
import type { RunSummary } from '../storage/reminderRepositories';
import type { Store } from '../storage/repositories';
import { groupByOwner, planNotices, snoozeKey, type OwnerDigest } from './planner';
import { missedDailyRun } from './schedule';
import type { DigestSender } from './sender';
import { withCorrelation } from '../telemetry/correlation';
import { botMetrics } from '../telemetry/metrics';
import { inSpan } from '../telemetry/tracing';

/** One reminder run: read Panopto, plan what is due, record it in the outbox, then deliver it. Never two at once. */

export type RunReport =
  | { status: 'busy' }
  | { status: 'dry-run'; digests: OwnerDigest[]; skipped: number }
  | { status: 'done'; runId: number; summary: RunSummary };

const LEASE = 'reminders';
/** Short, and renewed while the run lives: a run that died frees the lease within minutes. */
const LEASE_MS = 5 * 60 * 1000;

/** Is the process holding a lease (or a claim) still alive? Only answerable for a holder on this host. */
export function holderIsDead(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== os.hostname() || pid === undefined || pid === String(process.pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class ReminderService {
  private readonly holder = `${os.hostname()}:${process.pid}:${randomUUID()}`;

  constructor(
    private readonly deps: {
      source: VideoSource;
      store: Store;
      policy: Policy;
      sender: DigestSender;
      logger: Logger;
      now?: () => Date;
      /** Daily housekeeping that rides on the run, e.g. re-surfacing stale extension requests to support. */
      afterRun?: (now: Date) => Promise<number>;
      /** How long the lease lasts unless renewed (renewed every third of it while the run lives). */
      leaseMs?: number;
    },
  ) {}

  private get leaseMs(): number {
    return this.deps.leaseMs ?? LEASE_MS;
  }

  private now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  /**
   * Runs today's run if it is past the daily time and no run has finished since: after downtime at that hour, a
   * crash mid-run, or a run that found the lease held by a run that then died.
   */
  async runIfMissed(): Promise<RunReport | { status: 'not-due' }> {
    const now = this.now();
    const lastFinished = await this.deps.store.outbox.lastFinishedRunStartedAt();
    if (!missedDailyRun(now, lastFinished, this.deps.policy.reminders.sendAt, this.deps.policy.timeZone)) return { status: 'not-due' };
    this.deps.logger.warn({ lastFinished }, "today's reminder run has not happened; running it now");
    return this.runOnce();
  }

  /** Every log line of the run carries its runId: the trace id when traces are recorded, else a fresh id. */
  async runOnce(options: { dryRun?: boolean } = {}): Promise<RunReport> {
    return inSpan('bot.reminder.run', { 'bot.dry_run': options.dryRun === true }, (traceId) => withCorrelation({ runId: traceId ?? randomUUID() }, () => this.measuredRun(options)));
  }

  private async measuredRun(options: { dryRun?: boolean }): Promise<RunReport> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const report = await this.leasedRun(options);
      if (report.status === 'done') botMetrics.reminderRun('done', seconds(), report.summary.planned);
      if (report.status === 'busy') botMetrics.reminderRun('busy', seconds(), 0);
      return report;
    } catch (error) {
      if (options.dryRun !== true) botMetrics.reminderRun('failed', seconds(), 0);
      throw error;
    }
  }

  private async leasedRun(options: { dryRun?: boolean }): Promise<RunReport> {
    const { store, logger } = this.deps;
    const now = this.now();
    // The lease is in the store: a run from the CLI and the server's daily run (or two instances) never overlap.
    if (!(await this.takeLease(now))) {
      logger.warn('a reminder run is already in progress; this one does nothing');
      return { status: 'busy' };
    }
    const lease = { lost: false };
    const heartbeat = setInterval(() => {
      const at = this.now();
      void store.leases.acquire(LEASE, this.holder, at.toISOString(), new Date(at.getTime() + this.leaseMs).toISOString()).then(
        (held) => {
          // Another run took the lease (ours expired: a stalled process, a clock jump): stop sending, say so.
          if (!held && !lease.lost) {
            lease.lost = true;
            logger.error('the reminder run lost its lease to another run; it stops sending');
          }
        },
        (error: unknown) => logger.error({ err: error }, 'could not renew the reminder lease'),
      );
    }, this.leaseMs / 3);
    heartbeat.unref();
    try {
      return await this.run(now, options.dryRun === true, lease);
    } finally {
      clearInterval(heartbeat);
      await store.leases.release(LEASE, this.holder);
    }
  }

  private async takeLease(now: Date): Promise<boolean> {
    const { leases } = this.deps.store;
    const expiresAt = new Date(now.getTime() + this.leaseMs).toISOString();
    if (await leases.acquire(LEASE, this.holder, now.toISOString(), expiresAt)) return true;
    const current = await leases.holder(LEASE);
    if (current === undefined || !holderIsDead(current.holder)) return false;
    this.deps.logger.warn({ previous: current.holder }, 'the previous reminder run died; taking over its lease');
    return leases.takeOver(LEASE, current.holder, this.holder, expiresAt);
  }

  private async run(now: Date, dryRun: boolean, lease: { lost: boolean }): Promise<RunReport> {
    const { store, policy, logger, source, sender } = this.deps;
    const runId = dryRun ? 0 : await store.outbox.startRun(now.toISOString(), false);
    try {
      if (!dryRun) await this.recover(now);
      const cached = new Map((await store.videos.allVideos()).map((v) => [v.id, v]));
      const crawl = await source.fetchVideos(cached, now);
      const { videos } = crawl;
      // A dry run caches the facts too (it prints titles from them), but changes nothing an owner would see.
      await store.videos.upsertVideos(videos, now.toISOString());
      if (!dryRun) {
        const present = new Set([...videos.map((v) => v.id), ...crawl.unreadable.map((u) => u.id)]);
        await store.videos.markGone([...cached.keys()].filter((id) => !present.has(id)), now.toISOString());
      }

      // What earlier runs could not deliver goes back to the planner: still relevant, it joins today's digest.
      const released = dryRun ? await store.outbox.unsentNotices() : await store.outbox.releaseUnsent();
      const planned = await store.outbox.plannedAt();
      // A dry run leaves the ledger as it is, and plans as if it had taken them back.
      if (dryRun) for (const notice of released) planned.delete(notice.key);
      let skipped = 0;
      const notices = planNotices({
        videos,
        declarations: await store.declarations.all(),
        snoozes: await store.declarations.snoozes(),
        alreadyPlanned: (key) => {
          const seen = planned.has(key);
          if (seen) skipped++;
          return seen;
        },
        plannedOn: (key) => {
          const at = planned.get(key);
          return at === undefined ? undefined : localDate(at, policy.timeZone);
        },
        policy,
        today: localDate(now, policy.timeZone),
      });
      const digests = groupByOwner(notices);
      if (dryRun) return { status: 'dry-run', digests, skipped };

      const replanned = new Set(notices.map((n) => snoozeKey(n.videoId, n.kind)));
      const redelivered = released.filter((n) => replanned.has(snoozeKey(n.videoId, n.kind))).length;
      if (released.length > 0) logger.warn({ redelivered, expired: released.length - redelivered }, 'notices not delivered earlier are planned again where they still matter');

      const created = await store.outbox.enqueue(runId, digests, now.toISOString());
      logger.info({ run: runId, videos: videos.length, notices: notices.length, digests: created.length, source: source.name }, 'reminders planned');
      const drained = await sender.drain({ holder: this.holder, shouldStop: () => lease.lost });
      const unreachable = await store.outbox.unreachableOwners();
      const summary: RunSummary = {
        planned: notices.length,
        digests: created.length,
        sent: drained.sent,
        skipped,
        failed: drained.failed,
        unreachable: drained.unreachable,
        unreachableOwners: unreachable.map((u) => `${u.ownerKey}: ${u.reason}`),
        ...(drained.failedOwners.length === 0 ? {} : { failedOwners: drained.failedOwners }),
        waitingForRetry: drained.retryLater,
        redelivered,
        expiredUndelivered: released.length - redelivered,
        unreadableSessions: crawl.unreadable.map((u) => `${u.id}: ${u.reason}`),
        ...(crawl.captionPreviewUnavailable === undefined ? {} : { captionPreviewUnavailable: crawl.captionPreviewUnavailable }),
        ...(lease.lost ? { leaseLost: true } : {}),
        ...(crawl.progress === undefined ? {} : { crawl: crawl.progress }),
      };
      await this.housekeeping(now);
      if (!lease.lost) await store.outbox.finishRun(runId, new Date().toISOString(), summary);
      logger.info({ run: runId, ...summary, unreachableOwners: summary.unreachableOwners.length, unreadableSessions: summary.unreadableSessions?.length, failedOwners: summary.failedOwners?.length }, 'reminder run finished');
      return { status: 'done', runId, summary };
    } catch (error) {
      // Panopto down, say: what is not about Panopto (forwards, stale requests) still gets done today.
      if (!dryRun) await this.housekeeping(now);
      throw error;
    }
  }

  /**
   * Digests a crashed run left mid-send go back to the queue (see README, "Delivery"). This run holds the lease, so a
   * claim by any other run is one whose run lost the lease: dead (on another instance its process cannot be asked),
   * or stalled past its lease, in which case it stops at its next renewal and its one send in flight may arrive twice
   * (the duplicate bound). Waiting for such a claim to age past the lease would leave its owner without a digest
   * until the next day's run.
   */
  private async recover(now: Date): Promise<void> {
    const { store, sender, logger } = this.deps;
    if (!(await sender.recordAccepted())) {
      logger.error('sends Teams accepted are still unrecorded; not re-queueing interrupted digests this run');
      return;
    }
    const recovered = await store.outbox.recoverInterrupted((holder) => holder !== this.holder, new Date(now.getTime() - this.leaseMs).toISOString());
    if (recovered > 0) logger.warn({ recovered }, 'resuming digests interrupted by a crash');
  }

  private async housekeeping(now: Date): Promise<void> {
    if (this.deps.afterRun === undefined) return;
    try {
      const shown = await this.deps.afterRun(now);
      if (shown > 0) this.deps.logger.info({ shown }, 'posted to support after the run (forwards and requests not delivered before, stale requests)');
    } catch (error) {
      this.deps.logger.error({ err: error }, 'daily housekeeping after the reminder run failed');
    }
  }
}
