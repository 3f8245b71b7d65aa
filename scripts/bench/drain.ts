import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { createReminders } from '../../bot/compose/reminders';
import { groupByOwner, type Notice } from '../../bot/reminders/planner';
import { loadPolicy } from '../../bot/rules/policy';
import { openStore } from '../../bot/storage/openStore';
import type { Store } from '../../bot/storage/repositories';
import { startAzurite } from '../../test/support/azurite';
import { LimitedConnector } from './limitedConnector';

/**
 * Draining N notices, one per owner (the hardest case: every digest is its own message), through the real sender,
 * Bot Framework SDK and outbox (the SQLite file, or Azure Storage on a local Azurite with `--store azure`) into a
 * connector stub that enforces Teams' limits. Reports the time against the minimum those limits allow, and what was
 * lost or duplicated. Goal: ≤ 1.05 × the minimum, 0 lost, 0 duplicated.
 */
export async function benchDrain(count = 10_000, storeKind: 'sqlite' | 'azure' = 'sqlite'): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-drain-'));
  const connector = new LimitedConnector();
  await connector.start();
  const azurite = storeKind === 'azure' ? await startAzurite() : undefined;
  const store: Store = openStore(
    azurite === undefined
      ? { kind: 'sqlite', file: path.join(dir, 'bot.db') }
      : { kind: 'azure', connectionString: azurite.connectionString, blobUrl: undefined, tableUrl: undefined, prefix: 'bench' },
  );
  const now = new Date().toISOString();
  const notices: Notice[] = [];
  const setup: Array<() => Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const ownerKey = `owner${i}@example.edu`;
    const conversationId = `a:conversation-${i}`;
    setup.push(async () => {
      await store.conversations.saveConversation({
        conversationId,
        kind: 'personal',
        tenantId: 'tenant',
        serviceUrl: connector.url,
        reference: { channelId: 'msteams', serviceUrl: connector.url, conversation: { id: conversationId, conversationType: 'personal' }, bot: { id: 'bot' }, user: { id: `29:${i}` } },
        updatedAt: now,
      });
      await store.conversations.savePerson({ userId: `29:${i}`, aadObjectId: undefined, name: undefined, email: ownerKey, userPrincipalName: undefined, locale: 'en-US', personalConversationId: conversationId, updatedAt: now });
    });
    notices.push({ key: `${ownerKey}|v${i}|caption|2026-12-01|d4`, ownerKey, videoId: `v${i}`, kind: 'caption', stage: 'd4', date: '2026-12-01', daysLeft: 4 });
  }
  // A network store is filled a few at a time; the drain below is what is measured.
  for (let i = 0; i < setup.length; i += 32) await Promise.all(setup.slice(i, i + 32).map((step) => step()));
  await store.videos.upsertVideos(
    notices.map((n, i) => ({ id: n.videoId, title: `Lecture ${i}`, ownerKey: n.ownerKey, ownerName: undefined, publishedAt: '2026-11-17T10:00:00.000Z', hasCaptions: false, isLive: false, lastViewedAt: undefined, viewerUrl: `https://panopto.example/${i}`, fingerprint: undefined, detailsFetchedAt: now, viewersFetchedAt: now })),
    now,
  );
  const runId = await store.outbox.startRun(now, false);
  await store.outbox.enqueue(runId, groupByOwner(notices), now);

  const config = loadConfig({ NODE_ENV: 'test', DATABASE_FILE: path.join(dir, 'bot.db') });
  const policy = loadPolicy(config.policyFile);
  const { sender } = createReminders({ config, policy, store, logger: createLogger('silent') }, { maxAttempts: 8, concurrency: 16, backoffMs: 500, maxWaitMs: 10 * 60_000 });
  const start = Date.now();
  const result = await sender.drain();
  const seconds = (Date.now() - start) / 1000;
  const minimum = Math.max(0, (count - 50) / 50); // the first 50 may go at once, then 50 per second
  const delivered = [...connector.accepted.values()];
  const duplicated = delivered.filter((n) => n > 1).length;
  const lost = count - connector.accepted.size;
  console.log(
    `[${storeKind}] draining ${count.toLocaleString('en')} notices (one per owner) through Teams' limits: ${seconds.toFixed(1)} s vs minimum ${minimum.toFixed(1)} s ` +
      `= ${(seconds / minimum).toFixed(3)} ×; sent ${result.sent}, lost ${lost}, duplicated ${duplicated}, 429s from the stub ${connector.throttled}, ` +
      `failed ${result.failed}  [goal ≤ 1.05 ×, 0 lost, 0 duplicated]`,
  );
  await store.close();
  await connector.stop();
  azurite?.process.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}
