import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * npm run local: the bot in local mode (embedded SQLite store, no credentials) plus the Microsoft 365 Agents
 * Playground pointed at it. Open http://localhost:56150 and chat. Ctrl-C stops both.
 */

const PORT = process.env['PORT'] ?? '3978';
/** The Playground's "General" channel of "My Team" (its default configuration, 0.2.x): the local demo's support channel. */
export const PLAYGROUND_GENERAL_CHANNEL = 'team-id';
const PLAYGROUND_PORT = process.env['PLAYGROUND_PORT'] ?? '56150';
const root = path.resolve(__dirname, '..');
const children: ChildProcess[] = [];

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    console.log(`[local] ${name} stopped (${signal ?? code})`);
    shutdown(code ?? 0);
  });
  children.push(child);
  return child;
}

let stopping = false;
function shutdown(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

// Settings from .env when there is one (see .env.example); none are needed for local mode.
const envFile = fs.existsSync(path.join(root, '.env')) ? ['--env-file=.env'] : [];
run('bot', process.execPath, [...envFile, '--import', 'tsx', path.join(root, 'bot/index.ts')], {
  PORT,
  SUPPORT_CONVERSATION_ID: process.env['SUPPORT_CONVERSATION_ID'] ?? PLAYGROUND_GENERAL_CHANNEL,
});
run('playground', process.execPath, [require.resolve('@microsoft/m365agentsplayground/cli.js'), '-e', `http://127.0.0.1:${PORT}/api/messages`, '-c', 'msteams', '-p', PLAYGROUND_PORT, '--dt'], {
  // The Playground otherwise tries to open a browser, which fails on a machine without a desktop.
  TEAMSAPPTESTER_BROWSER: 'none',
});
console.log(`[local] bot on http://localhost:${PORT}/api/messages; open the Playground at http://localhost:${PLAYGROUND_PORT}`);
