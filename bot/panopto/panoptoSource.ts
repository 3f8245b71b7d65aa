import pLimit from 'p-limit';
import type { Logger } from '../logger';
import type { CachedVideo } from '../storage/reminderRepositories';
import { previewCaptions } from './accessibility';
import type { PanoptoClient } from './client';
import {
  hasCaptionsOf,
  isLiveOf,
  lastViewedOf,
  listingFingerprint,
  ownerOf,
  publishedAtOf,
  viewerUrlOf,
  type SessionDetails,
  type SessionListing,
  type Viewer,
} from './signals';
import type { UsageReport } from './usageReport';
import type { Crawl, VideoSource } from './videoSource';
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
}

/** Every video in Panopto (or the configured folders), with owner, publication, captions, live state and last view. */
export class PanoptoSource implements VideoSource {
  readonly name = 'Panopto';

  constructor(
    private readonly client: PanoptoClient,
    private readonly options: PanoptoSourceOptions,
    private readonly logger: Logger,
  ) {}

  async fetchVideos(cached: ReadonlyMap<string, CachedVideo>, now: Date): Promise<Crawl> {
    const listings = await this.listSessions();
    const limit = pLimit(this.options.concurrency);
    const nowIso = now.toISOString();
    const today = localDate(now, this.options.policy.timeZone);
    const counts = { detailsFetched: 0, viewersFetched: 0 };
    const unreadable: Crawl['unreadable'] = [];
    const videos = await Promise.all(
      listings.map((listing) =>
        limit(async (): Promise<CachedVideo | undefined> => {
          const previous = cached.get(listing.Id);
          // One session Panopto will not show us (a 403 that survives re-authentication, a timeout) is that
          // session's problem: the rest of the crawl goes on, and its last known facts still count.
          let read: { video: CachedVideo | undefined; problem?: string };
          try {
            read = await this.readSession(listing, previous, now, today, nowIso, counts);
          } catch (error) {
            read = { video: previous, problem: error instanceof Error ? error.message : String(error) };
          }
          if (read.problem !== undefined) {
            unreadable.push({ id: listing.Id, reason: read.problem });
            this.logger.warn({ sessionId: listing.Id, reason: read.problem }, 'session could not be read; using what was known');
          }
          return read.video;
        }),
      ),
    );
    const read = await this.withCaptionEvidence(videos.filter((v): v is CachedVideo => v !== undefined), today, nowIso);
    this.logger.info({ sessions: listings.length, ...counts, unreadable: unreadable.length, captionPreview: read.unavailable ?? 'used' }, 'Panopto crawl finished');
    return { videos: read.videos, unreadable, ...(read.unavailable === undefined ? {} : { captionPreviewUnavailable: read.unavailable }) };
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

  private async readSession(
    listing: SessionListing,
    previous: CachedVideo | undefined,
    now: Date,
    today: LocalDate,
    nowIso: string,
    counts: { detailsFetched: number; viewersFetched: number },
  ): Promise<{ video: CachedVideo | undefined; problem?: string }> {
    const fingerprint = listingFingerprint(listing);
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
        // The details are good: keep them, with the last view known before (viewers are read again next run).
        return { video: this.withUsageReport(video), problem: `viewers: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    return { video: this.withUsageReport(video) };
  }

  private async listSessions(): Promise<SessionListing[]> {
    const folders = this.options.folderIds.length > 0 ? [...this.options.folderIds] : await this.childrenOf(ROOT_FOLDER);
    const seenFolders = new Set<string>();
    const sessions = new Map<string, SessionListing>();
    while (folders.length > 0) {
      const folderId = folders.shift() as string;
      if (seenFolders.has(folderId)) continue;
      seenFolders.add(folderId);
      for await (const session of this.client.pages<SessionListing>(`folders/${encodeURIComponent(folderId)}/sessions`)) sessions.set(session.Id, session);
      folders.push(...(await this.childrenOf(folderId)));
    }
    return [...sessions.values()];
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

  private needsViewers(video: CachedVideo, now: Date, today: LocalDate): boolean {
    if (video.viewersFetchedAt === undefined) return true;
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
    const usage = this.options.usageReport?.get(video.id);
    if (usage === undefined) return video;
    const lastViewedAt = usage.lastViewedAt !== undefined && (video.lastViewedAt === undefined || usage.lastViewedAt > video.lastViewedAt) ? usage.lastViewedAt : video.lastViewedAt;
    // The report's e-mail is the owner's real address, better than one derived from a username.
    return { ...video, lastViewedAt, ownerKey: usage.ownerEmail ?? video.ownerKey };
  }
}
