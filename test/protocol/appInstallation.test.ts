import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TokenCredential } from '@azure/identity';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { buildManifest } from '../../manifest/manifest';
import { createLogger } from '../../bot/logger';
import { GraphAppInstaller } from '../../bot/people/appInstaller';
import { GraphDirectory } from '../../bot/people/directory';
import { OwnerResolver } from '../../bot/people/ownerResolver';
import { StateAppInstallations } from '../../bot/storage/appInstallations';
import type { Store } from '../../bot/storage/repositories';
import { openSqliteStore } from '../../bot/storage/sqlite/sqliteStore';
import { TeamsMessenger } from '../../bot/teams/teamsMessenger';
import { FakeConnector } from '../fakes/connector';
import { FakeGraph } from '../fakes/graph';
import { testCertificate, trustInThisProcess } from '../support/tls';

/**
 * An owner Teams will not let the bot write to (the app is not installed for them) gets the app installed through
 * Graph, once, and is reached in the chat that creates. Graph is a fake over https that checks the bearer token and
 * the body; the Graph client, the Teams calls and the store are the real ones.
 */

const TOKEN = 'graph-token-for-the-bot';
const token = (value: string): TokenCredential => ({ getToken: async () => ({ token: value, expiresOnTimestamp: Date.now() + 3_600_000 }) });
const CATALOG_ID = '5b7e3c1a-0000-4000-8000-00000000c0de';
const LIISA = 'aad-liisa';
const LIISAS_CHAT = `19:${LIISA}_bot@unq.gbl.spaces`;

describe('Installing the app for an owner who never opened the bot (Graph, TeamsAppInstallation.ReadWriteSelfForUser.All)', () => {
  let graph: FakeGraph;
  let connector: FakeConnector;
  let store: Store;
  let dir: string;
  let untrust: () => void;

  before(async () => {
    untrust = await trustInThisProcess(testCertificate());
  });
  after(() => untrust());

  beforeEach(async () => {
    graph = new FakeGraph({ tls: testCertificate(), token: TOKEN });
    connector = new FakeConnector();
    await Promise.all([graph.start(), connector.start()]);
    graph.users.set('liisa@xamk.fi', LIISA);
    graph.catalog.add(CATALOG_ID);
    // Teams opens no chat with someone who does not have the app, until it is installed for them.
    connector.appNotInstalledFor.add(LIISA);
    graph.onInstall = (userId) => connector.appNotInstalledFor.delete(userId);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'install-'));
    store = openSqliteStore(path.join(dir, 'bot.db'));
  });
  afterEach(async () => {
    await store.close();
    await Promise.all([graph.stop(), connector.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const resolver = (options: { install?: boolean; catalogId?: string; credential?: TokenCredential } = {}) => {
    const credential = options.credential ?? token(TOKEN);
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const messenger = new TeamsMessenger(adapter, '', store.conversations, { serviceUrl: connector.url, tenantId: 'tenant-1' });
    const installation =
      options.install === false
        ? undefined
        : { installer: new GraphAppInstaller(credential, graph.url, options.catalogId ?? CATALOG_ID), installations: new StateAppInstallations(store.botState), now: () => new Date('2026-12-01T08:00:00Z') };
    return new OwnerResolver(store.conversations, new GraphDirectory(credential, graph.url), messenger, createLogger('silent'), installation);
  };
  const installs = () => graph.installRequests(LIISA);

  it('installs the app with the bot\'s token and the catalog binding, then reaches the owner in the chat the installation created', async () => {
    const reach = await resolver().resolve('liisa@xamk.fi');
    assert.equal(reach.kind, 'reachable');
    if (reach.kind !== 'reachable') return;
    assert.equal(reach.conversation.conversationId, LIISAS_CHAT);

    const [install, ...again] = installs();
    assert.equal(again.length, 0);
    assert.equal(install?.authorization, `Bearer ${TOKEN}`);
    assert.match(install?.contentType ?? '', /^application\/json/);
    assert.deepEqual(JSON.parse(install?.body ?? '{}'), { 'teamsApp@odata.bind': `${graph.url}v1.0/appCatalogs/teamsApps/${CATALOG_ID}` });
    assert.ok(graph.requests.every((r) => r.authorization === `Bearer ${TOKEN}`), 'every Graph call carries the token (over https)');
    assert.ok(graph.requests.some((r) => r.path === `/v1.0/users/${LIISA}/teamwork/installedApps/installation-1/chat`), 'the chat is asked of the installation');

    assert.deepEqual(await new StateAppInstallations(store.botState).get(LIISA), { installedAt: '2026-12-01T08:00:00.000Z', chatId: LIISAS_CHAT });
    assert.ok(await store.conversations.getConversation(LIISAS_CHAT), 'the chat is remembered');
    // What the sender then does with it: a message into that chat through the Bot Connector.
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    await new TeamsMessenger(adapter, '', store.conversations, { serviceUrl: connector.url, tenantId: 'tenant-1' }).send(reach.conversation, {
      language: 'en', view: 'digest', digestId: 1, heading: 'Your Panopto videos', intro: '', items: [], moreText: '', labels: {},
    });
    assert.equal(connector.sent(LIISAS_CHAT).length, 1);
  });

  it('takes "already installed" (409: by the person, a setup policy, or a run that stopped before recording it) as installed', async () => {
    graph.installed.set(LIISA, { appId: CATALOG_ID, installationId: 'installation-earlier', chatId: LIISAS_CHAT });
    connector.failNext.push({ status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'not yet' } } });
    const reach = await resolver().resolve('liisa@xamk.fi');
    assert.equal(reach.kind, 'reachable');
    assert.equal(installs().length, 1);
    assert.equal((await new StateAppInstallations(store.botState).get(LIISA))?.chatId, LIISAS_CHAT);
  });

  it('installs once per owner: one who removed the app afterwards is not given it again, and support is told why', async () => {
    assert.equal((await resolver().resolve('liisa@xamk.fi')).kind, 'reachable');
    // A restart (new resolver, same store), and the person has removed the app since.
    connector.appNotInstalledFor.add(LIISA);
    const reach = await resolver().resolve('liisa@xamk.fi');
    assert.equal(reach.kind, 'unreachable');
    if (reach.kind === 'unreachable') assert.match(reach.reason, /saw to the app being installed for them on 2026-12-01 and does not install it again/);
    assert.equal(installs().length, 1);
  });

  it('an app permission policy that blocks the app (403): unreachable with the reason, nothing recorded, tried again another day', async () => {
    graph.installFailFor.set(LIISA, [403]);
    const reach = await resolver().resolve('liisa@xamk.fi');
    assert.equal(reach.kind, 'unreachable');
    if (reach.kind === 'unreachable') assert.match(reach.reason, /could not install the app for them \(Graph HTTP 403 Forbidden\): not allowed: is TeamsAppInstallation\.ReadWriteSelfForUser\.All granted/);
    assert.equal(await new StateAppInstallations(store.botState).get(LIISA), undefined);
    assert.equal((await resolver().resolve('liisa@xamk.fi')).kind, 'reachable', 'once the policy allows it');
  });

  it('an app not in the organisation\'s catalog (404): unreachable, naming TEAMS_APP_CATALOG_ID', async () => {
    const reach = await resolver({ catalogId: '00000000-0000-4000-8000-000000000404' }).resolve('liisa@xamk.fi');
    assert.equal(reach.kind, 'unreachable');
    if (reach.kind === 'unreachable') assert.match(reach.reason, /Graph HTTP 404 NotFound\): not found: is TEAMS_APP_CATALOG_ID the app's id in the organisation's app catalog/);
    assert.equal(graph.installed.size, 0);
  });

  it('Graph busy or down (429, 503): the failure is thrown with its status for the sender to retry, nothing recorded', async () => {
    for (const status of [429, 503]) {
      graph.installFailFor.set(LIISA, [status]);
      await assert.rejects(resolver().resolve('liisa@xamk.fi'), (error: { statusCode?: number; code?: string }) => error.statusCode === status && /app installation/.test(error.code ?? ''));
      assert.equal(await new StateAppInstallations(store.botState).get(LIISA), undefined);
    }
    assert.equal((await resolver().resolve('liisa@xamk.fi')).kind, 'reachable');
  });

  it('off (the default): Graph is never asked to install, and the owner is listed as not having the app', async () => {
    const reach = await resolver({ install: false }).resolve('liisa@xamk.fi');
    assert.deepEqual(reach, { kind: 'unreachable', reason: 'could not open a chat (HTTP 403): is the app installed for them?' });
    assert.equal(installs().length, 0);
  });

  it('the manifest names the bot\'s app id in webApplicationInfo, which the permission requires', () => {
    const appId = '11111111-2222-3333-4444-555555555555';
    const manifest = buildManifest({ MicrosoftAppId: appId, BOT_DOMAIN: 'bot.example.edu' }) as { webApplicationInfo?: { id?: string } };
    assert.equal(manifest.webApplicationInfo?.id, appId);
  });
});
