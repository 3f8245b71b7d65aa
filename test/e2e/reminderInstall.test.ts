import assert from 'node:assert/strict';
import type { TokenCredential } from '@azure/identity';
import { createReminders } from '../../bot/compose/reminders';
import { createLogger } from '../../bot/logger';
import { realClock, type Clock } from '../../bot/reminders/rateLimiter';
import type { RunReport } from '../../bot/reminders/reminderService';
import { StateAppInstallations } from '../../bot/storage/appInstallations';
import { FakeGraph } from '../fakes/graph';
import { FakePanopto } from '../fakes/panopto';
import { MAIJA, MATTI, personalConversation } from '../support/activities';
import { BotHarness } from '../support/botHarness';
import { cardOf, replyText } from '../support/cards';
import { DAY, FAST, meet, seedPanopto } from '../support/reminderScene';
import { testCertificate, trustInThisProcess } from '../support/tls';

/**
 * INSTALL_FOR_OWNERS=on through the real reminder run: the owner who never opened the bot ("ghost") gets the app
 * installed through Graph (a fake over https, checking the token and the body) and their digest in the chat that
 * creates; refusals and outages are listed per owner in the run summary. The composition builds the Graph clients
 * from the configuration; only the token is given, as no Entra is reachable here.
 */

const TOKEN = 'graph-token-for-the-bot';
const credential: TokenCredential = { getToken: async () => ({ token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) };
const CATALOG_ID = '5b7e3c1a-0000-4000-8000-00000000c0de';
const GHOST = 'aad-ghost';
const GHOSTS_CHAT = `19:${GHOST}_bot@unq.gbl.spaces`;
const later = (ms: number): Clock => ({ now: () => Date.now() + ms, sleep: realClock.sleep });

const isDigest = (a: Record<string, unknown>) => cardOf(a) !== undefined && replyText(a).includes('Panopto videos');

describe('Reminders reach owners who never opened the bot (INSTALL_FOR_OWNERS=on)', () => {
  let panopto: FakePanopto;
  let graph: FakeGraph;
  let bot: BotHarness;
  let untrust: () => void;

  before(async () => {
    untrust = await trustInThisProcess(testCertificate());
  });
  after(() => untrust());

  beforeEach(async () => {
    panopto = new FakePanopto({ pageSize: 2 });
    graph = new FakeGraph({ tls: testCertificate(), token: TOKEN });
    await Promise.all([panopto.start(), graph.start()]);
    seedPanopto(panopto);
    graph.users.set('ghost@xamk.fi', GHOST);
    graph.catalog.add(CATALOG_ID);
    bot = await new BotHarness({ ...panopto.env(), PANOPTO_OWNER_EMAIL_DOMAIN: 'xamk.fi', LOG_LEVEL: 'warn' }).start();
    await meet(bot, MAIJA, 'maija@xamk.fi');
    await meet(bot, MATTI, 'matti@xamk.fi');
    bot.connector.reset();
    // Teams opens no chat with the ghost until the app is installed for them.
    bot.connector.appNotInstalledFor.add(GHOST);
    graph.onInstall = (userId) => bot.connector.appNotInstalledFor.delete(userId);
  });
  afterEach(async () => {
    await bot.stop();
    await Promise.all([panopto.stop(), graph.stop()]);
  });

  const run = async (options: { install?: boolean; clock?: Clock } = {}) => {
    const config = {
      ...bot.app.config,
      teamsServiceUrl: bot.connector.url,
      graphBaseUrl: graph.url,
      installForOwners: options.install === false ? undefined : { catalogAppId: CATALOG_ID },
    };
    const reminders = createReminders(
      { config, policy: bot.app.policy, store: bot.app.store, logger: createLogger('silent'), graphCredential: credential, ...(options.clock === undefined ? {} : { clock: options.clock }) },
      FAST,
    );
    const report = await reminders.service.runOnce();
    assert.equal(report.status, 'done');
    return (report as RunReport & { status: 'done' }).summary;
  };
  const ghostsDigests = () => bot.connector.sent(GHOSTS_CHAT).filter(isDigest);

  it('installs the app for the owner, sends their digest into the chat that created, and everyone else gets theirs as before', async () => {
    const summary = await run();
    assert.deepEqual({ sent: summary.sent, unreachable: summary.unreachable, failed: summary.failed }, { sent: 3, unreachable: 0, failed: 0 });
    assert.deepEqual(summary.unreachableOwners, []);
    const [digest, ...more] = ghostsDigests();
    assert.equal(more.length, 0);
    assert.match(replyText(digest ?? {}), /Ghost lecture/);
    assert.equal(graph.installRequests(GHOST).length, 1);
    assert.ok(graph.requests.every((r) => r.authorization === `Bearer ${TOKEN}`), 'Graph was called with the bot\'s token, over https');
    assert.equal(bot.connector.sent(personalConversation(MAIJA).id).filter(isDigest).length, 1);
    assert.equal((await new StateAppInstallations(bot.app.store.botState).get(GHOST))?.chatId, GHOSTS_CHAT);
  });

  it('a policy that blocks the app (403) is listed per owner in the run summary; the others get theirs', async () => {
    graph.installFailFor.set(GHOST, [403]);
    const summary = await run();
    assert.equal(summary.unreachable, 1);
    assert.match(summary.unreachableOwners.join('\n'), /^ghost@xamk\.fi: could not install the app for them \(Graph HTTP 403 Forbidden\): not allowed/m);
    assert.equal(summary.sent, 2);
    assert.equal(ghostsDigests().length, 0);
  });

  it('an app missing from the organisation\'s catalog (404) is listed per owner, naming the setting to check', async () => {
    graph.catalog.clear();
    const summary = await run();
    assert.equal(summary.unreachable, 1);
    assert.match(summary.unreachableOwners.join('\n'), /^ghost@xamk\.fi: could not install the app for them \(Graph HTTP 404 NotFound\): not found: is TEAMS_APP_CATALOG_ID/m);
    assert.equal(graph.installed.size, 0);
  });

  it('Graph busy or down: retried as a failed send is, then listed per owner as not reached this time; the next run installs and delivers once', async () => {
    graph.installFailFor.set(GHOST, Array.from({ length: FAST.maxAttempts }, () => 503));
    const first = await run();
    assert.equal(first.failed, 1);
    assert.match((first.failedOwners ?? []).join('\n'), /^ghost@xamk\.fi: HTTP 503 app installation: ServiceUnavailable \(3 attempts; the next run tries again\)$/m);
    assert.equal(graph.installRequests(GHOST).length, FAST.maxAttempts);
    assert.equal(ghostsDigests().length, 0);

    const second = await run({ clock: later(DAY) });
    assert.equal(second.sent, 1);
    assert.equal(ghostsDigests().length, 1);
    assert.equal(graph.installRequests(GHOST).length, FAST.maxAttempts + 1);
  });

  it('off (the default): nothing is installed and the owner is listed as not having the app', async () => {
    const summary = await run({ install: false });
    assert.equal(summary.unreachable, 1);
    assert.match(summary.unreachableOwners.join('\n'), /^ghost@xamk\.fi: could not open a chat \(HTTP 403\): is the app installed for them\?$/m);
    assert.equal(graph.installRequests().length, 0);
  });
});
