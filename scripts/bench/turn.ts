import { azureEnv, freshAzureStore } from '../../test/support/azurite';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FakeConnector } from '../../test/fakes/connector';
import { MAIJA, message, type User } from '../../test/support/activities';
import { variedQuestions } from './questions';
import { elapsedMs, ms, summarize } from './stats';
import { buildEntries } from '../../bot/knowledge/entries';
import { loadPolicy } from '../../bot/rules/policy';

/**
 * A full question-answer turn over HTTP (POST /api/messages until the reply has reached the connector) for this bot
 * as deployed (the compiled dist/ build, in its own process) and for a bare botbuilder echo bot (plain JavaScript, in
 * its own process), measured in the same run with the same client and connector. Goal: ours ≤ 1.3 × echo.
 * Both run without a TypeScript loader: under tsx every run-time require() in the SDK costs a loader round trip.
 */

const root = path.resolve(__dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startProcess(entry: string, env: Record<string, string>): Promise<{ endpoint: string; child: ChildProcess; startMs: number }> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of each bot there when it stops, to see where a turn's time goes.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`] : [];
  const child = spawn(process.execPath, [...profile, path.join(root, entry)], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // starting
    }
    if (Date.now() > deadline) throw new Error(`${entry} did not start`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return { endpoint: `http://127.0.0.1:${port}/api/messages`, child, startMs: elapsedMs(started) };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** CPU time (user + system) a process has used, from /proc: what a turn costs the bot, apart from waiting. */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined || !fs.existsSync(`/proc/${pid}/stat`)) return Number.NaN;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

async function postTurn(endpoint: string, connectorUrl: string, text: string, user: User = MAIJA): Promise<number> {
  const start = process.hrtime.bigint();
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...message(text, { user }), serviceUrl: connectorUrl }),
  });
  await response.arrayBuffer();
  if (response.status >= 300) throw new Error(`turn failed with ${response.status}`);
  return elapsedMs(start);
}

export async function benchTurn(store: 'sqlite' | 'azure' = 'sqlite', rounds = 6, perRound = 300): Promise<{ ours: number; echo: number; ratio: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-turn-'));
  const connector = new FakeConnector();
  await connector.start();
  connector.members.set(MAIJA.id, { id: MAIJA.id, name: MAIJA.name, aadObjectId: MAIJA.aadObjectId, email: 'maija@xamk.fi', userPrincipalName: 'maija@xamk.fi' });
  execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  // The daily reminder run is off: it would make up today's run at start. The bench asks far faster than Teams lets a
  // tenant's app answer (50 calls per second), so the bot's pacing to that limit is lifted here to measure the turn's
  // own cost. As deployed, replies beyond TEAMS_TENANT_RPS per second wait for the next second instead of meeting 429s.
  // On Azure the store is Azurite on this machine: the turn pays its HTTP round trips, not a data centre's latency.
  const storeEnv = store === 'azure' ? azureEnv(await freshAzureStore()) : { DATABASE_FILE: path.join(dir, 'bot.db') };
  console.log(`turn: store ${store}`);
  const ours = await startProcess('dist/bot/index.js', { ...storeEnv, REMINDERS_SCHEDULE: 'off', TEAMS_TENANT_RPS: '10000' });
  const echo = await startProcess('scripts/bench/echo-bot.js', {});
  // Each round asks new questions (the bot keeps what it has computed per word, not per question); both bots get the
  // same ones.
  const entries = buildEntries(loadPolicy(path.join(root, 'bot/rules/policies/xamk.json')));
  const questionsOf = (round: number) => variedQuestions(entries, perRound, 1000 + round);
  type Bot = 'ours' | 'echo';
  const bots = { ours, echo };
  const post = (which: Bot, q: string) => postTurn(bots[which].endpoint, connector.url, q);

  /**
   * Runs the rounds in one of two ways. "block": each bot answers a round's questions alone, in turn (which goes first
   * alternates), so each has the machine's caches to itself. "turn": the bots take turns question by question, so
   * both meet the same machine when its speed drifts (on a shared 2-core VM, by tens of percent within seconds),
   * but each also finds the other's data in the caches. Round -1 only warms up.
   */
  const measure = async (mode: 'block' | 'turn') => {
    const samples = { ours: [] as number[], echo: [] as number[] };
    const cpu = { ours: 0, echo: 0 };
    for (let round = -1; round < rounds; round++) {
      const questions = questionsOf(mode === 'block' ? round : rounds + round);
      const cpuBefore = { ours: cpuMs(ours.child.pid), echo: cpuMs(echo.child.pid) };
      const first: readonly Bot[] = round % 2 === 0 ? ['ours', 'echo'] : ['echo', 'ours'];
      if (mode === 'block') {
        for (const which of first) for (const q of questions) samples[which].push(await post(which, q));
      } else {
        for (const [i, q] of questions.entries()) for (const which of i % 2 === 0 ? first : [...first].reverse()) samples[which].push(await post(which, q));
      }
      if (round < 0) {
        samples.ours.length = 0;
        samples.echo.length = 0;
      } else {
        cpu.ours += cpuMs(ours.child.pid) - cpuBefore.ours;
        cpu.echo += cpuMs(echo.child.pid) - cpuBefore.echo;
      }
      connector.reset();
    }
    return { o: summarize(samples.ours), e: summarize(samples.echo), cpu };
  };

  /**
   * Throughput with CONVERSATIONS people asking at once, each in their own chat, one question after another: what a
   * busy morning looks like. Each bot alone on the machine, in turn.
   */
  const CONVERSATIONS = 8;
  const people: User[] = Array.from({ length: CONVERSATIONS }, (_, i) => ({ id: `29:bench-${i}`, name: `Bench ${i}`, aadObjectId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}` }));
  const concurrent = async (which: Bot, questions: readonly string[]): Promise<number> => {
    const start = process.hrtime.bigint();
    let next = 0;
    await Promise.all(
      people.map(async (person) => {
        for (let i = next++; i < questions.length; i = next++) await postTurn(bots[which].endpoint, connector.url, questions[i] ?? '', person);
      }),
    );
    connector.reset();
    return (questions.length * 1000) / elapsedMs(start);
  };

  let block: Awaited<ReturnType<typeof measure>>;
  let alternating: Awaited<ReturnType<typeof measure>>;
  const throughput = { ours: [] as number[], echo: [] as number[] };
  try {
    block = await measure('block');
    alternating = await measure('turn');
    await concurrent('ours', questionsOf(90));
    await concurrent('echo', questionsOf(90));
    for (let round = 0; round < 4; round++) {
      const order: readonly Bot[] = round % 2 === 0 ? ['ours', 'echo'] : ['echo', 'ours'];
      for (const which of order) throughput[which].push(await concurrent(which, questionsOf(100 + round)));
    }
  } finally {
    await Promise.all([stop(ours.child), stop(echo.child)]);
    await connector.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`question-answer turn over HTTP (each bot in its own process, new questions every round), ${block.o.n} turns per bot and way:`);
  for (const [name, { o, e, cpu }] of [['in blocks of a round', block], ['turn by turn', alternating]] as const) {
    console.log(`  ${name}:`);
    console.log(`    this bot : mean ${ms(o.mean)}, p50 ${ms(o.p50)}, p99 ${ms(o.p99)}; CPU per turn ${ms(cpu.ours / o.n)}`);
    console.log(`    echo bot : mean ${ms(e.mean)}, p50 ${ms(e.p50)}, p99 ${ms(e.p99)}; CPU per turn ${ms(cpu.echo / e.n)}`);
    console.log(`    ratio: mean ${(o.mean / e.mean).toFixed(2)} ×, p50 ${(o.p50 / e.p50).toFixed(2)} ×, CPU ${(cpu.ours / cpu.echo).toFixed(2)} ×  [goal ≤ 1.3 ×]`);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const [tOurs, tEcho] = [median(throughput.ours), median(throughput.echo)];
  console.log(`  ${CONVERSATIONS} conversations at once (median of ${throughput.ours.length} rounds of ${perRound} turns):`);
  console.log(`    this bot ${tOurs.toFixed(0)} turns/s, echo bot ${tEcho.toFixed(0)} turns/s: ${(tEcho / tOurs).toFixed(2)} × lower  [goal ≤ 1.3 ×]`);
  console.log(`  cold start to /healthz: this bot ${ms(ours.startMs)}, echo bot ${ms(echo.startMs)}  [goal < 1.5 s]`);
  return { ours: block.o.mean, echo: block.e.mean, ratio: block.o.mean / block.e.mean };
}
