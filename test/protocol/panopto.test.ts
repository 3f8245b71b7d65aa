import assert from 'node:assert/strict';
import path from 'node:path';
import { createLogger } from '../../bot/logger';
import { PanoptoClient, PanoptoError, retryAfterMs } from '../../bot/panopto/client';
import { EndpointPacer } from '../../bot/panopto/pacing';
import { PanoptoSource } from '../../bot/panopto/panoptoSource';
import { lastViewedOf, publishedAtOf } from '../../bot/panopto/signals';
import { parseUsageReport } from '../../bot/panopto/usageReport';
import { loadPolicy } from '../../bot/rules/policy';
import { FakePanopto } from '../fakes/panopto';

const logger = createLogger('silent');

function virtualClock() {
  let now = Date.now();
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}
const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));

describe('Panopto client against a server speaking the documented API', () => {
  let panopto: FakePanopto;
  let waits: number[];
  const client = (overrides: Partial<ConstructorParameters<typeof PanoptoClient>[0]> = {}) =>
    new PanoptoClient({
      baseUrl: panopto.url,
      auth: { grant: 'password', clientId: 'bot-client', clientSecret: 'bot-secret', username: 'svc-bot', password: 'svc-password' },
      timeoutMs: 2_000,
      maxAttempts: 4,
      logger,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
      // Limits far away and a clock that jumps when asked to wait: these tests are about what is asked, not pacing.
      pacer: new EndpointPacer({ perSecond: 10_000, perMinute: 100_000, perHour: 1_000_000 }, virtualClock()),
      ...overrides,
    });

  beforeEach(async () => {
    panopto = new FakePanopto();
    await panopto.start();
    waits = [];
    panopto.addFolder('f1');
    for (let i = 1; i <= 5; i++) panopto.addSession({ Id: `s${i}`, FolderId: 'f1', Username: 'XAMK\\maija', StartTime: '2026-11-20T10:00:00Z' });
  });
  afterEach(() => panopto.stop());

  it('pages from 0 until an empty page', async () => {
    const ids: string[] = [];
    for await (const s of client().pages<{ Id: string }>('folders/f1/sessions')) ids.push(s.Id);
    assert.deepEqual(ids, ['s1', 's2', 's3', 's4', 's5']);
    assert.deepEqual(panopto.requests.filter((r) => r.path.endsWith('/sessions')).map((r) => r.pageNumber), ['0', '1', '2', '3']);
  });

  it('signs in once with the password grant and reuses the token', async () => {
    const c = client();
    await c.get('sessions/s1');
    await c.get('sessions/s2');
    assert.equal(panopto.count('oauth2/connect/token'), 1);
  });

  it('supports the client-credentials grant as an option', async () => {
    const c = client({ auth: { grant: 'client_credentials', clientId: 'bot-client', clientSecret: 'bot-secret' } });
    assert.equal((await c.get<{ Id: string }>('sessions/s1'))?.Id, 's1');
  });

  it('renews a token that expires mid-run, and one that is rejected', async () => {
    const c = client();
    await c.get('sessions/s1');
    panopto.expireTokens();
    assert.equal((await c.get<{ Id: string }>('sessions/s2'))?.Id, 's2');
    assert.equal(panopto.count('oauth2/connect/token'), 2);
  });

  it('renews a token shortly before it expires', async () => {
    panopto.options.tokenLifetimeSeconds = 30; // less than the renewal margin
    const c = client();
    await c.get('sessions/s1');
    await c.get('sessions/s2');
    assert.equal(panopto.count('oauth2/connect/token'), 2);
  });

  it('re-authenticates once on 403, then fails clearly', async () => {
    panopto.fail('api/v1/sessions/s1', { status: 403 }, { status: 403 });
    await assert.rejects(client().get('sessions/s1'), (e: Error) => e instanceof PanoptoError && /refused access to sessions\/s1 \(HTTP 403\) even with a new token/.test(e.message));
  });

  it('waits as Retry-After says on 429, and backs off with jitter on 500', async () => {
    panopto.fail('api/v1/sessions/s1', { status: 429, retryAfter: '7' }, { status: 500 }, { status: 503 });
    assert.equal((await client().get<{ Id: string }>('sessions/s1'))?.Id, 's1');
    assert.deepEqual(waits, [7000, 500, 1000]);
  });

  it('gives up after its attempts with a message naming what failed', async () => {
    panopto.fail('api/v1/sessions/s1', { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    await assert.rejects(client().get('sessions/s1'), /Panopto did not answer sessions\/s1 after 4 attempts \(last: HTTP 500: injected 500\)/);
  });

  it('returns nothing for 404 (a session deleted since it was listed) and reports a 400 with Panopto\'s message', async () => {
    assert.equal(await client().get('sessions/nope'), undefined);
    panopto.fail('api/v1/sessions/s1', { status: 400 });
    await assert.rejects(client().get('sessions/s1'), /rejected sessions\/s1 \(HTTP 400\): injected 400/);
  });

  it('names the settings to check when the sign-in is refused, without the secret', async () => {
    const c = client({ auth: { grant: 'password', clientId: 'bot-client', clientSecret: 'bot-secret', username: 'svc-bot', password: 'wrong-password-123' } });
    await assert.rejects(c.get('sessions/s1'), (e: Error) => /rejected the sign-in \(HTTP 400, invalid_grant\): check .*PANOPTO_USERNAME\/PANOPTO_PASSWORD/.test(e.message) && !e.message.includes('wrong-password-123'));
  });

  it('says the server cannot be reached, and times out a request that hangs', async () => {
    await assert.rejects(client({ baseUrl: 'http://127.0.0.1:1' }).get('sessions/s1'), /Cannot reach Panopto at http:\/\/127\.0\.0\.1:1 .*check PANOPTO_SERVER/);
  });

  it('reads Retry-After as seconds or as a date', () => {
    assert.equal(retryAfterMs('3'), 3000);
    assert.equal(retryAfterMs('Thu, 26 Nov 2026 10:00:05 GMT', Date.parse('2026-11-26T10:00:00Z')), 5000);
    assert.equal(retryAfterMs('soon'), undefined);
  });

  describe('as the reminders\' source of videos', () => {
    const source = (usage = '') =>
      new PanoptoSource(
        client(),
        { baseUrl: panopto.url, folderIds: [], ownerEmailDomain: 'xamk.fi', concurrency: 3, policy, viewsWatchDays: 45, ...(usage === '' ? {} : { usageReport: parseUsageReport(usage) }) },
        logger,
      );

    it('crawls every folder from the root and reads owner, publication, captions, views and link', async () => {
      panopto.addFolder('f2', 'f1');
      panopto.addSession({ Id: 'deep', FolderId: 'f2', Username: 'meikalainen@xamk.fi', StartTime: '2024-01-02T08:00:00Z', CaptionDownloadUrl: 'https://x/cc', viewers: ['2025-01-01T10:00:00Z', '2025-03-04T10:00:00Z'] });
      const { videos } = await source().fetchVideos(new Map(), new Date('2026-11-26T10:00:00Z'));
      assert.equal(videos.length, 6);
      const deep = videos.find((v) => v.id === 'deep');
      assert.equal(deep?.ownerKey, 'meikalainen@xamk.fi');
      assert.equal(deep?.hasCaptions, true);
      assert.equal(deep?.lastViewedAt, '2025-03-04T10:00:00.000Z');
      assert.equal(deep?.publishedAt, '2024-01-02T08:00:00.000Z');
      const s1 = videos.find((v) => v.id === 's1');
      assert.equal(s1?.ownerKey, 'maija@xamk.fi', 'Provider\\login maps to login@domain');
      assert.equal(s1?.hasCaptions, false);
      assert.match(s1?.viewerUrl ?? '', /Viewer\.aspx\?id=s1$/);
    });

    it('fetches details again only for what changed or still needs watching', async () => {
      panopto.addSession({ Id: 'old', FolderId: 'f1', Username: 'a@xamk.fi', StartTime: '2025-01-01T08:00:00Z', CaptionDownloadUrl: 'https://x/cc' });
      const now = new Date('2026-11-26T10:00:00Z');
      const { videos: first } = await source().fetchVideos(new Map(), now);
      const details = (id: string) => panopto.requests.filter((r) => r.path === `api/v1/sessions/${id}`).length;
      const before = details('old');
      await source().fetchVideos(new Map(first.map((v) => [v.id, v])), new Date('2026-11-27T10:00:00Z'));
      assert.equal(details('old') - before, 0, 'the details of a captioned, unchanged video are not read again');
      assert.ok(panopto.count('api/v1/sessions/s1') >= 2, 'an uncaptioned video near its deadline is re-read');
    });

    it('takes last views and owner e-mails from the usage report', async () => {
      const csv = 'Session ID,Session Name,Creator,Email,Most Recent View Date\ns1,Session s1,XAMK\\maija,Maija.Real@Xamk.fi,2026-10-01T12:00:00Z\n';
      const { videos } = await source(csv).fetchVideos(new Map(), new Date('2026-11-26T10:00:00Z'));
      const s1 = videos.find((v) => v.id === 's1');
      assert.equal(s1?.ownerKey, 'maija.real@xamk.fi');
      assert.equal(s1?.lastViewedAt, '2026-10-01T12:00:00.000Z');
    });

    it('asks for viewers only of videos the usage report leaves near their trash date', async () => {
      panopto.sessions.set('s2', { ...(panopto.sessions.get('s2') as NonNullable<ReturnType<typeof panopto.sessions.get>>), StartTime: '2023-01-01T10:00:00Z' });
      const csv = 'Session ID,Most Recent View Date\ns1,2026-10-01T12:00:00Z\ns2,2024-12-20T12:00:00Z\n';
      const { videos } = await source(csv).fetchVideos(new Map(), new Date('2026-11-26T10:00:00Z'));
      const viewerCalls = panopto.requests.filter((r) => r.path.endsWith('/viewers')).map((r) => r.path.split('/')[3]);
      assert.deepEqual([...new Set(viewerCalls)].sort(), ['s2', 's3', 's4', 's5'], 's1 (viewed last month) needs no viewers call; s2 (trash in 24 days) does; s3-s5 are not in the report');
      assert.equal(videos.find((v) => v.id === 's1')?.lastViewedAt, '2026-10-01T12:00:00.000Z');
    });

    it('reads views again as the trash date the policy gives comes near, not a fixed two years', async () => {
      const oneYear = { ...policy, lifecycle: { years: 1 } };
      const now = new Date('2026-11-26T10:00:00Z');
      panopto.addSession({ Id: 'aging', FolderId: 'f1', Username: 'a@xamk.fi', StartTime: '2025-01-01T08:00:00Z', CaptionDownloadUrl: 'https://x/cc', viewers: ['2025-12-10T10:00:00Z'] });
      const oneYearSource = new PanoptoSource(client(), { baseUrl: panopto.url, folderIds: [], ownerEmailDomain: 'xamk.fi', concurrency: 3, policy: oneYear, viewsWatchDays: 45 }, logger);
      const { videos: first } = await oneYearSource.fetchVideos(new Map(), new Date('2026-11-24T10:00:00Z'));
      const viewerReads = () => panopto.count('api/v1/sessions/aging/viewers');
      const before = viewerReads();
      await oneYearSource.fetchVideos(new Map(first.map((v) => [v.id, v])), now); // trash on 10 Dec 2026, in 14 days
      assert.ok(viewerReads() > before, 'viewers read again two days later');
    });

    it('reads Panopto times written without an offset as UTC, whatever the server\'s time zone', () => {
      const zone = process.env['TZ'];
      process.env['TZ'] = 'America/New_York';
      try {
        assert.equal(publishedAtOf({ Id: 'x', StartTime: '2026-11-20T10:00:00' }), '2026-11-20T10:00:00.000Z');
        assert.equal(lastViewedOf([{ LastViewedDateTime: '2026-11-21T23:30:00' }, { LastViewedDateTime: '2026-11-21T10:00:00+02:00' }]), '2026-11-21T23:30:00.000Z');
        const report = parseUsageReport('Session ID,Most Recent View Date\na,2026-10-01 12:00:00\nb,10/01/2026 12:00:00\nc,2026-10-01T12:00:00Z\n');
        assert.deepEqual([...report.values()].map((r) => r.lastViewedAt), ['2026-10-01T12:00:00.000Z', '2026-10-01T12:00:00.000Z', '2026-10-01T12:00:00.000Z']);
      } finally {
        if (zone === undefined) delete process.env['TZ'];
        else process.env['TZ'] = zone;
      }
    });

    it('fails the run with a clear error when Panopto stays down', async () => {
      panopto.fail('api/v1/folders', { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
      await assert.rejects(source().fetchVideos(new Map(), new Date()), /Panopto did not answer folders\/.* after 4 attempts/);
    });
  });
});

describe('Usage report CSV', () => {
  it('matches columns by name in any case, and skips rows without an id', () => {
    const report = parseUsageReport('\ufeffsession id,EMAIL,last viewed\nabc,x@y.fi,2026-01-02\n,z@y.fi,2026-01-03\ndef,,\n');
    assert.deepEqual([...report.keys()], ['abc', 'def']);
    assert.equal(report.get('abc')?.lastViewedAt, '2026-01-02T00:00:00.000Z');
    assert.equal(report.get('def')?.ownerEmail, undefined);
  });

  it('says which column is missing', () => {
    assert.throws(() => parseUsageReport('Name,Email\nx,y@z.fi\n'), /no session id column/);
  });
});
