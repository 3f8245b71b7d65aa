import assert from 'node:assert/strict';
import http from 'node:http';
import os from 'node:os';
import { BotHarness } from '../support/botHarness';
import { MAIJA, message, personalConversation } from '../support/activities';

/** Every answer to a bad request: a status and a short reason, never the text of an exception or a stack. */
async function rejected(response: Response): Promise<string> {
  const body = await response.text();
  assert.equal(response.status, 400, body);
  assert.doesNotMatch(body, /is not a function|Cannot read|TypeError|\n\s+at /, body);
  return body;
}

describe('Malformed activities: 400 with a clear reason, nothing done, nothing stored', () => {
  const bot = new BotHarness();
  before(() => bot.start());
  after(() => bot.stop());
  afterEach(() => bot.connector.reset());

  const cases: Array<[string, () => Record<string, unknown>, RegExp]> = [
    ['a numeric locale', () => ({ ...message('How long are videos kept?'), locale: 123 }), /locale/],
    ['a serviceUrl that is an object', () => ({ ...message('How long are videos kept?'), serviceUrl: {} }), /serviceUrl/],
    ['a serviceUrl that is not a URL', () => ({ ...message('How long are videos kept?'), serviceUrl: 'javascript:alert(1)' }), /serviceUrl/],
    ['no type', () => { const { type: _t, ...rest } = message('How long are videos kept?'); return rest; }, /type/],
    ['no sender', () => { const { from: _f, ...rest } = message('How long are videos kept?'); return rest; }, /from/],
    ['a sender id of 150 KB', () => ({ ...message('hi'), from: { ...MAIJA, id: `29:${'x'.repeat(150_000)}` } }), /from\.id/],
    ['a conversation id of 150 KB', () => ({ ...message('hi'), conversation: { id: `a:${'x'.repeat(150_000)}`, conversationType: 'personal' } }), /conversation\.id/],
    ['an activity id of 150 KB', () => ({ ...message('hi'), id: 'x'.repeat(150_000) }), /\bid\b/],
    ['a text of 100 KB', () => message('captions '.repeat(11_000)), /text/],
    ['a name that is a number', () => ({ ...message('hi'), from: { ...MAIJA, name: 42 } }), /from\.name/],
  ];
  for (const [name, activity, field] of cases) {
    it(`refuses ${name}`, async () => {
      const sent = activity();
      const body = await rejected(await bot.post(sent, {}));
      assert.match(body, field);
      assert.equal(bot.connector.calls.length, 0, 'nothing sent');
      assert.equal(await bot.app.store.conversations.getPerson(MAIJA.id), undefined, 'nothing stored');
      assert.equal(await bot.app.store.conversations.getConversation(personalConversation(MAIJA).id), undefined, 'nothing stored');
    });
  }

  it('refuses a body that is not JSON, without the parser\'s words', async () => {
    const response = await fetch(bot.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": "message",' });
    const body = await response.text();
    assert.equal(response.status, 400);
    assert.doesNotMatch(body, /position|Unexpected|Expected/);
  });

  it('stores only the fields Teams sends for the sender and the conversation, whatever else comes with them', async () => {
    const padding = 'x'.repeat(150_000);
    const activity = message('How long are videos kept?');
    const [reply] = await bot.turn({ ...activity, from: { ...activity.from, padding }, recipient: { ...activity.recipient, padding }, conversation: { ...activity.conversation, padding } });
    assert.ok(reply !== undefined, 'answered');
    const stored = await bot.app.store.conversations.getConversation(personalConversation(MAIJA).id);
    assert.ok(stored !== undefined);
    assert.ok(JSON.stringify(stored).length < 2000, `a reference of ${JSON.stringify(stored).length} characters`);
  });

  it('still answers a well-formed activity', async () => {
    const [reply] = await bot.turn(message('How long are videos kept?'));
    assert.ok(reply !== undefined);
  });
});

describe('Local mode (authentication off) talks only to this machine', () => {
  const bot = new BotHarness();
  let elsewhere: http.Server;
  let elsewhereCalls = 0;
  // This machine's own network address stands for "any host"; the server there lives only for this test.
  const address = Object.values(os.networkInterfaces()).flat().find((a) => a?.family === 'IPv4' && !a.internal)?.address;
  before(async () => {
    await bot.start();
    elsewhere = http.createServer((req, res) => {
      elsewhereCalls++;
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1","email":"attacker@example.com"}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, address ?? '127.0.0.1', resolve));
  });
  after(async () => {
    await bot.stop();
    await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
  });

  it('refuses a serviceUrl on another host, and calls nobody', async function () {
    if (address === undefined) this.skip();
    const port = (elsewhere.address() as { port: number }).port;
    const response = await bot.post({ ...message('How long are videos kept?'), serviceUrl: `http://${address}:${port}/` });
    const body = await rejected(response);
    assert.match(body, /serviceUrl/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(elsewhereCalls, 0);
    assert.equal(await bot.app.store.conversations.getPerson(MAIJA.id), undefined);
  });

  it('refuses a named host too', async () => {
    await rejected(await bot.post({ ...message('How long are videos kept?'), serviceUrl: 'https://smba.trafficmanager.net/teams/' }));
  });

  it('accepts localhost and 127.0.0.1 (the Agents Playground)', async () => {
    const [reply] = await bot.turn(message('How long are videos kept?'));
    assert.ok(reply !== undefined);
    const port = new URL(bot.connector.url).port;
    const response = await bot.post({ ...message('How long are videos kept?'), serviceUrl: `http://localhost:${port}/` });
    assert.equal(response.status, 200);
  });
});
