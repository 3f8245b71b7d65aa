import pLimit from 'p-limit';
import type { Logger } from '../logger';
import type { CachedVideo } from '../storage/reminderRepositories';
import { previewCaptions } from './accessibility';
import { PanoptoError, type PanoptoClient } from './client';
import {
  hasCaptionsOf,
  isLiveOf,
  lastViewedOf,
  listingFingerprint,
  ownerOf,
  parseInstant,
  publishedAtOf,
  viewerUrlOf,
  type SessionDetails,
  type SessionListing,
  type Viewer,
} from './signals';
import { parseUsageReport, type UsageReport } from './usageReport';
import type { UsageReportSoap } from './usageReportSoap';
import type { Crawl, CrawlProgress, VideoSource } from './videoSource';
import type { CrawlCursor, CrawlRepository, StoredListing } from '../storage/crawlRepository';
import { realClock, WaitTooLong, type Clock } from '../reminders/rateLimiter';
import { urgentFirst, type FetchCandidate } from './crawlPlan';
import { MemoryCrawl } from './memoryCrawl';
import { daysBetween, localDate, type LocalDate } from '../rules/dates';
import type { Policy } from '../rules/policy';
import { captionDueDate, trashDate } from '../rules/videoStatus';

export const ROOT_FOLDER = '00000000-0000-0000-0000-000000000000';
const DAY_MS = 86_400_000;

export interface PanoptoSourceOptions {
  baseUrl: string;
  /** Crawl only these folders (and their subfolders); the whole tree from the root otherwise. */
  folderIds: string[];
  ownerEmailDomain: string | undefined;
  concurrency: number;
  /** Caption deadline, lifecycle and time zone: which videos need a fresh look. */
  policy: Policy;
  /** View counts are re-read when a video's trash date is within this many days (or at least this often). */
  viewsWatchDays: number;
  usageReport?: UsageReport;
  /** Where the crawl stands between runs; in memory (a fresh pass each run) unless the store keeps it. */
  crawl?: CrawlRepository;
  /** How long one run may read Panopto; what is not read by then is read by the next run. Unbounded by default. */
  budgetMs?: number;
  clock?: Pick<Clock, 'now'>;
  /** Fetch the Session usage report from Panopto (SOAP), for last views in bulk. */
  usageReportSoap?: UsageReportSoap;
  /** Use Panopto's incremental index sync between weekly full passes (on unless false; refused → folder walk). */
  incremental?: boolean;
}

interface Walk {
  complete: boolean;
  foldersLeft: number;
  gone: string[];
  discovery: 'folders' | 'incremental';
  incrementalRefused?: string;
}

interface SyncPage {
  Updates?: Array<{ VideoId: string; UpdateTime: string }>;
  NextToken?: string | null;
}

/** A new usage report weekly, covering views over the longest lifecycle a policy is likely to have. */
const USAGE_REPORT_EVERY_MS = 7 * 86_400_000;
const USAGE_REPORT_PERIOD_MS = 3 * 366 * 86_400_000;

/** A full folder pass at least this often, even where the incremental sync works (it does not say what was deleted). */
const FULL_PASS_EVERY_MS = 7 * 86_400_000;

/** One run's reading, across the sessions known before the walk and those it found. */
interface Reads {
  cached: ReadonlyMap<string, CachedVideo>;
  now: Date;
  nowIso: string;
  today: LocalDate;
  counts: { detailsFetched: number; viewersFetched: number };
  unreadable: Crawl['unreadable'];
  gone: Set<string>;
  fresh: Map<string, CachedVideo>;
  /** Sessions already looked at this run, with the listing they were looked at by. */
  considered: Map<string, string>;
  deferred: number;
  outOfTime: boolean;
}

interface ReadCandidate extends FetchCandidate {
  listing: StoredListing;
  previous: CachedVideo | undefined;
}

const BUDGET_SPENT = Symbol('budget spent');

/** The call's answer, or BUDGET_SPENT when the pacer refused to wait past the run's budget. */
async function untilBudget<T>(call: Promise<T>): Promise<T | typeof BUDGET_SPENT> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof WaitTooLong) return BUDGET_SPENT;
    throw error;
  }
}

function startTimeOf(listing: StoredListing): string | undefined {
  return listing.startTime === undefined ? undefined : parseInstant(listing.startTime)?.toISOString();
}

/** Every video in Panopto (or the configured folders), with owner, publication, captions, live state and last view. */
export class PanoptoSource implements VideoSource {
  readonly name = 'Panopto';
  private readonly crawl: CrawlRepository;
  /** Last views in bulk: the configured CSV, or the report fetched from Panopto this run (with when it was made). */
  private usage: { report: UsageReport; madeAt: string | undefined } | undefined;

  constructor(
    private readonly client: PanoptoClient,
    private readonly options: PanoptoSourceOptions,
    private readonly logger: Logger,
  ) {
    this.crawl = options.crawl ?? new MemoryCrawl();
    this.usage = options.usageReport === undefined ? undefined : { report: options.usageReport, madeAt: undefined };
  }

  async fetchVideos(cached: ReadonlyMap<string, CachedVideo>, now: Date): Promise<Crawl> {
    const clock = this.options.clock ?? realClock;
    // A request that would have to wait past the budget is refused by the pacer and left to the next run.
    const budget = this.options.budgetMs;
    this.client.pacer.stopAt(budget === undefined ? undefined : clock.now() + budget);
    try {
      return await this.crawlWithinBudget(cached, now);
    } finally {
      this.client.pacer.stopAt(undefined);
    }
  }

  private async crawlWithinBudget(cached: ReadonlyMap<string, CachedVideo>, now: Date): Promise<Crawl> {
    const reads: Reads = {
      cached,
      now,
      nowIso: now.toISOString(),
      today: localDate(now, this.options.policy.timeZone),
      counts: { detailsFetched: 0, viewersFetched: 0 },
      unreadable: [],
      gone: new Set(),
      fresh: new Map(),
      considered: new Map(),
      deferred: 0,
      outOfTime: false,
    };
    const usageReport = await this.refreshUsageReport(now);
    // Listing folders and reading sessions are different endpoints with limits of their own: the sessions already
    // known are read while the walk goes on, then what the walk found new.
    const known = await this.crawl.listings();
    const [walk] = await Promise.all([this.discover(now), this.readInOrder([...known.values()], reads)]);
    const listings = await this.crawl.listings();
    await this.readInOrder([...listings.values()].filter((l) => reads.considered.get(l.id) !== l.fingerprint), reads);
    const { counts, unreadable, fresh, deferred } = reads;
    const gone = new Set([...reads.gone, ...walk.gone]);
    if (gone.size > 0) await this.crawl.forget([...gone]);
    // Every video known stays known (with its last facts) until Panopto says it is gone: a pass cut short by the
    // budget proves nothing about the folders it did not reach.
    const videos: CachedVideo[] = [];
    for (const [id, video] of cached) if (!gone.has(id) && !fresh.has(id)) videos.push(this.withUsageReport(video));
    for (const [id, video] of fresh) if (!gone.has(id)) videos.push(video);
    const unread = [...listings.keys()].filter((id) => !gone.has(id) && !fresh.has(id) && !cached.has(id)).length;
    const progress: CrawlProgress = {
      passComplete: walk.complete,
      foldersLeft: walk.foldersLeft,
      sessionsListed: listings.size - walk.gone.length,
      sessionsNeverRead: unread,
      readsDeferred: deferred,
      discovery: walk.discovery,
      ...(usageReport === undefined ? {} : { usageReport }),
      ...(walk.incrementalRefused === undefined ? {} : { incrementalRefused: walk.incrementalRefused }),
      budgetReached: !walk.complete || deferred > 0,
    };
    const read = await this.withCaptionEvidence(videos, reads.today, reads.nowIso);
    this.logger.info(
      { ...progress, ...counts, unreadable: unreadable.length, captionPreview: read.unavailable ?? 'used' },
      progress.budgetReached ? 'Panopto crawl stopped at its budget; the next run continues' : 'Panopto crawl finished',
    );
    return { videos: read.videos, unreadable, progress, ...(read.unavailable === undefined ? {} : { captionPreviewUnavailable: read.unavailable }) };
  }

  /**
   * Automatic or human captions, requested or none: asked of the accessibility preview for the videos whose caption
   * deadline still matters. Where the preview cannot tell, the caption file signal decides, as before it existed.
   */
  private async withCaptionEvidence(videos: CachedVideo[], today: LocalDate, nowIso: string): Promise<{ videos: CachedVideo[]; unavailable?: string }> {
    const { policy } = this.options;
    const ask = videos.filter((v) => !v.isLive && v.captionEvidence !== 'captioned' && daysBetween(captionDueDate(v.publishedAt, policy), today) <= policy.reminders.captionOverdueWithinDays);
    if (ask.length === 0) return { videos };
    const preview = await previewCaptions(this.client, ask.map((v) => v.id));
    if (preview.unavailable !== undefined) this.logger.warn({ reason: preview.unavailable }, 'caption states from the caption file only');
    const asked = new Set(ask.map((v) => v.id));
    return {
      videos: videos.map((v) => {
        if (!asked.has(v.id)) return v;
        const evidence = preview.evidence.get(v.id);
        return { ...v, captionEvidence: evidence, captionEvidenceAt: evidence === undefined ? undefined : nowIso };
      }),
      ...(preview.unavailable === undefined ? {} : { unavailable: preview.unavailable }),
    };
  }

  /** Reads what needs reading among these sessions, most urgent first, until the budget is spent. */
  private async readInOrder(listings: readonly StoredListing[], reads: Reads): Promise<void> {
    const { cached, now, today } = reads;
    // Only sessions that need a read cost a request; the most urgent are read first, so a budget or a limit delays
    // only videos that are not due soon.
    const candidates: ReadCandidate[] = [];
    for (const listing of listings) {
      reads.considered.set(listing.id, listing.fingerprint);
      const previous = cached.get(listing.id);
      if (previous === undefined || this.needsDetails(previous, listing.fingerprint, now, today) || this.needsViewers(previous, now, today)) {
        candidates.push({ id: listing.id, publishedAt: previous?.publishedAt ?? startTimeOf(listing), hasCaptions: previous?.hasCaptions, lastViewedAt: previous?.lastViewedAt, listing, previous });
      }
    }
    const limit = pLimit(this.options.concurrency);
    await Promise.all(
      urgentFirst(candidates, this.options.policy, today).map((candidate) =>
        limit(async () => {
          if (reads.outOfTime) {
            reads.deferred++;
            return;
          }
          const { listing, previous } = candidate;
          // One session Panopto will not show us (a 403 that survives re-authentication, a timeout) is that
          // session's problem: the rest of the crawl goes on, and its last known facts still count.
          let read: { video: CachedVideo | undefined; problem?: string; deferred?: boolean };
          try {
            read = await this.readSession({ Id: listing.id, Name: listing.name, StartTime: listing.startTime ?? null }, listing.fingerprint, previous, now, today, reads.nowIso, reads.counts);
          } catch (error) {
            if (error instanceof WaitTooLong) {
              reads.outOfTime = true;
              reads.deferred++;
              return;
            }
            read = { video: previous, problem: error instanceof Error ? error.message : String(error) };
          }
          if (read.deferred === true) {
            reads.outOfTime = true;
            reads.deferred++;
          }
          if (read.problem !== undefined) {
            reads.unreadable.push({ id: listing.id, reason: read.problem });
            this.logger.warn({ sessionId: listing.id, reason: read.problem }, 'session could not be read; using what was known');
          }
          if (read.video !== undefined) reads.fresh.set(listing.id, read.video);
          else if (read.problem === undefined) reads.gone.add(listing.id); // deleted since it was listed
        }),
      ),
    );
  }

  /**
   * The Session usage report from Panopto: a report queued on an earlier run is fetched and used for this run's last
   * views; a new one is queued weekly. Never fails the run: what happened is said in the summary.
   */
  private async refreshUsageReport(now: Date): Promise<string | undefined> {
    const soap = this.options.usageReportSoap;
    if (soap === undefined) return undefined;
    const cursor: CrawlCursor = (await this.crawl.cursor()) ?? { pass: 0, passStartedAt: now.toISOString(), folders: [], page: 0 };
    const state = cursor.usageReport;
    let said: string | undefined;
    try {
      if (state !== undefined && state.fetchedAt === undefined) {
        const answer = await soap.fetch(state.id);
        if ('csv' in answer) {
          const report = parseUsageReport(answer.csv);
          this.usage = { report, madeAt: state.queuedAt };
          cursor.usageReport = { ...state, fetchedAt: now.toISOString() };
          await this.crawl.saveProgress(cursor, []);
          said = `fetched (${report.size} sessions)`;
        } else {
          said = `queued, not ready yet (${answer.notReady})`;
        }
      }
      const queuedAt = cursor.usageReport === undefined ? undefined : Date.parse(cursor.usageReport.queuedAt);
      if (queuedAt === undefined || (cursor.usageReport?.fetchedAt !== undefined && now.getTime() - queuedAt >= USAGE_REPORT_EVERY_MS)) {
        const from = new Date(now.getTime() - USAGE_REPORT_PERIOD_MS);
        cursor.usageReport = { id: await soap.queue(from, now), queuedAt: now.toISOString() };
        await this.crawl.saveProgress(cursor, []);
        said = said === undefined ? 'queued' : `${said}; a new one queued`;
      }
    } catch (error) {
      said = `failed: ${error instanceof Error ? error.message : String(error)}`;
      this.logger.warn({ reason: said }, 'Panopto usage report not available; viewers are read per session');
    }
    return said;
  }

  /**
   * What is new or changed since the last run: Panopto's incremental index sync while a full pass is less than a week
   * old (it needs the index-connector permission), else the folder walk. A refusal (401/403, or 404 where a
   * tenant lacks it) falls back to the walk.
   */
  private async discover(now: Date): Promise<Walk> {
    const saved = await this.crawl.cursor();
    let refused: string | undefined;
    if (this.options.incremental !== false && saved?.completedAt !== undefined && saved.folders.length === 0 && now.getTime() - Date.parse(saved.passStartedAt) < FULL_PASS_EVERY_MS) {
      try {
        return await this.syncChanges(saved, now);
      } catch (error) {
        if (error instanceof WaitTooLong) return { complete: true, foldersLeft: 0, gone: [], discovery: 'incremental' };
        if (!(error instanceof PanoptoError) || ![401, 403, 404].includes(error.status ?? 0)) throw error;
        refused = `HTTP ${error.status}`;
        this.logger.warn({ status: error.status }, 'Panopto refused the incremental sync (index-connector permission?); listing folders instead');
      }
    }
    return { ...(await this.walkFolders(now)), discovery: 'folders', ...(refused === undefined ? {} : { incrementalRefused: refused }) };
  }

  /** GET searchIndexSync/updates from the last sync: each session it names is read again (a new one, first of all). */
  private async syncChanges(saved: CrawlCursor, now: Date): Promise<Walk> {
    const known = await this.crawl.listings();
    const fromDate = saved.syncedThrough ?? saved.passStartedAt;
    const changed: StoredListing[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < 100_000; page++) {
      const answer = await this.client.get<SyncPage>('searchIndexSync/updates', { fromDate, ...(nextToken === undefined ? {} : { nextToken }) });
      if (answer === undefined) throw new PanoptoError('Panopto has no searchIndexSync/updates (HTTP 404)', 404);
      const updates = answer?.Updates ?? [];
      for (const u of updates) {
        const before = known.get(u.VideoId);
        // A fingerprint no listing has: the session is read again. A new one is as urgent as its first update.
        changed.push({ id: u.VideoId, name: before?.name, startTime: before?.startTime ?? u.UpdateTime, fingerprint: `updated ${u.UpdateTime}`, pass: saved.pass });
      }
      nextToken = answer?.NextToken ?? undefined;
      if (updates.length === 0 || nextToken === undefined || nextToken === '') break;
    }
    await this.crawl.saveProgress({ ...saved, syncedThrough: now.toISOString() }, changed);
    return { complete: true, foldersLeft: 0, gone: [], discovery: 'incremental' };
  }

  /**
   * Continues the folder walk where the last run left it (a new pass once one is complete), saving the cursor after
   * every page, until every folder is visited or the budget is spent.
   */
  private async walkFolders(now: Date): Promise<Omit<Walk, 'discovery'>> {
    const saved = await this.crawl.cursor();
    const cursor: CrawlCursor =
      saved !== undefined && saved.folders.length > 0
        ? saved
        : {
            ...saved,
            pass: (saved?.pass ?? 0) + 1,
            passStartedAt: now.toISOString(),
            folders: this.options.folderIds.length > 0 ? [...this.options.folderIds] : [ROOT_FOLDER],
            page: 0,
          };
    // Configured folders may nest: one reached twice in a run is listed once (across runs, twice costs only requests).
    const visited = new Set<string>();
    while (cursor.folders.length > 0) {
      const folderId = cursor.folders[0] as string;
      if (visited.has(folderId)) {
        cursor.folders.shift();
        continue;
      }
      const stopped = { complete: false, foldersLeft: cursor.folders.length, gone: [] };
      // The root holds folders, not sessions.
      while (folderId !== ROOT_FOLDER) {
        const page = await untilBudget(this.client.get<{ Results?: SessionListing[] }>(`folders/${encodeURIComponent(folderId)}/sessions`, { pageNumber: cursor.page }));
        if (page === BUDGET_SPENT) return stopped;
        const results = page?.Results ?? [];
        if (results.length === 0) break;
        cursor.page++;
        await this.crawl.saveProgress(
          cursor,
          results.map((s) => ({ id: s.Id, name: s.Name, startTime: s.StartTime ?? undefined, fingerprint: listingFingerprint(s), pass: cursor.pass })),
        );
      }
      const children = await untilBudget(this.childrenOf(folderId));
      if (children === BUDGET_SPENT) return stopped;
      // Depth first: the saved queue holds only the siblings still pending on the way down, not every folder of a
      // level, so saving it after each page stays small however large the tenant.
      cursor.folders.shift();
      cursor.folders.unshift(...children);
      visited.add(folderId);
      cursor.page = 0;
      await this.crawl.saveProgress(cursor, []);
    }
    // A complete pass: whatever it did not list, Panopto no longer has.
    const gone = [...(await this.crawl.listings()).values()].filter((l) => l.pass < cursor.pass).map((l) => l.id);
    await this.crawl.forget(gone);
    await this.crawl.saveProgress({ ...cursor, completedAt: now.toISOString() }, []);
    return { complete: true, foldersLeft: 0, gone };
  }

  private async readSession(
    listing: SessionListing,
    fingerprint: string,
    previous: CachedVideo | undefined,
    now: Date,
    today: LocalDate,
    nowIso: string,
    counts: { detailsFetched: number; viewersFetched: number },
  ): Promise<{ video: CachedVideo | undefined; problem?: string; deferred?: boolean }> {
    let video: CachedVideo;
    if (previous === undefined || this.needsDetails(previous, fingerprint, now, today)) {
      const details = await this.client.get<SessionDetails>(`sessions/${encodeURIComponent(listing.Id)}`);
      if (details === undefined) return { video: undefined }; // deleted since it was listed
      counts.detailsFetched++;
      const fresh = this.fromDetails({ ...listing, ...details }, previous, fingerprint, nowIso);
      if (fresh === undefined) return { video: undefined };
      video = fresh;
    } else {
      video = previous;
    }
    if (this.needsViewers(video, now, today)) {
      try {
        const viewers: Viewer[] = [];
        for await (const viewer of this.client.pages<Viewer>(`sessions/${encodeURIComponent(listing.Id)}/viewers`)) viewers.push(viewer);
        counts.viewersFetched++;
        video = { ...video, lastViewedAt: lastViewedOf(viewers) ?? video.lastViewedAt, viewersFetchedAt: nowIso };
      } catch (error) {
        // Out of budget: the details are new, the viewers wait for the next run.
        if (error instanceof WaitTooLong) return { video: this.withUsageReport(video), deferred: true };
        // The details are good: keep them, with the last view known before (viewers are read again next run).
        return { video: this.withUsageReport(video), problem: `viewers: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    return { video: this.withUsageReport(video) };
  }

  private async childrenOf(folderId: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const folder of this.client.pages<{ Id: string }>(`folders/${encodeURIComponent(folderId)}/children`)) ids.push(folder.Id);
    return ids;
  }

  private needsDetails(previous: CachedVideo, fingerprint: string, now: Date, today: LocalDate): boolean {
    if (previous.fingerprint !== fingerprint || previous.detailsFetchedAt === undefined) return true;
    // Captions appear without the listing changing: watch uncaptioned videos until their last caption reminder.
    const { policy } = this.options;
    if (previous.hasCaptions !== true && daysBetween(captionDueDate(previous.publishedAt, policy), today) <= policy.reminders.captionOverdueWithinDays) return true;
    return (now.getTime() - Date.parse(previous.detailsFetchedAt)) / DAY_MS >= 30;
  }

  private needsViewers(cachedVideo: CachedVideo, now: Date, today: LocalDate): boolean {
    // The usage report gives last views in bulk: a video it covers costs a viewers call only near its trash date.
    // A row without a view date says no one watched it in the report's period: that is known too.
    const inReport = this.usage?.report.has(cachedVideo.id) === true;
    const video = inReport ? this.withUsageReport(cachedVideo) : cachedVideo;
    if (video.viewersFetchedAt === undefined && !inReport) return true;
    if (video.viewersFetchedAt === undefined) return daysBetween(today, trashDate(video, this.options.policy)) <= this.options.viewsWatchDays;
    const sinceFetch = (now.getTime() - Date.parse(video.viewersFetchedAt)) / DAY_MS;
    if (sinceFetch >= this.options.viewsWatchDays) return true;
    // Near the trash date a recent view matters: it moves the date.
    return daysBetween(today, trashDate(video, this.options.policy)) <= this.options.viewsWatchDays && sinceFetch >= 1;
  }

  private fromDetails(details: SessionDetails, previous: CachedVideo | undefined, fingerprint: string, nowIso: string): CachedVideo | undefined {
    const publishedAt = publishedAtOf(details);
    const ownerKey = ownerOf(details, this.options.ownerEmailDomain);
    if (publishedAt === undefined || ownerKey === undefined) {
      this.logger.warn({ sessionId: details.Id, hasStartTime: publishedAt !== undefined, hasOwner: ownerKey !== undefined }, 'session skipped: no publication time or owner');
      return undefined;
    }
    return {
      id: details.Id,
      title: details.Name ?? details.Id,
      ownerKey,
      ownerName: undefined,
      publishedAt,
      hasCaptions: hasCaptionsOf(details),
      isLive: isLiveOf(details),
      lastViewedAt: previous?.lastViewedAt,
      viewerUrl: viewerUrlOf(details, this.options.baseUrl),
      fingerprint,
      detailsFetchedAt: nowIso,
      viewersFetchedAt: previous?.viewersFetchedAt,
    };
  }

  private withUsageReport(video: CachedVideo): CachedVideo {
    const usage = this.usage?.report.get(video.id);
    if (usage === undefined) return video;
    const madeAt = this.usage?.madeAt;
    // A report fetched from Panopto says what the views were when it was made: as good as reading the viewers then.
    if (madeAt !== undefined && (video.viewersFetchedAt === undefined || video.viewersFetchedAt < madeAt)) {
      video = { ...video, viewersFetchedAt: madeAt };
    }
    const lastViewedAt = usage.lastViewedAt !== undefined && (video.lastViewedAt === undefined || usage.lastViewedAt > video.lastViewedAt) ? usage.lastViewedAt : video.lastViewedAt;
    // The report's e-mail is the owner's real address, better than one derived from a username.
    return { ...video, lastViewedAt, ownerKey: usage.ownerEmail ?? video.ownerKey };
  }
}
