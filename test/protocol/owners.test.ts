import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TokenCredential } from '@azure/identity';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createLogger } from '../../bot/logger';
import { GraphDirectory } from '../../bot/people/directory';
import { OwnerResolver } from '../../bot/people/ownerResolver';
import { openSqliteStore } from '../../bot/storage/sqlite/sqliteStore';
import type { Store } from '../../bot/storage/repositories';
import { TeamsMessenger } from '../../bot/teams/teamsMessenger';
import { FakeConnector } from '../fakes/connector';
import { FakeGraph } from '../fakes/graph';

/** The token is the one part not exercised here (no Entra to reach); the Graph client and the Teams calls are real. */
const staticToken: TokenCredential = { getToken: async () => ({ token: 'graph-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

describe('Reaching an owner the bot has never talked to (Graph + a new 1:1 chat)', () => {
  let graph: FakeGraph;
  let connector: FakeConnector;
  let store: Store;
  let dir: string;
  let resolver: OwnerResolver;

  beforeEach(async () => {
    graph = new FakeGraph();
    connector = new FakeConnector();
    await Promise.all([graph.start(), connector.start()]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owners-'));
    store = openSqliteStore(path.join(dir, 'bot.db'));
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const messenger = new TeamsMessenger(adapter, '', store.conversations, { serviceUrl: connector.url, tenantId: 'tenant-1' });
    resolver = new OwnerResolver(store.conversations, new GraphDirectory(staticToken, graph.url), messenger, createLogger('silent'));
  });
  afterEach(async () => {
    await store.close();
    await Promise.all([graph.stop(), connector.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('looks the e-mail up in Graph and opens a chat with that Entra id', async () => {
    graph.users.set('liisa@xamk.fi', 'aad-liisa');
    const reach = await resolver.resolve('liisa@xamk.fi');
    assert.equal(reach.kind, 'reachable');
    // The Graph client sends the bearer token only over https; this fake is plain http, so none may arrive.
    assert.deepEqual(graph.requests.map((r) => [r.path, r.authorization]), [['/v1.0/users/liisa%40xamk.fi', undefined]]);
    const created = connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations');
    assert.deepEqual((created?.body['members'] as Array<{ id: string }>).map((m) => m.id), ['aad-liisa']);
    assert.equal((created?.body['tenantId'] as string) ?? (created?.body['channelData'] as { tenant: { id: string } }).tenant.id, 'tenant-1');
    if (reach.kind === 'reachable') assert.ok(await store.conversations.getConversation(reach.conversation.conversationId), 'the new chat is remembered');
  });

  it('lists an owner missing from the directory as unreachable', async () => {
    const reach = await resolver.resolve('nobody@xamk.fi');
    assert.deepEqual(reach, { kind: 'unreachable', reason: 'no such user in the directory' });
  });

  it('lists the owner as unreachable when Teams will not open the chat (app not installed for them)', async () => {
    graph.users.set('liisa@xamk.fi', 'aad-liisa');
    connector.failNext.push({ status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'not installed' } } });
    const reach = await resolver.resolve('liisa@xamk.fi');
    assert.equal(reach.kind, 'unreachable');
    if (reach.kind === 'unreachable') assert.match(reach.reason, /could not open a chat \(HTTP 403\)/);
  });

  it('fails the lookup loudly when Graph is down, rather than calling the owner unknown', async () => {
    graph.failWith = 500;
    await assert.rejects(resolver.resolve('liisa@xamk.fi'));
  });
});
