import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { groupByOwner, planNotices } from '../../bot/reminders/planner';
import { localDate } from '../../bot/rules/dates';
import { loadPolicy } from '../../bot/rules/policy';
import type { VideoFacts } from '../../bot/rules/videoStatus';
import { seededRandom } from './stats';

/**
 * Planning reminders for N sessions (the pure planner over facts in memory, as a run does after reading Panopto),
 * each size in a fresh process so peak RSS is its own. Goal for 100 000: < 3 s and < 300 MB, growing linearly.
 */

const DAY = 86_400_000;

export function syntheticVideos(count: number, now: Date, seed = 7): VideoFacts[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const publishedDaysAgo = Math.floor(random() * 1500);
    const viewed = random() < 0.8 ? Math.floor(random() * publishedDaysAgo) : undefined;
    return {
      id: `session-${i}`,
      title: `Recording ${i}`,
      ownerKey: `owner-${i % Math.max(1, Math.floor(count / 8))}@example.edu`,
      ownerName: undefined,
      publishedAt: new Date(now.getTime() - publishedDaysAgo * DAY).toISOString(),
      hasCaptions: random() < 0.7,
      isLive: false,
      lastViewedAt: viewed === undefined ? undefined : new Date(now.getTime() - viewed * DAY).toISOString(),
      viewerUrl: `https://panopto.example.edu/v/${i}`,
    };
  });
}

/** Runs in the child: plan once for `count` sessions and print time and peak RSS as JSON. */
export function planOnce(count: number): { count: number; ms: number; notices: number; owners: number; peakRssMb: number } {
  const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));
  const now = new Date('2026-11-26T07:00:00Z');
  const videos = syntheticVideos(count, now);
  const start = process.hrtime.bigint();
  const notices = planNotices({ videos, declarations: new Map(), snoozes: new Map(), alreadyPlanned: () => false, policy, today: localDate(now, policy.timeZone) });
  const digests = groupByOwner(notices);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { count, ms, notices: notices.length, owners: digests.length, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

export function benchPlanning(sizes = [10_000, 100_000]): void {
  for (const count of sizes) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', `console.log(JSON.stringify(require(${JSON.stringify(__filename)}).planOnce(${count})))`], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as ReturnType<typeof planOnce>;
    console.log(
      `planning ${r.count.toLocaleString('en')} sessions: ${(r.ms / 1000).toFixed(2)} s, ${(r.ms / r.count * 1000).toFixed(1)} µs/session, ` +
        `peak RSS ${r.peakRssMb.toFixed(0)} MB (process total), ${r.notices} notices for ${r.owners} owners  [goal 100k < 3 s, < 300 MB]`,
    );
  }
}
