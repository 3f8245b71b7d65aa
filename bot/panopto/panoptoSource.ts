import pLimit from 'p-limit';
import type { Logger } from '../logger';
import type { CachedVideo } from '../storage/reminderRepositories';
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
import type { VideoSource } from './videoSource';

export const ROOT_FOLDER = '00000000-0000-0000-0000-000000000000';
const DAY_MS = 86_400_000;

export interface PanoptoSourceOptions {
  baseUrl: string;
  /** Crawl only these folders (and their subfolders); the whole tree from the root otherwise. */
  folderIds: string[];
  ownerEmailDomain: string | undefined;
  concurrency: number;
  /** Details of an uncaptioned video are re-read each run while its caption deadline is this near or recent. */
  captionWatchDays: number;
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

  async fetchVideos(cached: ReadonlyMap<string, CachedVideo>, now: Date): Promise<CachedVideo[]> {
    const listings = await this.listSessions();
    const limit = pLimit(this.options.concurrency);
    const nowIso = now.toISOString();
    let detailsFetched = 0;
    let viewersFetched = 0;
    const videos = await Promise.all(
      listings.map((listing) =>
        limit(async (): Promise<CachedVideo | undefined> => {
          const previous = cached.get(listing.Id);
          const fingerprint = listingFingerprint(listing);
          let video: CachedVideo;
          if (previous === undefined || this.needsDetails(previous, fingerprint, now)) {
            const details = await this.client.get<SessionDetails>(`sessions/${encodeURIComponent(listing.Id)}`);
            if (details === undefined) return undefined; // deleted since it was listed
            detailsFetched++;
            const fresh = this.fromDetails({ ...listing, ...details }, previous, fingerprint, nowIso);
            if (fresh === undefined) return undefined;
            video = fresh;
          } else {
            video = previous;
          }
          if (this.needsViewers(video, now)) {
            const viewers: Viewer[] = [];
            for await (const viewer of this.client.pages<Viewer>(`sessions/${encodeURIComponent(listing.Id)}/viewers`)) viewers.push(viewer);
            viewersFetched++;
            video = { ...video, lastViewedAt: lastViewedOf(viewers) ?? video.lastViewedAt, viewersFetchedAt: nowIso };
          }
          return this.withUsageReport(video);
        }),
      ),
    );
    this.logger.info({ sessions: listings.length, detailsFetched, viewersFetched }, 'Panopto crawl finished');
    return videos.filter((v): v is CachedVideo => v !== undefined);
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

  private needsDetails(previous: CachedVideo, fingerprint: string, now: Date): boolean {
    if (previous.fingerprint !== fingerprint || previous.detailsFetchedAt === undefined) return true;
    // Captions appear without the listing changing: watch uncaptioned videos around their deadline.
    if (previous.hasCaptions !== true) {
      const age = (now.getTime() - Date.parse(previous.publishedAt)) / DAY_MS;
      if (age <= this.options.captionWatchDays + 30) return true;
    }
    return (now.getTime() - Date.parse(previous.detailsFetchedAt)) / DAY_MS >= 30;
  }

  private needsViewers(video: CachedVideo, now: Date): boolean {
    if (video.viewersFetchedAt === undefined) return true;
    const sinceFetch = (now.getTime() - Date.parse(video.viewersFetchedAt)) / DAY_MS;
    if (sinceFetch >= this.options.viewsWatchDays) return true;
    // Near the trash date a recent view matters: it moves the date. The estimate is generous on purpose.
    const lastActivity = Date.parse(video.lastViewedAt ?? video.publishedAt);
    const daysToTwoYears = 730 - (now.getTime() - lastActivity) / DAY_MS;
    return daysToTwoYears <= this.options.viewsWatchDays && sinceFetch >= 1;
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
