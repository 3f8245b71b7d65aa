import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createLogger } from '../../bot/logger';
import { PanoptoClient } from '../../bot/panopto/client';
import { PANOPTO_CHECK_CACHE_MS, ReadinessProbe } from '../../bot/readiness';
import { FakePanopto } from '../fakes/panopto';
import { BotHarness } from '../support/botHarness';

/**
 * /readyz: the store answers and, when Panopto is configured, Panopto signs the bot in. 503 names the part that is
 * not ready and nothing more; why goes to the log. Failures are real: a closed store, a deleted database file, a
 * Panopto that answers its token endpoint with 503 or 401.
 */

const TOKEN = 'oauth2/connect/token';

async function readiness(bot: BotHarness): Promise<{ status: number; body: unknown; text: string }> {
  const response = await bot.get('/readyz');
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as unknown, text };
}

describe('Readiness (/readyz)', () => {
  describe('the store', () => {
    let bot: BotHarness;
    beforeEach(async () => (bot = await new BotHarness().start()));
    afterEach(() => bot.stop());

    it('is ready when the store answers; Panopto is "not configured" with the demo data', async () => {
      const { status, body } = await readiness(bot);
      assert.equal(status, 200);
      assert.deepEqual(body, { status: 'ready', checks: { store: 'ok', panopto: 'not configured' } });
    });

    it('is not ready (503) when the store is closed', async () => {
      await bot.app.store.close();
      const { status, body } = await readiness(bot);
      assert.equal(status, 503);
      assert.deepEqual(body, { status: 'not ready', checks: { store: 'failing', panopto: 'not configured' } });
    });

    it('is not ready when the database file is deleted or replaced under the running bot', async () => {
      fs.rmSync(bot.databaseFile);
      assert.equal((await readiness(bot)).status, 503);
      fs.writeFileSync(bot.databaseFile, '');
      const { status, body } = await readiness(bot);
      assert.equal(status, 503, 'a new file in its place is not the store either');
      assert.deepEqual(body, { status: 'not ready', checks: { store: 'failing', panopto: 'not configured' } });
      assert.equal((await bot.get('/healthz')).status, 200, 'alive all the same: restarting would not bring the file back');
    });
  });

  describe('Panopto', () => {
    let panopto: FakePanopto;
    let bot: BotHarness;
    beforeEach(async () => {
      panopto = new FakePanopto();
      await panopto.start();
      bot = await new BotHarness({ ...panopto.env(), REMINDERS_SCHEDULE: 'off' }).start();
    });
    afterEach(async () => {
      await bot.stop();
      await panopto.stop();
    });

    it('is ready when Panopto signs the bot in', async () => {
      const { status, body } = await readiness(bot);
      assert.equal(status, 200);
      assert.deepEqual(body, { status: 'ready', checks: { store: 'ok', panopto: 'ok' } });
      assert.equal(panopto.count(TOKEN), 1);
    });

    for (const [status, what] of [[503, 'is down'], [401, 'refuses the credentials']] as const) {
      it(`is not ready when Panopto's sign-in ${what} (HTTP ${status}): the answer names the part, the log says why, neither holds a secret`, async () => {
        panopto.fail(TOKEN, { status });
        const answer = await readiness(bot);
        assert.equal(answer.status, 503);
        assert.deepEqual(answer.body, { status: 'not ready', checks: { store: 'ok', panopto: 'failing' } });
        const logged = bot.logLines.filter((line) => line.includes('"msg":"not ready"'));
        assert.equal(logged.length, 1);
        assert.match(logged[0] ?? '', new RegExp(`"part":"panopto".*HTTP ${status}`));
        for (const secret of [panopto.options.clientSecret, panopto.options.password]) {
          assert.ok(!answer.text.includes(secret) && !bot.logLines.join('\n').includes(secret), 'no secret in the answer or the log');
        }
      });
    }

    it('asks Panopto at most once per 30 seconds, however often and however many at once the probes come', async () => {
      panopto.fail(TOKEN, { status: 503 });
      const answers = await Promise.all([readiness(bot), readiness(bot), readiness(bot)]);
      assert.deepEqual(answers.map((a) => a.status), [503, 503, 503]);
      for (let i = 0; i < 5; i++) assert.equal((await readiness(bot)).status, 503, 'the failure is remembered: Panopto is not asked again yet');
      assert.equal(panopto.count(TOKEN), 1);
    });
  });

  describe('after the 30 seconds', () => {
    it('signs in again, so a Panopto that has come back makes the instance ready', async () => {
      const panopto = new FakePanopto();
      await panopto.start();
      try {
        const { clientId, clientSecret, username, password } = panopto.options;
        const client = new PanoptoClient({ baseUrl: panopto.url, auth: { grant: 'password', clientId, clientSecret, username, password }, timeoutMs: 5000, maxAttempts: 2, logger: createLogger('silent') });
        let now = 0;
        const probe = new ReadinessProbe({ ping: async () => true, panoptoSignIn: () => client.signIn(), now: () => now });
        panopto.fail(TOKEN, { status: 503 });
        assert.equal((await probe.check()).checks.panopto, 'failing');
        now += PANOPTO_CHECK_CACHE_MS - 1;
        assert.equal((await probe.check()).checks.panopto, 'failing', 'still the remembered answer');
        assert.equal(panopto.count(TOKEN), 1);
        now += 1;
        assert.deepEqual(await probe.check(), { status: 'ready', checks: { store: 'ok', panopto: 'ok' } });
        assert.equal(panopto.count(TOKEN), 2);
        now += PANOPTO_CHECK_CACHE_MS;
        await probe.check();
        assert.equal(panopto.count(TOKEN), 3, 'a fresh sign-in each time, not the token kept from the last one');
      } finally {
        await panopto.stop();
      }
    });
  });
});
