import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { openStore } from '../../bot/storage/openStore';
import { azureEnv, freshAzureStore } from '../support/azurite';
import { BotHarness } from '../support/botHarness';
import { MAIJA, MATTI } from '../support/activities';
import { FakePanopto } from '../fakes/panopto';
import { seedPanopto, sentTo, botThatMetOwners } from '../support/reminderScene';

/** `npm run reminders` is built like the bot (buildApp): the store it uses is the configured one, Azure included. */

const CLI = path.resolve(__dirname, '../../bot/remindersCli.ts');

function runCli(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

describe('The reminders CLI on Azure Storage', function () {
  this.timeout(90_000);
  let panopto: FakePanopto;
  let bot: BotHarness;
  let env: Record<string, string>;

  before(async function () {
    // Until the Azure repositories exist the Azure store answers every call with "not implemented yet".
    const probe = openStore(await freshAzureStore());
    const ready = await probe.outbox.lastRun().then(
      () => true,
      (error: Error) => !/not implemented yet/.test(error.message),
    );
    await probe.close();
    if (!ready) this.skip();
  });

  beforeEach(async () => {
    panopto = new FakePanopto({ pageSize: 2 });
    await panopto.start();
    seedPanopto(panopto);
    env = { ...panopto.env(), ...azureEnv(await freshAzureStore()), PANOPTO_OWNER_EMAIL_DOMAIN: 'xamk.fi', LOG_LEVEL: 'silent', NODE_ENV: 'test' };
    bot = await botThatMetOwners(env);
  });
  afterEach(async () => {
    await bot.stop();
    await panopto.stop();
  });

  it('a dry run plans from the owners the bot met, read from Azure, and sends nothing', async () => {
    const { code, out } = await runCli(env, '--once', '--dry-run');
    assert.equal(code, 0, out);
    assert.match(out, /Dry run: 3 digest\(s\) would be sent/);
    assert.equal(bot.connector.sent().length, 0);
  });

  it('a run sends each owner the bot met (a conversation remembered by the bot, in Azure) one digest, and a second run none', async () => {
    const first = await runCli(env, '--once');
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /sent 2, skipped 0 \(already sent\), failed 0, unreachable 1/);
    assert.equal(sentTo(bot, MAIJA).length, 1);
    assert.equal(sentTo(bot, MATTI).length, 1);
    const second = await runCli(env, '--once');
    assert.match(second.out, /sent 0, skipped 4/);
    assert.equal(sentTo(bot, MAIJA).length, 1);
  });
});
