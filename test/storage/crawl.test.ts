import assert from 'node:assert/strict';
import type { CrawlCursor, StoredListing } from '../../bot/storage/crawlRepository';
import { describeEachBackend } from '../support/backends';
import { storeUnderTest } from '../support/storeUnderTest';

const folderId = (i: number) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`;
const cursor = (extra: Partial<CrawlCursor> = {}): CrawlCursor => ({ pass: 3, passStartedAt: '2026-11-26T02:00:00.000Z', folders: [folderId(1), folderId(2)], page: 4, ...extra });
const listing = (i: number, extra: Partial<StoredListing> = {}): StoredListing => ({
  id: `session-${i}`,
  name: `Lecture ${i}`,
  startTime: '2026-01-01T10:00:00.000Z',
  fingerprint: `fp-${i}`,
  pass: 3,
  ...extra,
});

describeEachBackend('Crawl progress', (backend) => {
  const under = storeUnderTest(backend);
  const crawl = () => under.store.crawl;

  it('has no cursor and no listings before the first run', async () => {
    assert.equal(await crawl().cursor(), undefined);
    assert.deepEqual(await crawl().listings(), new Map());
  });

  it('keeps the cursor and the sessions listed so far for the next run, however long the folder list', async () => {
    const long = cursor({ folders: [...Array(2_000).keys()].map(folderId), completedAt: '2026-11-25T04:00:00.000Z', usageReport: { id: 'r1', queuedAt: '2026-11-20T00:00:00.000Z' } });
    const page = [listing(1), listing(2, { name: undefined, startTime: undefined }), listing(3, { id: 'odd/id#with?chars%' })];
    await crawl().saveProgress(long, page);
    const restarted = under.another().crawl;
    assert.deepEqual(await restarted.cursor(), long);
    assert.deepEqual(await restarted.listings(), new Map(page.map((l) => [l.id, l])));
  });

  it('keeps a cursor with more folders still to visit than one record holds, and the one after it', async () => {
    const wide = cursor({ folders: [...Array(30_000).keys()].map(folderId) });
    await crawl().saveProgress(wide, [listing(1)]);
    assert.deepEqual(await under.another().crawl.cursor(), wide);
    const wider = cursor({ folders: [...Array(31_000).keys()].map(folderId), page: 5 });
    await crawl().saveProgress(wider, []);
    assert.deepEqual(await crawl().cursor(), wider);
    await crawl().saveProgress(cursor(), []);
    assert.deepEqual(await crawl().cursor(), cursor());
  });

  it('saves a page larger than one transaction, and a session listed again in a later pass replaces its listing', async () => {
    const page = [...Array(250).keys()].map((i) => listing(i));
    await crawl().saveProgress(cursor(), page);
    await crawl().saveProgress(cursor({ pass: 4, page: 0 }), [listing(7, { pass: 4, fingerprint: 'changed' })]);
    const listings = await crawl().listings();
    assert.equal(listings.size, 250);
    assert.deepEqual(listings.get('session-7'), listing(7, { pass: 4, fingerprint: 'changed' }));
    assert.equal((await crawl().cursor())?.pass, 4);
  });

  it('forgets sessions Panopto no longer has, including ones it never listed', async () => {
    await crawl().saveProgress(cursor(), [...Array(150).keys()].map((i) => listing(i)));
    await crawl().forget([...Array(120).keys()].map((i) => `session-${i}`).concat('never-listed'));
    assert.deepEqual([...(await crawl().listings()).keys()].sort(), [...Array(30).keys()].map((i) => `session-${i + 120}`).sort());
    await crawl().forget([]);
  });
});
