import assert from 'node:assert/strict';
import { BotHarness } from '../support/botHarness';
import { BOT, message } from '../support/activities';
import { FakeOpenId } from '../fakes/openId';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const PRODUCTION = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'not-a-real-secret',
  MicrosoftAppTenantId: 'tenant-1',
  PANOPTO_SERVER: 'panopto.example.edu',
  PANOPTO_CLIENT_ID: 'c',
  PANOPTO_CLIENT_SECRET: 'panopto-secret',
  PANOPTO_GRANT: 'client_credentials',
  REMINDERS_SCHEDULE: 'off',
};

/** What no answer may show: the SDK's or a library's own words, or a stack. */
function assertNoInternals(text: string): void {
  assert.doesNotMatch(text, /signature|jwt|algorithm|expired|ECONNREFUSED|fetch|openID|Keys|\n\s+at /i, text);
}

describe('Authentication: bad tokens are 401, our own outages 503, never internal text', () => {
  const keys = new FakeOpenId();
  let bot: BotHarness;
  const consoleErrors: string[] = [];
  const originalConsoleError = console.error;

  before(async () => {
    await keys.start();
    bot = await new BotHarness({ ...PRODUCTION, BOT_OPENID_METADATA_URL: keys.metadataUrl }).start();
    console.error = (...args: unknown[]) => consoleErrors.push(args.map(String).join(' '));
  });
  after(async () => {
    console.error = originalConsoleError;
    await bot.stop();
    await keys.stop();
  });

  /** An activity the bot takes without calling anyone back (no reply, no roster look-up, which would sign in to Entra). */
  const quiet = () => ({ ...message('typing'), type: 'typing', from: { ...BOT } });
  const claims = (overrides: Record<string, unknown> = {}) => keys.claims(APP_ID, bot.connector.url, overrides);
  const postWith = (token: string) => bot.post(quiet(), { authorization: `Bearer ${token}` });

  it('lets in a token signed with the published key (the fake key server is the one used)', async () => {
    const response = await postWith(keys.token(claims()));
    assert.equal(response.status, 200, await response.text());
  });

  for (const [name, token] of [
    ['a known key id with a wrong signature', () => keys.token(claims(), 'wrong-signature')],
    ['alg "none" with a known key id', () => keys.token(claims(), 'alg-none')],
    ['HS256 signed with the public key', () => keys.token(claims(), 'hs256-with-public-key')],
    ['an expired token', () => keys.token(claims({ exp: Math.floor(Date.now() / 1000) - 3600 }))],
    ['a token for another bot', () => keys.token(claims({ aud: '99999999-2222-3333-4444-555555555555' }))],
  ] as const) {
    it(`answers 401 to ${name}, without saying why`, async () => {
      const response = await postWith(token());
      const body = await response.text();
      assert.equal(response.status, 401, body);
      assert.deepEqual(JSON.parse(body), { error: 'Unauthorized' });
      assertNoInternals(body);
      assert.equal(bot.connector.calls.length, 0);
    });
  }

  it('keeps the reason in the JSON log', () => {
    assert.ok(bot.logLines.some((line) => line.includes('request refused') && line.includes('"status":401')));
  });

  it('answers 503 when the signing keys cannot be read, without the error', async () => {
    const outage = await new BotHarness({ ...PRODUCTION, BOT_OPENID_METADATA_URL: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration' }).start();
    try {
      const response = await outage.post(quiet(), { authorization: `Bearer ${keys.token(keys.claims(APP_ID, outage.connector.url))}` });
      const body = await response.text();
      assert.equal(response.status, 503, body);
      assert.deepEqual(JSON.parse(body), { error: 'ServiceUnavailable' });
      assertNoInternals(body);
    } finally {
      await outage.stop();
    }
  });

  it('answers 503 when the key server fails', async () => {
    const failing = new FakeOpenId();
    await failing.start();
    failing.failWith = 500;
    const outage = await new BotHarness({ ...PRODUCTION, BOT_OPENID_METADATA_URL: failing.metadataUrl }).start();
    try {
      const response = await outage.post(quiet(), { authorization: `Bearer ${failing.token(failing.claims(APP_ID, outage.connector.url))}` });
      assert.equal(response.status, 503);
      assertNoInternals(await response.text());
    } finally {
      await outage.stop();
      await failing.stop();
    }
  });
});
