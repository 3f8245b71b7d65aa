import assert from 'node:assert/strict';
import type { CachedVideo } from '../../bot/storage/reminderRepositories';
import type { Store } from '../../bot/storage/repositories';
import { describeEachBackend } from '../support/backends';

const video = (id: string, owner: string, more: Partial<CachedVideo> = {}): CachedVideo => ({
  id,
  title: `Lecture ${id}`,
  ownerKey: owner,
  ownerName: undefined,
  publishedAt: '2026-11-01T10:00:00.000Z',
  hasCaptions: undefined,
  isLive: false,
  lastViewedAt: undefined,
  viewerUrl: `https://panopto.example/${id}`,
  fingerprint: undefined,
  detailsFetchedAt: undefined,
  viewersFetchedAt: undefined,
  ...more,
});

/** Panopto's facts per video, cached between runs: what the reminders and "my videos" read. */
describeEachBackend('Videos', (backend) => {
  let store: Store;
  let reopen: () => Store;
  beforeEach(async () => ({ store, reopen } = await backend.open()));
  afterEach(() => store.close());

  it('keeps every fact Panopto gave, including what it did not say (undefined), across a restart', async () => {
    const full = video('a1b2c3d4-0000-4000-8000-000000000001', 'alex@uni.fi', {
      ownerName: 'Alex Wilber',
      hasCaptions: false,
      isLive: true,
      lastViewedAt: '2026-11-20T08:00:00.000Z',
      fingerprint: 'f1',
      detailsFetchedAt: '2026-11-28T07:00:00.000Z',
      viewersFetchedAt: '2026-11-28T07:00:01.000Z',
      captionEvidence: 'automatic',
      captionEvidenceAt: '2026-11-28T07:00:02.000Z',
    });
    const sparse = video('v/2?#', 'alex@uni.fi');
    await store.videos.upsertVideos([full, sparse], '2026-11-28T07:00:00.000Z');
    const again = reopen();
    assert.deepEqual(await again.videos.getVideo(full.id), full);
    assert.deepEqual(await again.videos.getVideo(sparse.id), { ...sparse, captionEvidence: undefined, captionEvidenceAt: undefined });
    assert.equal(await again.videos.getVideo('nope'), undefined);
    await again.close();
  });

  it('replaces the facts on the next crawl: what Panopto no longer says is forgotten', async () => {
    await store.videos.upsertVideos([video('v1', 'alex@uni.fi', { hasCaptions: false, fingerprint: 'f1' })], 't1');
    await store.videos.upsertVideos([video('v1', 'alex@uni.fi', { title: 'Renamed' })], 't2');
    const v = await store.videos.getVideo('v1');
    assert.equal(v?.title, 'Renamed');
    assert.equal(v?.hasCaptions, undefined);
    assert.equal(v?.fingerprint, undefined);
  });

  it("lists an owner's videos newest first, and only theirs; a video that changed owner moves lists", async () => {
    await store.videos.upsertVideos(
      [
        video('old', 'alex@uni.fi', { publishedAt: '2026-01-01T00:00:00.000Z' }),
        video('new', 'alex@uni.fi', { publishedAt: '2026-11-01T00:00:00.000Z' }),
        video('other', 'megan@uni.fi'),
      ],
      't1',
    );
    assert.deepEqual((await store.videos.videosOwnedBy('alex@uni.fi')).map((v) => v.id), ['new', 'old']);
    await store.videos.upsertVideos([video('old', 'megan@uni.fi', { publishedAt: '2026-01-01T00:00:00.000Z' })], 't2');
    assert.deepEqual((await store.videos.videosOwnedBy('alex@uni.fi')).map((v) => v.id), ['new']);
    assert.deepEqual((await store.videos.videosOwnedBy('megan@uni.fi')).map((v) => v.id).sort(), ['old', 'other']);
    assert.deepEqual((await store.videos.videosOwnedBy('nobody@uni.fi')), []);
  });

  it('a video Panopto no longer lists leaves "my videos" but stays known, and comes back when listed again', async () => {
    await store.videos.upsertVideos([video('v1', 'alex@uni.fi'), video('v2', 'alex@uni.fi')], 't1');
    await store.videos.markGone(['v1', 'missing'], 't2');
    assert.deepEqual((await store.videos.videosOwnedBy('alex@uni.fi')).map((v) => v.id), ['v2']);
    assert.equal((await store.videos.getVideo('v1'))?.id, 'v1');
    assert.deepEqual((await store.videos.allVideos()).map((v) => v.id).sort(), ['v1', 'v2']);
    await store.videos.upsertVideos([video('v1', 'alex@uni.fi')], 't3');
    assert.deepEqual((await store.videos.videosOwnedBy('alex@uni.fi')).map((v) => v.id).sort(), ['v1', 'v2']);
  });

  it("finds an owner's videos whatever the case of the address Panopto gave (Teams gives it another)", async () => {
    await store.videos.upsertVideos([video('v1', 'Maija.Meikalainen@Xamk.fi'), video('v2', 'alex@uni.fi')], 't1');
    assert.deepEqual((await store.videos.videosOwnedBy('maija.meikalainen@xamk.fi')).map((v) => v.id), ['v1']);
    assert.deepEqual((await store.videos.videosOwnedBy('MAIJA.MEIKALAINEN@XAMK.FI')).map((v) => v.ownerKey), ['Maija.Meikalainen@Xamk.fi']);
    await store.videos.markGone(['v1'], 't2');
    assert.deepEqual((await store.videos.videosOwnedBy('maija.meikalainen@xamk.fi')), []);
  });

  it('takes a video given twice in one call as the later facts, in one owner\'s list only', async () => {
    await store.videos.upsertVideos([video('v1', 'alex@uni.fi'), video('v1', 'megan@uni.fi', { title: 'Later' })], 't1');
    assert.equal((await store.videos.getVideo('v1'))?.title, 'Later');
    assert.deepEqual((await store.videos.videosOwnedBy('alex@uni.fi')).map((v) => v.id), []);
    assert.deepEqual((await store.videos.videosOwnedBy('megan@uni.fi')).map((v) => v.title), ['Later']);
  });

  it('takes a whole crawl in one call (more than one batch of 100)', async () => {
    const many = Array.from({ length: 250 }, (_, i) => video(`v${i}`, `owner${i % 3}@uni.fi`));
    await store.videos.upsertVideos(many, 't1');
    assert.equal((await store.videos.allVideos()).length, 250);
    assert.equal((await store.videos.videosOwnedBy('owner1@uni.fi')).length, 83);
  });
});
