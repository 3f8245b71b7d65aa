import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import type { VideoSource } from '../panopto/videoSource';
import { localDate } from '../rules/dates';
import type { Policy } from '../rules/policy';
import type { RunSummary } from '../storage/reminderRepositories';
import type { Store } from '../storage/repositories';
import { groupByOwner, planNotices, type OwnerDigest } from './planner';
import type { DigestSender } from './sender';

/** One reminder run: read Panopto, plan what is due, record it in the outbox, then deliver it. Never two at once. */

export type RunReport =
  | { status: 'busy' }
  | { status: 'dry-run'; digests: OwnerDigest[]; skipped: number }
  | { status: 'done'; runId: number; summary: RunSummary };

const LEASE = 'reminders';
/** Short, and renewed while the run lives: a run that died frees the lease within minutes. */
const LEASE_MS = 5 * 60 * 1000;

/** Is the process holding a lease still alive? Only answerable for a holder on this host. */
function holderIsDead(holder: string): boolean {
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
    },
  ) {}

  async runOnce(options: { dryRun?: boolean } = {}): Promise<RunReport> {
    const { store, logger } = this.deps;
    const now = (this.deps.now ?? (() => new Date()))();
    // The lease is in the store: a run from the CLI and the server's daily run (or two instances) never overlap.
    if (!(await this.takeLease(now))) {
      logger.warn('a reminder run is already in progress; this one does nothing');
      return { status: 'busy' };
    }
    const heartbeat = setInterval(() => {
      const at = new Date();
      void store.leases.acquire(LEASE, this.holder, at.toISOString(), new Date(at.getTime() + LEASE_MS).toISOString());
    }, LEASE_MS / 3);
    heartbeat.unref();
    try {
      return await this.run(now, options.dryRun === true);
    } finally {
      clearInterval(heartbeat);
      await store.leases.release(LEASE, this.holder);
    }
  }

  private async takeLease(now: Date): Promise<boolean> {
    const { leases } = this.deps.store;
    const expiresAt = new Date(now.getTime() + LEASE_MS).toISOString();
    if (await leases.acquire(LEASE, this.holder, now.toISOString(), expiresAt)) return true;
    const current = await leases.holder(LEASE);
    if (current === undefined || !holderIsDead(current.holder)) return false;
    this.deps.logger.warn({ previous: current.holder }, 'the previous reminder run died; taking over its lease');
    return leases.takeOver(LEASE, current.holder, this.holder, expiresAt);
  }

  private async run(now: Date, dryRun: boolean): Promise<RunReport> {
    const { store, policy, logger, source } = this.deps;
    const runId = dryRun ? 0 : await store.outbox.startRun(now.toISOString(), false);
    // Digests a crashed run left mid-send go back to the queue (see README, "Delivery").
    if (!dryRun) {
      const recovered = await store.outbox.recoverInterrupted();
      if (recovered > 0) logger.warn({ recovered }, 'resuming digests interrupted by a crash');
    }
    const cached = new Map((await store.videos.allVideos()).map((v) => [v.id, v]));
    const videos = await source.fetchVideos(cached, now);
    await store.videos.upsertVideos(videos, now.toISOString());

    const planned = await store.outbox.plannedKeys();
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
      policy,
      today: localDate(now, policy.timeZone),
    });
    const digests = groupByOwner(notices);
    if (dryRun) return { status: 'dry-run', digests, skipped };

    const created = await store.outbox.enqueue(runId, digests, now.toISOString());
    logger.info({ runId, videos: videos.length, notices: notices.length, digests: created.length, source: source.name }, 'reminders planned');
    const drained = await this.deps.sender.drain();
    const unreachable = await store.outbox.unreachableOwners();
    const summary: RunSummary = {
      planned: notices.length,
      digests: created.length,
      sent: drained.sent,
      skipped,
      failed: drained.failed,
      unreachable: drained.unreachable,
      unreachableOwners: unreachable.map((u) => `${u.ownerKey}: ${u.reason}`),
    };
    if (this.deps.afterRun !== undefined) {
      const shown = await this.deps.afterRun(now);
      if (shown > 0) logger.info({ shown }, 'posted to support after the run (forwards and requests not delivered before, stale requests)');
    }
    await store.outbox.finishRun(runId, new Date().toISOString(), summary);
    logger.info({ runId, ...summary, unreachableOwners: summary.unreachableOwners.length }, 'reminder run finished');
    return { status: 'done', runId, summary };
  }
}
