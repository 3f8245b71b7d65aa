import type { CaptionEvidence } from '../../rules/videoStatus';
import type { CachedVideo, VideoRepository } from '../reminderRepositories';
import type { Db } from './database';

interface VideoRow {
  id: string;
  title: string;
  owner_key: string;
  owner_name: string | null;
  published_at: string;
  has_captions: number | null;
  is_live: number;
  last_viewed_at: string | null;
  viewer_url: string;
  fingerprint: string | null;
  details_fetched_at: string | null;
  viewers_fetched_at: string | null;
  caption_evidence: string | null;
  caption_evidence_at: string | null;
}

const toVideo = (r: VideoRow): CachedVideo => ({
  id: r.id,
  title: r.title,
  ownerKey: r.owner_key,
  ownerName: r.owner_name ?? undefined,
  publishedAt: r.published_at,
  hasCaptions: r.has_captions === null ? undefined : r.has_captions === 1,
  isLive: r.is_live === 1,
  lastViewedAt: r.last_viewed_at ?? undefined,
  viewerUrl: r.viewer_url,
  fingerprint: r.fingerprint ?? undefined,
  detailsFetchedAt: r.details_fetched_at ?? undefined,
  viewersFetchedAt: r.viewers_fetched_at ?? undefined,
  captionEvidence: CAPTION_EVIDENCE.has(r.caption_evidence ?? '') ? (r.caption_evidence as CaptionEvidence) : undefined,
  captionEvidenceAt: r.caption_evidence_at ?? undefined,
});

const CAPTION_EVIDENCE = new Set<string>(['captioned', 'automatic', 'requested', 'none'] satisfies CaptionEvidence[]);

export class SqliteVideos implements VideoRepository {
  private readonly upsert;
  private readonly byId;
  private readonly all;
  private readonly byOwner;

  constructor(private readonly db: Db) {
    this.upsert = db.prepare(
      `INSERT INTO videos (id, title, owner_key, owner_name, published_at, has_captions, is_live, last_viewed_at, viewer_url,
         fingerprint, details_fetched_at, viewers_fetched_at, seen_at, caption_evidence, caption_evidence_at)
       VALUES (@id, @title, @ownerKey, @ownerName, @publishedAt, @hasCaptions, @isLive, @lastViewedAt, @viewerUrl,
         @fingerprint, @detailsFetchedAt, @viewersFetchedAt, @seenAt, @captionEvidence, @captionEvidenceAt)
       ON CONFLICT(id) DO UPDATE SET title = excluded.title, owner_key = excluded.owner_key, owner_name = excluded.owner_name,
         published_at = excluded.published_at, has_captions = excluded.has_captions, is_live = excluded.is_live,
         last_viewed_at = excluded.last_viewed_at, viewer_url = excluded.viewer_url, fingerprint = excluded.fingerprint,
         details_fetched_at = excluded.details_fetched_at, viewers_fetched_at = excluded.viewers_fetched_at, seen_at = excluded.seen_at,
         caption_evidence = excluded.caption_evidence, caption_evidence_at = excluded.caption_evidence_at,
         gone_at = NULL`,
    );
    this.byId = db.prepare('SELECT * FROM videos WHERE id = ?');
    this.all = db.prepare('SELECT * FROM videos');
    this.byOwner = db.prepare('SELECT * FROM videos WHERE owner_key = ? AND gone_at IS NULL ORDER BY published_at DESC');
    this.gone = db.prepare('UPDATE videos SET gone_at = ? WHERE id = ? AND gone_at IS NULL');
  }

  private readonly gone;

  async markGone(ids: readonly string[], at: string): Promise<void> {
    this.db.transaction(() => {
      for (const id of ids) this.gone.run(at, id);
    })();
  }

  async upsertVideos(videos: readonly CachedVideo[], seenAt: string): Promise<void> {
    this.db.transaction(() => {
      for (const v of videos) {
        this.upsert.run({
          ...v,
          ownerName: v.ownerName ?? null,
          hasCaptions: v.hasCaptions === undefined ? null : v.hasCaptions ? 1 : 0,
          isLive: v.isLive ? 1 : 0,
          lastViewedAt: v.lastViewedAt ?? null,
          fingerprint: v.fingerprint ?? null,
          detailsFetchedAt: v.detailsFetchedAt ?? null,
          viewersFetchedAt: v.viewersFetchedAt ?? null,
          captionEvidence: v.captionEvidence ?? null,
          captionEvidenceAt: v.captionEvidenceAt ?? null,
          seenAt,
        });
      }
    })();
  }

  async getVideo(id: string): Promise<CachedVideo | undefined> {
    const row = this.byId.get(id) as VideoRow | undefined;
    return row === undefined ? undefined : toVideo(row);
  }

  async allVideos(): Promise<CachedVideo[]> {
    return (this.all.all() as VideoRow[]).map(toVideo);
  }

  async videosOwnedBy(ownerKey: string): Promise<CachedVideo[]> {
    return (this.byOwner.all(ownerKey) as VideoRow[]).map(toVideo);
  }
}
