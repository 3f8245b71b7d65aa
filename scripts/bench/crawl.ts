import { createLogger } from '../../bot/logger';
import { PanoptoClient } from '../../bot/panopto/client';
import { MemoryCrawl } from '../../bot/panopto/memoryCrawl';
import { EndpointPacer, PANOPTO_LIMITS, endpointOf } from '../../bot/panopto/pacing';
import { PanoptoSource, ROOT_FOLDER } from '../../bot/panopto/panoptoSource';
import { loadPolicy } from '../../bot/rules/policy';
import type { CachedVideo } from '../../bot/storage/reminderRepositories';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { UsageReportSoap } from '../../bot/panopto/usageReportSoap';

/**
 * The crawl of a large tenant under Panopto's limits (5/s, 100/min, 5,000/h per endpoint), in simulated time: an
 * in-process Panopto shaped like the issue's measurement (sessions in folders of about 22, 25 per page, views on most),
 * the real client, pacer and source, and a clock that jumps to the next wake-up when every request is waiting. Daily
 * runs with the default budget (2 h) until the picture is complete. Prints figures; asserts nothing.
 */

const PAGE_SIZE = 25;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Simulated time: sleeping registers a wake-up; when nothing else can run, time jumps to the earliest one. */
class VirtualClock {
  private at = Date.parse('2026-11-30T06:00:00Z');
  private readonly timers: Array<{ at: number; wake: () => void }> = [];
  private scheduled = false;

  now = (): number => this.at;

  sleep = (ms: number): Promise<void> =>
    new Promise((wake) => {
      this.timers.push({ at: this.at + ms, wake });
      this.kick();
    });

  advance(ms: number): void {
    this.at += ms;
  }

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.timers.length === 0) return;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift() as { at: number; wake: () => void };
      this.at = Math.max(this.at, next.at);
      next.wake();
      if (this.timers.length > 0) this.kick();
    });
  }
}

interface Tenant {
  folders: Map<string, string[]>;
  sessionsIn: Map<string, Array<{ Id: string; Name: string; StartTime: string }>>;
  due: Set<string>;
}

function tenant(sessions: number, now: number): Tenant {
  const folderCount = Math.round(sessions / 22);
  const folders = new Map<string, string[]>([[ROOT_FOLDER, []]]);
  const sessionsIn = new Map<string, Array<{ Id: string; Name: string; StartTime: string }>>();
  const departments = 40;
  for (let d = 0; d < departments; d++) {
    folders.set(`dept-${d}`, []);
    folders.get(ROOT_FOLDER)?.push(`dept-${d}`);
    sessionsIn.set(`dept-${d}`, []);
  }
  for (let f = 0; f < folderCount; f++) {
    const id = `course-${f}`;
    folders.set(id, []);
    folders.get(`dept-${f % departments}`)?.push(id);
    sessionsIn.set(id, []);
  }
  const due = new Set<string>();
  for (let s = 0; s < sessions; s++) {
    // One in a hundred was published in the last two weeks (captions due); the rest over the last three years.
    const recent = s % 100 === 37;
    const ageDays = recent ? (s % 13) + 1 : 30 + ((s * 7919) % 1_000);
    const id = `session-${s}`;
    if (recent) due.add(id);
    sessionsIn.get(`course-${s % folderCount}`)?.push({ Id: id, Name: `Lecture ${s}`, StartTime: new Date(now - ageDays * DAY).toISOString() });
  }
  return { folders, sessionsIn, due };
}

/** Panopto's answers in process: no sockets, so simulated hours pass in seconds. */
function inProcessPanopto(t: Tenant, onDetails: (id: string) => void, bulk: boolean): typeof fetch {
  const answer = (status: number, body: unknown) =>
    ({ ok: status < 400, status, headers: new Headers(), body: null, json: async () => body }) as unknown as Response;
  const page = <T>(items: T[], pageNumber: number) => answer(200, { Results: items.slice(pageNumber * PAGE_SIZE, (pageNumber + 1) * PAGE_SIZE) });
  const raw = (status: number, bytes: Buffer | string) =>
    ({ ok: status < 400, status, headers: new Headers(), text: async () => String(bytes), arrayBuffer: async () => Buffer.from(bytes) }) as unknown as Response;
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/oauth2/connect/token')) return answer(200, { access_token: 'bench', expires_in: 3600 });
    if (url.pathname.endsWith('/UsageReporting.svc')) {
      if (!bulk) return raw(500, '<faultstring>Not permitted</faultstring>');
      if (String(init?.body).includes('<QueueReport ')) return raw(200, '<QueueReportResult>bench-report</QueueReportResult>');
      const zip = new AdmZip();
      const rows: string[] = [];
      for (const sessions of t.sessionsIn.values()) for (const s of sessions) rows.push(`${s.Id},${Number(s.Id.split('-')[1]) % 50 === 0 ? '' : '2026-10-01T10:00:00Z'}`);
      zip.addFile('SessionUsage.csv', Buffer.from(`Session ID,Most Recent View Date\n${rows.join('\n')}\n`));
      return raw(200, zip.toBuffer());
    }
    if (url.pathname.endsWith('/searchIndexSync/updates')) return bulk ? answer(200, { Updates: [], NextToken: null }) : answer(403, {});
    const parts = url.pathname.replace('/Panopto/api/v1/', '').split('/');
    const pageNumber = Number(url.searchParams.get('pageNumber') ?? '0');
    if (parts[0] === 'folders' && parts[2] === 'children') return page((t.folders.get(parts[1] ?? '') ?? []).map((Id) => ({ Id })), pageNumber);
    if (parts[0] === 'folders' && parts[2] === 'sessions') return page(t.sessionsIn.get(parts[1] ?? '') ?? [], pageNumber);
    if (parts[0] === 'sessions' && parts.length === 2) {
      const id = parts[1] as string;
      onDetails(id);
      const n = Number(id.split('-')[1]);
      return answer(200, { Id: id, Name: `Lecture ${n}`, CreatedBy: { Username: `XAMK\\owner${n % 1_500}` }, Urls: { ViewerUrl: `https://x/${id}`, CaptionDownloadUrl: n % 3 === 0 ? null : 'https://x/cc' } });
    }
    if (parts[0] === 'sessions' && parts[2] === 'viewers') {
      const n = Number((parts[1] as string).split('-')[1]);
      return page(n % 50 === 0 ? [] : [{ LastViewedDateTime: '2026-10-01T10:00:00Z' }], pageNumber);
    }
    return answer(404, {});
  }) as typeof fetch;
}

async function benchTenant(sessions: number, budgetMs: number, bulk: boolean): Promise<void> {
  const clock = new VirtualClock();
  const start = clock.now();
  const t = tenant(sessions, start);
  const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));
  const dueReadAt = new Map<string, number>();
  const panoptoFetch = inProcessPanopto(
    t,
    (id) => {
      if (t.due.has(id) && !dueReadAt.has(id)) dueReadAt.set(id, clock.now());
    },
    bulk,
  );
  const pacer = new EndpointPacer(PANOPTO_LIMITS, clock, { guardMs: 0 });
  const client = new PanoptoClient({
    baseUrl: 'https://bench.panopto.invalid',
    auth: { grant: 'client_credentials', clientId: 'bench', clientSecret: 'bench' },
    timeoutMs: 30_000,
    maxAttempts: 3,
    logger: createLogger('silent'),
    pacer,
    fetch: panoptoFetch,
  });
  const crawl = new MemoryCrawl();
  const source = new PanoptoSource(
    client,
    { baseUrl: 'https://bench.panopto.invalid', folderIds: [], ownerEmailDomain: 'xamk.fi', concurrency: 4, policy, viewsWatchDays: 45, crawl, budgetMs, clock, ...(bulk ? { usageReportSoap: new UsageReportSoap('https://bench.panopto.invalid', { userKey: 'bench', password: 'bench' }, 30_000, panoptoFetch) } : {}) },
    createLogger('silent'),
  );
  let cached = new Map<string, CachedVideo>();
  let crawlingMs = 0;
  let firstReminderAt: number | undefined;
  let runs = 0;
  for (; runs < 60; ) {
    runs++;
    const runStart = clock.now();
    const result = await source.fetchVideos(cached, new Date(runStart));
    const runEnd = clock.now();
    crawlingMs += runEnd - runStart;
    cached = new Map(result.videos.map((v) => [v.id, v]));
    // Reminders go out when the run's crawl ends: the first for due videos whose owner is known by then.
    if (firstReminderAt === undefined && [...t.due].some((id) => cached.has(id))) firstReminderAt = runEnd - start;
    const p = result.progress;
    if (p !== undefined && !p.budgetReached && p.sessionsNeverRead === 0) break;
    clock.advance(runStart + DAY - clock.now()); // the next daily run
  }
  const dueRead = [...dueReadAt.values()];
  const counts = pacer.counts();
  const hours = (ms: number) => `${(ms / HOUR).toFixed(1)} h`;
  console.log(`\ncrawl: ${sessions.toLocaleString('en')} sessions in ${t.folders.size - 1} folders, ${t.due.size} with captions due; budget ${hours(budgetMs)} per daily run; ${bulk ? 'usage report and incremental sync allowed' : 'no usage report, no incremental sync (folder walk daily, viewers per session)'}`);
  for (const endpoint of [endpointOf('GET', 'folders/{id}/children'), endpointOf('GET', 'folders/{id}/sessions'), endpointOf('GET', 'sessions/{id}'), endpointOf('GET', 'sessions/{id}/viewers')]) {
    console.log(`  ${endpoint.padEnd(32)} ${String(counts[endpoint] ?? 0).padStart(8)} calls`);
  }
  console.log(`  complete picture after ${runs} daily run(s), ${hours(crawlingMs)} of crawling (simulated)`);
  console.log(`  videos with captions due: ${dueRead.length} of ${t.due.size} read, the last ${dueRead.length === 0 ? '-' : hours(Math.max(...dueRead) - start)} after the first run started (runs are 24 h apart)`);
  console.log(`  first due reminder sent ${firstReminderAt === undefined ? 'never' : `${hours(firstReminderAt)} after the first run started (when its crawl ended)`}`);
}

export async function benchCrawl(budgetMs = 2 * HOUR): Promise<void> {
  for (const sessions of [20_000, 100_000]) {
    for (const bulk of [false, true]) {
      const started = Date.now();
      await benchTenant(sessions, budgetMs, bulk);
      console.log(`  (${((Date.now() - started) / 1000).toFixed(0)} s of real time)`);
    }
  }
}
