import assert from 'node:assert/strict';
import type http from 'node:http';
import { createLogger } from '../../bot/logger';
import { PanoptoClient } from '../../bot/panopto/client';
import { originOf, startServer, stopServer } from '../fakes/httpServer';

describe('Panopto sign-in refused: only the OAuth error code is kept', () => {
  let server: http.Server;
  let answer: unknown;
  before(async () => {
    server = await startServer((_req, _body, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  after(() => stopServer(server));

  const signIn = () =>
    new PanoptoClient({
      baseUrl: originOf(server),
      auth: { grant: 'password', clientId: 'bot-client', clientSecret: 'bot-secret', username: 'svc-bot', password: 'wrong-password-123' },
      timeoutMs: 2_000,
      maxAttempts: 1,
      logger: createLogger('silent'),
    }).get('sessions/s1');

  it('names a standard error code', async () => {
    answer = { error: 'invalid_grant', error_description: 'The user name or password is incorrect.' };
    await assert.rejects(signIn(), (e: Error) => /\(HTTP 400, invalid_grant\)/.test(e.message) && !e.message.includes('incorrect'));
  });

  it('drops an "error" that is free text (a server may echo what it was sent)', async () => {
    answer = { error: "Password 'wrong-password-123' rejected for svc-bot at 10.0.0.5\n   at Auth.check (auth.cs:42)" };
    await assert.rejects(signIn(), (e: Error) => /\(HTTP 400\): check/.test(e.message) && !/wrong-password-123|auth\.cs|10\.0\.0\.5/.test(e.message));
  });

  it('drops an "error" that is not a string', async () => {
    answer = { error: { nested: 'x'.repeat(5000) } };
    await assert.rejects(signIn(), (e: Error) => /\(HTTP 400\): check/.test(e.message) && e.message.length < 300);
  });
});
