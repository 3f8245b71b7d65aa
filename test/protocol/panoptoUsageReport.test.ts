import assert from 'node:assert/strict';
import path from 'node:path';
import zlib from 'node:zlib';
import AdmZip from 'adm-zip';
import { createLogger } from '../../bot/logger';
import { PanoptoClient } from '../../bot/panopto/client';
import { MemoryCrawl } from '../../bot/panopto/memoryCrawl';
import { EndpointPacer } from '../../bot/panopto/pacing';
import { PanoptoSource } from '../../bot/panopto/panoptoSource';
import { firstFileOfZip, UsageReportSoap } from '../../bot/panopto/usageReportSoap';
import { loadPolicy } from '../../bot/rules/policy';
import type { CachedVideo } from '../../bot/storage/reminderRepositories';
import { FakePanopto } from '../fakes/panopto';

const logger = createLogger('silent');
const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));

describe('Last views in bulk: the Session usage report fetched from Panopto', () => {
  let panopto: FakePanopto;
  let crawl: MemoryCrawl;
  let cached: Map<string, CachedVideo>;

  const run = async (now: Date, password = 'svc-password') => {
    const client = new PanoptoClient({
      baseUrl: panopto.url,
      auth: { grant: 'password', clientId: 'bot-client', clientSecret: 'bot-secret', username: 'svc-bot', password: 'svc-password' },
      timeoutMs: 2_000,
      maxAttempts: 2,
      logger,
      pacer: new EndpointPacer({ perSecond: 1_000, perMinute: 10_000, perHour: 100_000 }),
    });
    const usageReportSoap = new UsageReportSoap(panopto.url, { userKey: 'svc-bot', password }, 2_000);
    const source = new PanoptoSource(client, { baseUrl: panopto.url, folderIds: [], ownerEmailDomain: 'xamk.fi', concurrency: 2, policy, viewsWatchDays: 45, crawl, usageReportSoap }, logger);
    const result = await source.fetchVideos(cached, now);
    cached = new Map(result.videos.map((v) => [v.id, v]));
    return result;
  };
  const viewerCalls = () => panopto.requests.filter((r) => r.path.endsWith('/viewers')).length;

  beforeEach(async () => {
    panopto = new FakePanopto({ pageSize: 2 });
    await panopto.start();
    crawl = new MemoryCrawl();
    cached = new Map();
    panopto.addFolder('f1');
    panopto.addSession({ Id: 'new', FolderId: 'f1', Username: 'XAMK\\maija', StartTime: '2026-11-20T10:00:00Z' });
    panopto.addSession({ Id: 'watched', FolderId: 'f1', Username: 'XAMK\\maija', StartTime: '2025-01-01T10:00:00Z', CaptionDownloadUrl: 'https://x/cc', viewers: ['2025-02-01T10:00:00Z', '2026-10-20T10:00:00Z'] });
    panopto.addSession({ Id: 'nearTrash', FolderId: 'f1', Username: 'XAMK\\matti', StartTime: '2024-01-01T10:00:00Z', CaptionDownloadUrl: 'https://x/cc', viewers: ['2024-12-20T10:00:00Z'] });
  });
  afterEach(() => panopto.stop());

  it('queues the report on one run, uses it on the next: viewers only for the video near its trash date', async () => {
    const first = await run(new Date('2026-11-26T06:00:00Z'));
    assert.equal(first.progress?.usageReport, 'queued');
    assert.deepEqual(panopto.reportsQueued.map((r) => [r.reportType, r.userKey]), [['SessionUsage', 'svc-bot']]);
    assert.equal(viewerCalls() > 0, true, 'no report yet: viewers read per session');

    // A month later every video is due for a fresh look at its views; the report gives them in bulk.
    cached = new Map([...cached].map(([id, v]) => [id, { ...v, viewersFetchedAt: '2026-10-01T00:00:00Z' }]));
    panopto.sessions.get('watched')?.viewers.push('2026-11-25T10:00:00Z');
    panopto.requests.length = 0;
    const second = await run(new Date('2026-11-27T06:00:00Z'));
    assert.equal(second.progress?.usageReport, 'fetched (3 sessions)');
    const asked = [...new Set(panopto.requests.filter((r) => r.path.endsWith('/viewers')).map((r) => r.path.split('/')[3]))];
    assert.deepEqual(asked, ['nearTrash']);
    assert.equal(second.videos.find((v) => v.id === 'watched')?.lastViewedAt, '2026-11-25T10:00:00.000Z');
  });

  it('a report Panopto refuses or has not made yet changes nothing but the summary', async () => {
    panopto.reportsReady = false;
    await run(new Date('2026-11-26T06:00:00Z'));
    const notReady = await run(new Date('2026-11-27T06:00:00Z'));
    assert.match(notReady.progress?.usageReport ?? '', /^queued, not ready yet \(HTTP 500: Report not available\)$/);
    const refused = await new UsageReportSoap(panopto.url, { userKey: 'svc-bot', password: 'wrong' }, 2_000).queue(new Date(), new Date()).catch((e: Error) => e.message);
    assert.match(String(refused), /did not queue the usage report \(HTTP 500: Invalid credentials\)/);
    assert.doesNotMatch(String(refused), /wrong/);
    assert.equal(notReady.videos.length, 3);
  });

  it('reads the one file of the report zip, deflated or stored', () => {
    const zip = new AdmZip();
    zip.addFile('r.csv', Buffer.from('Session ID,Most Recent View Date\nabc,2026-01-01\n'.repeat(50)));
    assert.equal(firstFileOfZip(zip.toBuffer()).toString('utf8').split('\n')[1], 'abc,2026-01-01');
    assert.ok(zlib.deflateRawSync(Buffer.from('x')).length > 0);
  });
});
