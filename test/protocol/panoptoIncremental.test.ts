import assert from 'node:assert/strict';
import path from 'node:path';
import { createLogger } from '../../bot/logger';
import { PanoptoClient } from '../../bot/panopto/client';
import { MemoryCrawl } from '../../bot/panopto/memoryCrawl';
import { EndpointPacer } from '../../bot/panopto/pacing';
import { PanoptoSource } from '../../bot/panopto/panoptoSource';
import { loadPolicy } from '../../bot/rules/policy';
import type { CachedVideo } from '../../bot/storage/reminderRepositories';
import { FakePanopto } from '../fakes/panopto';

const logger = createLogger('silent');
const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));
const DAY = 86_400_000;

describe('Incremental discovery: changed sessions only, between weekly full passes', () => {
  let panopto: FakePanopto;
  let crawl: MemoryCrawl;
  let cached: Map<string, CachedVideo>;

  /** One daily run: a new client (a new process), the crawl's place and the cache kept between runs. */
  const run = async (now: Date) => {
    const client = new PanoptoClient({
      baseUrl: panopto.url,
      auth: { grant: 'password', clientId: 'bot-client', clientSecret: 'bot-secret', username: 'svc-bot', password: 'svc-password' },
      timeoutMs: 2_000,
      maxAttempts: 2,
      logger,
      pacer: new EndpointPacer({ perSecond: 1_000, perMinute: 10_000, perHour: 100_000 }),
    });
    const source = new PanoptoSource(client, { baseUrl: panopto.url, folderIds: [], ownerEmailDomain: 'xamk.fi', concurrency: 2, policy, viewsWatchDays: 45, crawl }, logger);
    const result = await source.fetchVideos(cached, now);
    cached = new Map(result.videos.map((v) => [v.id, v]));
    return result;
  };
  const folderCalls = () => panopto.requests.filter((r) => r.path.startsWith('api/v1/folders/')).length;
  const detailCalls = () => panopto.requests.filter((r) => /^api\/v1\/sessions\/[^/]+$/.test(r.path)).map((r) => r.path.split('/').pop());

  beforeEach(async () => {
    panopto = new FakePanopto({ pageSize: 2 });
    panopto.incrementalSync = true;
    await panopto.start();
    crawl = new MemoryCrawl();
    cached = new Map();
    panopto.addFolder('f1');
    for (const id of ['old1', 'old2', 'old3']) panopto.addSession({ Id: id, FolderId: 'f1', Username: 'XAMK\\maija', StartTime: '2026-06-01T10:00:00Z', CaptionDownloadUrl: 'https://x/cc' });
  });
  afterEach(() => panopto.stop());

  it('after a full pass, asks only for what changed since, and reads just those sessions', async () => {
    const first = await run(new Date('2026-11-26T06:00:00Z'));
    assert.equal(first.progress?.discovery, 'folders');
    panopto.requests.length = 0;
    panopto.addSession({ Id: 'new', FolderId: 'f1', Username: 'XAMK\\matti', StartTime: '2026-11-26T12:00:00Z' });
    panopto.updates.push({ VideoId: 'new', UpdateTime: '2026-11-26T12:05:00Z' }, { VideoId: 'old2', UpdateTime: '2026-11-26T13:00:00Z' });
    panopto.sessions.set('old2', { ...(panopto.sessions.get('old2') as NonNullable<ReturnType<typeof panopto.sessions.get>>), Name: 'Renamed' });

    const second = await run(new Date('2026-11-27T06:00:00Z'));
    assert.equal(second.progress?.discovery, 'incremental');
    assert.equal(folderCalls(), 0, 'no folder listed');
    assert.deepEqual(detailCalls().sort(), ['new', 'old2']);
    assert.equal(panopto.requests.find((r) => r.path === 'api/v1/searchIndexSync/updates') !== undefined, true);
    assert.equal(second.videos.find((v) => v.id === 'old2')?.title, 'Renamed');
    assert.equal(second.videos.find((v) => v.id === 'new')?.ownerKey, 'matti@xamk.fi');
    assert.equal(second.videos.length, 4);
  });

  it('falls back to the folder walk when the tenant refuses the sync, and says so', async () => {
    await run(new Date('2026-11-26T06:00:00Z'));
    panopto.syncRefusal = 403;
    panopto.requests.length = 0;
    const second = await run(new Date('2026-11-27T06:00:00Z'));
    assert.equal(second.progress?.discovery, 'folders');
    assert.equal(second.progress?.incrementalRefused, 'HTTP 403');
    assert.ok(folderCalls() > 0);
    assert.equal(second.videos.length, 3);
  });

  it('a tenant without the sync (404) gets the folder walk too', async () => {
    await run(new Date('2026-11-26T06:00:00Z'));
    panopto.incrementalSync = false;
    const second = await run(new Date('2026-11-27T06:00:00Z'));
    assert.equal(second.progress?.discovery, 'folders');
    assert.equal(second.progress?.incrementalRefused, 'HTTP 404');
  });

  it('makes a full pass again a week after the last one, which also finds what was deleted', async () => {
    const start = new Date('2026-11-26T06:00:00Z');
    await run(start);
    panopto.sessions.delete('old3');
    panopto.requests.length = 0;
    const weekLater = await run(new Date(start.getTime() + 7 * DAY));
    assert.equal(weekLater.progress?.discovery, 'folders');
    assert.equal(panopto.requests.some((r) => r.path.includes('searchIndexSync')), false);
    assert.deepEqual(weekLater.videos.map((v) => v.id).sort(), ['old1', 'old2']);
  });
});
