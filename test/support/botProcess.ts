import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * The real entry point (bot/index.ts) in a process of its own, in local mode on a free loopback port, as one instance
 * of a deployment: activities are posted to it over HTTP, its JSON log is kept to see what it did, and it can be
 * stopped gracefully or killed outright.
 */

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Whether a process can be given a host name of its own (a UTS namespace: root, or the right capability), so two
 * instances on this machine look to each other as two machines do: neither can tell whether the other's process lives.
 */
export const separateHostsPossible: boolean = spawnSync('unshare', ['--uts', 'true'], { stdio: 'ignore' }).status === 0;

export type LogLine = { msg?: string; level?: number; time?: number } & Record<string, unknown>;

export class BotProcess {
  readonly log: LogLine[] = [];
  readonly stderr: string[] = [];
  private waiters: Array<() => void> = [];
  private exited: Promise<number | null>;
  url = '';

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** With `host` (and separateHostsPossible), the process runs under that host name, as on a machine of its own. */
  static async start(name: string, env: Record<string, string>, options: { host?: string } = {}): Promise<BotProcess> {
    const node = [process.execPath, '--import', 'tsx', path.join(ROOT, 'bot', 'index.ts')];
    const [command, ...args] =
      options.host !== undefined && separateHostsPossible ? ['unshare', '--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', options.host, ...node] : node;
    const child = spawn(command ?? '', args, {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new BotProcess(name, child);
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{')) bot.log.push(JSON.parse(line) as LogLine);
      for (const wake of bot.waiters.splice(0)) wake();
    });
    child.stderr?.on('data', (chunk: Buffer) => bot.stderr.push(chunk.toString('utf8')));
    const failed = bot.exited.then((code) => {
      throw new Error(`${name} exited with ${code} before listening: ${bot.stderr.join('')}`);
    });
    const listening = await Promise.race([bot.waitFor((l) => l.msg === 'listening', 60_000), failed]);
    bot.url = String(listening['url']);
    return bot;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Posts an activity as Teams would, with the given connector as its serviceUrl. */
  post(activity: Record<string, unknown>, serviceUrl: string): Promise<Response> {
    return fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceUrl, ...activity }),
    });
  }

  /** Log lines with this message. */
  lines(msg: string): LogLine[] {
    return this.log.filter((l) => l.msg === msg);
  }

  /** The first log line (already written or to come) that matches. */
  async waitFor(match: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.log.find(match);
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name}: no such log line within ${timeoutMs} ms; last lines:\n${this.log.slice(-8).map((l) => JSON.stringify(l)).join('\n')}\n${this.stderr.join('')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** kill -9: no shutdown, no lease released, whatever was in flight is cut. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, as App Service stops an instance; killed if it does not exit in time. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}
