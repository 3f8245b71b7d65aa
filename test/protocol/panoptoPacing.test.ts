import assert from 'node:assert/strict';
import { createLogger } from '../../bot/logger';
import { PanoptoClient } from '../../bot/panopto/client';
import { EndpointPacer, endpointOf, type PanoptoLimits } from '../../bot/panopto/pacing';
import { FakePanopto } from '../fakes/panopto';

const logger = createLogger('silent');
/** A "minute" lasts a second and an "hour" a minute: the limits bite within a test. */
const TIME_SCALE = 60;
const LIMITS: PanoptoLimits = { perSecond: 5, perMinute: 20, perHour: 40 };

describe('Panopto pacing: each endpoint kept within its limits', () => {
  let panopto: FakePanopto;
  const client = (pacer?: EndpointPacer) =>
    new PanoptoClient({
      baseUrl: panopto.url,
      auth: { grant: 'password', clientId: 'bot-client', clientSecret: 'bot-secret', username: 'svc-bot', password: 'svc-password' },
      timeoutMs: 5_000,
      maxAttempts: 1,
      logger,
      ...(pacer === undefined ? {} : { pacer }),
    });

  beforeEach(async () => {
    panopto = new FakePanopto({ limits: { ...LIMITS, timeScale: TIME_SCALE } });
    await panopto.start();
    panopto.addFolder('f1');
    for (let i = 1; i <= 30; i++) panopto.addSession({ Id: `s${i}`, FolderId: 'f1', Username: 'XAMK\\maija', StartTime: '2026-11-20T10:00:00Z' });
  });
  afterEach(() => panopto.stop());

  it('counts an endpoint as method and path template', () => {
    assert.equal(endpointOf('get', 'sessions/3f2a/viewers'), 'GET sessions/{id}/viewers');
    assert.equal(endpointOf('GET', 'sessions/3f2a'), 'GET sessions/{id}');
    assert.equal(endpointOf('GET', 'folders/abc/sessions'), 'GET folders/{id}/sessions');
    assert.equal(endpointOf('GET', 'searchIndexSync/updates'), 'GET searchIndexSync/updates');
  });

  it('the fake answers 429 to a client that does not pace itself', async () => {
    const c = client(new EndpointPacer({ perSecond: 1_000, perMinute: 1_000, perHour: 1_000 }));
    const results = await Promise.allSettled(Array.from({ length: 25 }, (_, i) => c.get(`sessions/s${i + 1}`)));
    assert.ok(panopto.rateLimited > 0);
    assert.ok(results.some((r) => r.status === 'rejected'));
  });

  it('never exceeds the second, minute or hour limit of any endpoint, with details and viewers fetched at once', async () => {
    const c = client(new EndpointPacer(LIMITS, undefined, { timeScale: TIME_SCALE }));
    const ids = Array.from({ length: 30 }, (_, i) => `s${i + 1}`);
    const started = Date.now();
    const [details, viewers] = await Promise.all([
      Promise.all(ids.map((id) => c.get<{ Id: string }>(`sessions/${id}`))),
      Promise.all(ids.map((id) => c.get(`sessions/${id}/viewers`, { pageNumber: 0 }))),
    ]);
    assert.equal(panopto.rateLimited, 0, 'the fake never had to refuse a request');
    assert.deepEqual(details.map((d) => d?.Id), ids);
    assert.equal(viewers.length, 30);
    // 30 calls per endpoint at 20 a "minute": the second score had to wait for the first minute to pass.
    assert.ok(Date.now() - started >= 60_000 / TIME_SCALE, 'the minute limit made the calls wait');
    assert.deepEqual(c.pacer.counts(), { 'GET sessions/{id}': 30, 'GET sessions/{id}/viewers': 30 });
  });

  it('honours Retry-After for every caller of that endpoint, and only that endpoint', async () => {
    panopto.fail('api/v1/sessions/s1', { status: 429, retryAfter: '0.4' });
    // The real pacer, watched: it says when the Retry-After pause began.
    const pacer = new (class extends EndpointPacer {
      paused = false;
      override pauseFor(endpoint: string, ms: number): void {
        super.pauseFor(endpoint, ms);
        this.paused = true;
      }
    })({ perSecond: 100, perMinute: 1_000, perHour: 1_000 });
    const c = new PanoptoClient({
      baseUrl: panopto.url,
      auth: { grant: 'password', clientId: 'bot-client', clientSecret: 'bot-secret', username: 'svc-bot', password: 'svc-password' },
      timeoutMs: 5_000,
      maxAttempts: 3,
      logger,
      sleep: async () => undefined, // the retrying call itself does not wait: only the pacer's pause is measured
      pacer,
    });
    const first = c.get('sessions/s1');
    // Once the client has taken in the 429 (not merely sent the request: under load the answer can take a while to land).
    while (!pacer.paused) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    const took = async (call: Promise<unknown>) => (await call, Date.now() - started);
    const [otherEndpoint, sameEndpoint] = await Promise.all([took(c.get('folders/f1/sessions', { pageNumber: 0 })), took(c.get('sessions/s2')), first]);
    assert.ok(otherEndpoint < 300, `another endpoint did not wait (${otherEndpoint} ms)`);
    assert.ok(sameEndpoint >= 300, `the same endpoint waited for Retry-After (${sameEndpoint} ms)`);
  });
});
