import assert from 'node:assert/strict';
import { BotHarness } from '../support/botHarness';
import { message } from '../support/activities';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const SECRET = 'not-a-real-secret-but-must-never-be-logged';

describe('Hosting: health, authentication, logs', () => {
  it('reports health with version, mode and store', async () => {
    const bot = await new BotHarness().start();
    try {
      const response = await bot.get('/healthz');
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ok', version: bot.app.version, mode: 'local', store: 'reachable' });
    } finally {
      await bot.stop();
    }
  });

  it('reports a closed store as degraded with 503', async () => {
    const bot = await new BotHarness().start();
    try {
      await bot.app.store.close();
      const response = await bot.get('/healthz');
      assert.equal(response.status, 503);
      assert.equal(((await response.json()) as { store: string }).store, 'unreachable');
    } finally {
      await bot.stop();
    }
  });

  describe('with an app id (production settings)', () => {
    const bot = new BotHarness({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: SECRET,
      MicrosoftAppTenantId: 'tenant-1',
      PANOPTO_SERVER: 'panopto.example.edu',
      PANOPTO_CLIENT_ID: 'c',
      PANOPTO_CLIENT_SECRET: 'panopto-secret',
      PANOPTO_GRANT: 'client_credentials',
    });
    // The SDK may write to console.error on its own; keep it to check it holds no secret.
    const consoleErrors: string[] = [];
    const originalConsoleError = console.error;
    before(async () => {
      console.error = (...args: unknown[]) => consoleErrors.push(args.map(String).join(' '));
      await bot.start();
    });
    after(async () => {
      console.error = originalConsoleError;
      await bot.stop();
    });

    it('rejects an unsigned POST with 401 and sends nothing', async () => {
      const response = await bot.post(message('How long are videos kept?'));
      assert.equal(response.status, 401);
      assert.equal(bot.connector.calls.length, 0);
    });

    it('rejects a forged token with 401', async () => {
      const forged = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(`{"aud":"${APP_ID}"}`).toString('base64url')}.`;
      const response = await bot.post(message('How long are videos kept?'), { authorization: `Bearer ${forged}` });
      assert.equal(response.status, 401);
    });

    it('never writes the app password to the log or the console', () => {
      assert.ok(bot.logLines.some((line) => line.includes('request refused')), 'the rejections were logged');
      assert.ok(!bot.logLines.join('\n').includes(SECRET));
      assert.ok(!consoleErrors.join('\n').includes(SECRET));
    });
  });
});
