import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { FakeConnector } from '../fakes/connector';
import { message } from '../support/activities';

const ROOT = path.resolve(__dirname, '..', '..');

interface Outcome {
  sentAt: number;
  status: number | undefined;
  error: string | undefined;
}

/** The real entry point in its own process, in local mode on a free loopback port; resolves with its address. */
async function startBot(databaseFile: string): Promise<{ child: ChildProcess; url: string; stderr: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bot', 'index.ts')], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'], NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'info', DATABASE_FILE: databaseFile, REMINDERS_SCHEDULE: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const listening = out.split('\n').map((line) => (line.startsWith('{') ? (JSON.parse(line) as { msg?: string; url?: string }) : {})).find((l) => l.msg === 'listening');
      if (listening?.url !== undefined) resolve(listening.url);
    });
    child.once('exit', (code) => reject(new Error(`bot exited with ${code} before listening: ${stderr.join('')}`)));
  });
  child.stdout?.resume();
  return { child, url, stderr };
}

function post(agent: http.Agent, url: string, body: string): Promise<Omit<Outcome, 'sentAt'>> {
  return new Promise((resolve) => {
    const req = http.request(`${url}/api/messages`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, error: undefined }));
      res.on('error', (error) => resolve({ status: undefined, error: error.message }));
    });
    req.on('error', (error) => resolve({ status: undefined, error: (error as NodeJS.ErrnoException).code ?? error.message }));
    req.end(body);
  });
}

describe('SIGTERM under load (a real process, keep-alive clients on loopback)', function () {
  this.timeout(60_000);
  const connector = new FakeConnector();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-bot-shutdown-'));
  before(() => connector.start());
  after(async () => {
    await connector.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops taking requests on every connection, finishes those in flight, and exits 0', async () => {
    const { child, url, stderr } = await startBot(path.join(dir, 'bot.db'));
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const outcomes: Outcome[] = [];
    let running = true;
    // Bounded load: four clients, each one request at a time on its own kept-alive connection.
    const clients = Array.from({ length: 4 }, async (_unused, i) => {
      for (let n = 0; running && n < 2000; n++) {
        const sentAt = Date.now();
        const body = JSON.stringify({ serviceUrl: connector.url, ...message(`How long are videos kept? (${i}-${n})`) });
        outcomes.push({ sentAt, ...(await post(agent, url, body)) });
      }
    });
    // Signal once the load is under way: a fixed wait is too short on a busy machine, where the first turns are slow.
    const loadStarted = Date.now();
    while (outcomes.filter((o) => o.status === 200).length < 20 && Date.now() - loadStarted < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sigtermAt = Date.now();
    child.kill('SIGTERM');
    const exit = await Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(resolve, 6000))]);
    running = false;
    await Promise.all(clients);
    agent.destroy();
    if (exit === undefined) child.kill('SIGKILL');

    assert.ok(exit !== undefined, 'the bot exits while clients keep sending');
    assert.equal(exit.code, 0, stderr.join(''));
    // A request written in the very instant of the signal may meet a connection being closed (the sender retries);
    // one sent earlier was in flight and is answered.
    const before = outcomes.filter((o) => o.sentAt < sigtermAt - 50);
    const after = outcomes.filter((o) => o.sentAt > sigtermAt + 200);
    assert.ok(before.length > 10, 'the load ran');
    assert.deepEqual(before.filter((o) => o.status !== 200), [], 'every request in flight at SIGTERM is answered');
    assert.deepEqual(after.filter((o) => o.status === 200), [], 'nothing new is taken after SIGTERM');
    const answered = outcomes.filter((o) => o.status === 200).length;
    assert.equal(connector.sent().length, answered, 'every turn the bot took was answered to its client, none cut');
    assert.doesNotMatch(stderr.join(''), /\n\s+at /, 'no stack trace outside the JSON log');
  });
});
