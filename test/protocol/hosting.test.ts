import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import http from 'node:http';
import net from 'node:net';
import { closeGracefully } from '../../bot/server';
import { BotHarness } from '../support/botHarness';
import { message } from '../support/activities';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const SECRET = 'not-a-real-secret-but-must-never-be-logged';

describe('Hosting: health, authentication, logs', () => {
  it('answers liveness with version and mode, without touching the store (a store outage is readiness, /readyz)', async () => {
    const bot = await new BotHarness().start();
    try {
      const response = await bot.get('/healthz');
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ok', version: bot.app.version, mode: 'local' });
      await bot.app.store.close();
      assert.equal((await bot.get('/healthz')).status, 200, 'alive, though not ready');
    } finally {
      await bot.stop();
    }
  });

  it('on stop, finishes a turn in flight and answers it with Connection: close, then takes nothing new', async () => {
    const bot = await new BotHarness().start();
    try {
      bot.connector.holdAfter = 0;
      const agent = new http.Agent({ keepAlive: true });
      const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = http.request(bot.endpoint, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, resolve);
        req.on('error', reject);
        req.end(JSON.stringify({ serviceUrl: bot.connector.url, ...message('How long are videos kept?') }));
      });
      while (bot.connector.held.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const closed = closeGracefully(bot.app.server);
      // The turn's reply reaches the connector only now, after the stop began.
      const reply = bot.connector.held.splice(0)[0];
      reply?.writeHead(200, { 'content-type': 'application/json' });
      reply?.end('{"id":"1"}');
      const response = await answered;
      response.resume();
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers.connection, 'close');
      await closed;
      await assert.rejects(fetch(bot.endpoint, { method: 'POST' }), 'the port no longer takes connections');
      agent.destroy();
    } finally {
      await bot.stop();
    }
  });

  it('on stop, takes no further request on a connection still open for one in flight', async () => {
    const bot = await new BotHarness().start();
    try {
      bot.connector.holdAfter = 0;
      const { port } = new URL(bot.endpoint);
      const socket = net.connect(Number(port), '127.0.0.1');
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
      const request = (text: string) => {
        const body = JSON.stringify({ serviceUrl: bot.connector.url, ...message(text) });
        return `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      };
      socket.write(request('How long are videos kept?'));
      while (bot.connector.held.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const closed = closeGracefully(bot.app.server);
      socket.write(request('Who owns a recording?'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const reply = bot.connector.held.splice(0)[0];
      reply?.writeHead(200, { 'content-type': 'application/json' });
      reply?.end('{"id":"1"}');
      const socketClosed = await Promise.race([
        new Promise<boolean>((resolve) => socket.on('close', () => resolve(true))),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000)),
      ]);
      socket.destroy();
      await closed;
      assert.ok(socketClosed, 'the server closed the connection');
      // The first is answered with Connection: close; the second is refused (503) or left unanswered on the closed
      // connection, which tells an HTTP client it was not processed and may be sent again.
      const statuses = [...received.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
      assert.equal(statuses[0], '200', received);
      assert.ok(statuses.slice(1).every((status) => status === '503'), received);
      assert.match(received, /connection: close/i);
      const db = new Database(bot.databaseFile, { readonly: true });
      const taken = db.prepare('SELECT text FROM questions').all() as Array<{ text: string }>;
      db.close();
      assert.deepEqual(taken.map((q) => q.text), ['How long are videos kept?'], 'only the first question was taken');
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
