import { odata, type TableEntity, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import type { CaptionEvidence } from '../../rules/videoStatus';
import type { CachedVideo, VideoRepository } from '../reminderRepositories';
import type { AzureAccount } from './azureAccount';
import { chunks, inParallel } from './azureBatches';
import { deleteIfUnchanged, listAll, listSelected, mergeIfExists, readEntity } from './azureEntities';
import { keyOf } from './azureKeys';

interface VideoEntity {
  videoId: string;
  title: string;
  ownerKey: string;
  ownerName?: string;
  publishedAt: string;
  hasCaptions?: boolean;
  isLive: boolean;
  lastViewedAt?: string;
  viewerUrl: string;
  fingerprint?: string;
  detailsFetchedAt?: string;
  viewersFetchedAt?: string;
  captionEvidence?: string;
  captionEvidenceAt?: string;
  seenAt: string;
  goneAt?: string;
}

const PARTITION = 'video';
const CAPTION_EVIDENCE = new Set<string>(['captioned', 'automatic', 'requested', 'none'] satisfies CaptionEvidence[]);

const toVideo = (e: VideoEntity): CachedVideo => ({
  id: e.videoId,
  title: e.title,
  ownerKey: e.ownerKey,
  ownerName: e.ownerName,
  publishedAt: e.publishedAt,
  hasCaptions: e.hasCaptions,
  isLive: e.isLive,
  lastViewedAt: e.lastViewedAt,
  viewerUrl: e.viewerUrl,
  fingerprint: e.fingerprint,
  detailsFetchedAt: e.detailsFetchedAt,
  viewersFetchedAt: e.viewersFetchedAt,
  captionEvidence: CAPTION_EVIDENCE.has(e.captionEvidence ?? '') ? (e.captionEvidence as CaptionEvidence) : undefined,
  captionEvidenceAt: e.captionEvidenceAt,
});

function toEntity(v: CachedVideo, seenAt: string): VideoEntity {
  // Absent, not null: Tables stores no nulls, and a Replace drops what the new facts no longer say.
  const optional = { ownerName: v.ownerName, hasCaptions: v.hasCaptions, lastViewedAt: v.lastViewedAt, fingerprint: v.fingerprint, detailsFetchedAt: v.detailsFetchedAt, viewersFetchedAt: v.viewersFetchedAt, captionEvidence: v.captionEvidence, captionEvidenceAt: v.captionEvidenceAt };
  return {
    videoId: v.id,
    title: v.title,
    ownerKey: v.ownerKey,
    publishedAt: v.publishedAt,
    isLive: v.isLive,
    viewerUrl: v.viewerUrl,
    seenAt,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

/**
 * Panopto's facts per video in Azure Tables: one row per video (partition "video"), and a copy per owner (a
 * partition per owner) so "my videos" reads one partition instead of every video. Only the reminder run writes
 * videos (under its lease), so the copies are kept in step without ETags; the order of writes lets the next run heal
 * whatever a crash left half done (see upsertVideos).
 */
export class AzureVideos implements VideoRepository {
  private readonly videos;
  private readonly byOwner;

  constructor(account: AzureAccount) {
    this.videos = account.table('Videos');
    this.byOwner = account.table('VideosByOwner');
  }

  async upsertVideos(given: readonly CachedVideo[], seenAt: string): Promise<void> {
    // A transaction refuses an entity named twice; as on SQLite, the later facts of a video given twice stand.
    const videos = [...new Map(given.map((v) => [v.id, v])).values()];
    if (videos.length === 0) return;
    const [table, copies] = await Promise.all([this.videos.get(), this.byOwner.get()]);
    const previousOwner = new Map(
      (await listSelected<{ ownerKey: string }>(table, odata`PartitionKey eq ${PARTITION}`, ['RowKey', 'ownerKey'])).map((e) => [e.rowKey, e.ownerKey]),
    );
    // A video that changed owner leaves the old owner's list first: a crash after this re-reads the old owner from
    // the main row next time (not yet rewritten) and tries again; a crash later only leaves the new copy to write.
    const moved = videos.filter((v) => {
      const before = previousOwner.get(keyOf(v.id));
      return before !== undefined && before !== v.ownerKey;
    });
    await inParallel(moved, 8, (v) => deleteIfUnchanged(copies, ownerPartition(previousOwner.get(keyOf(v.id)) as string), keyOf(v.id)));
    const rows = videos.map((v) => ({ partitionKey: PARTITION, rowKey: keyOf(v.id), ...toEntity(v, seenAt) }));
    await inParallel(chunks(rows), 4, (batch) => table.submitTransaction(batch.map((e): TransactionAction => ['upsert', e, 'Replace'])));
    const perOwner = new Map<string, Array<TableEntity<Record<string, unknown>>>>();
    for (const row of rows) {
      const owner = ownerPartition(row.ownerKey);
      perOwner.set(owner, [...(perOwner.get(owner) ?? []), { ...row, partitionKey: owner }]);
    }
    const batches = [...perOwner.values()].flatMap((list) => chunks(list));
    await inParallel(batches, 4, (batch) => copies.submitTransaction(batch.map((e): TransactionAction => ['upsert', e, 'Replace'])));
  }

  async markGone(ids: readonly string[], at: string): Promise<void> {
    if (ids.length === 0) return;
    const [table, copies] = await Promise.all([this.videos.get(), this.byOwner.get()]);
    await inParallel(ids, 8, async (id) => {
      const row = await readEntity<VideoEntity>(table, PARTITION, keyOf(id));
      // The first time it was missed is kept, as on SQLite.
      if (row === undefined || row.goneAt !== undefined) return;
      await mergeIfExists(copies, { partitionKey: ownerPartition(row.ownerKey), rowKey: keyOf(id), goneAt: at });
      await table.updateEntity({ partitionKey: PARTITION, rowKey: keyOf(id), goneAt: at }, 'Merge');
    });
  }

  async getVideo(id: string): Promise<CachedVideo | undefined> {
    const row = await readEntity<VideoEntity>(await this.videos.get(), PARTITION, keyOf(id));
    return row === undefined ? undefined : toVideo(row);
  }

  async allVideos(): Promise<CachedVideo[]> {
    return (await listAll<VideoEntity>(await this.videos.get(), odata`PartitionKey eq ${PARTITION}`)).map(toVideo);
  }

  async videosOwnedBy(ownerKey: string): Promise<CachedVideo[]> {
    const rows: Array<TableEntityResult<VideoEntity>> = await listAll<VideoEntity>(await this.byOwner.get(), odata`PartitionKey eq ${ownerPartition(ownerKey)}`);
    return rows
      .filter((e) => e.goneAt === undefined && e.ownerKey.toLowerCase() === ownerKey.toLowerCase())
      .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0))
      .map(toVideo);
  }
}

/** Addresses are compared without case, as on SQLite (COLLATE NOCASE): Panopto and Teams may spell one differently. */
const ownerPartition = (ownerKey: string): string => keyOf(ownerKey.toLowerCase());
