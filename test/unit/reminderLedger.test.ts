import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { holderIsDead } from '../../bot/reminders/reminderService';
import { missedDailyRun } from '../../bot/reminders/schedule';
import type { Notice } from '../../bot/reminders/planner';
import { openSqliteStore } from '../../bot/storage/sqlite/sqliteStore';
import type { Store } from '../../bot/storage/repositories';

const notice = (owner: string, video: string): Notice => ({ key: `${owner}|${video}|caption|2026-12-04|d4`, ownerKey: owner, videoId: video, kind: 'caption', stage: 'd4', date: '2026-12-04', daysLeft: 4 });

describe('The reminder ledger (SQLite outbox)', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-'));
    store = openSqliteStore(path.join(dir, 'bot.db'));
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('after a crash re-queues only sends whose sender is gone, never one a live sender is still making', async () => {
    const runId = await store.outbox.startRun('2026-11-30T07:00:00Z', false);
    const [live, dead, stale] = await store.outbox.enqueue(runId, [{ ownerKey: 'a@x.fi', notices: [notice('a@x.fi', 'v1')] }, { ownerKey: 'b@x.fi', notices: [notice('b@x.fi', 'v2')] }, { ownerKey: 'c@x.fi', notices: [notice('c@x.fi', 'v3')] }], 't');
    const now = new Date().toISOString();
    const self = `${os.hostname()}:${process.pid}:another-run`; // this process: alive
    const gone = `${os.hostname()}:999999999:crashed-run`; // no such process
    assert.equal(await store.outbox.claim(live as number, now, self), true);
    assert.equal(await store.outbox.claim(dead as number, now, gone), true);
    assert.equal(await store.outbox.claim(stale as number, '2020-01-01T07:00:00Z', self), true); // claimed long ago: hung
    const recovered = await store.outbox.recoverInterrupted(holderIsDead, new Date(Date.now() - 5 * 60_000).toISOString());
    assert.equal(recovered, 2);
    assert.equal((await store.outbox.get(live as number))?.state, 'sending');
    assert.equal((await store.outbox.get(dead as number))?.state, 'pending');
    assert.equal((await store.outbox.get(stale as number))?.state, 'pending');
  });

  it('takes back the notices of digests never sent, so the planner can plan them again; sent ones stay said', async () => {
    const runId = await store.outbox.startRun('2026-11-30T07:00:00Z', false);
    const [waiting, failed, sent] = await store.outbox.enqueue(runId, [{ ownerKey: 'a@x.fi', notices: [notice('a@x.fi', 'v1')] }, { ownerKey: 'b@x.fi', notices: [notice('b@x.fi', 'v2')] }, { ownerKey: 'c@x.fi', notices: [notice('c@x.fi', 'v3')] }], 't');
    await store.outbox.claim(failed as number, 't', 'h');
    await store.outbox.markFailed(failed as number, 'gave up for this run: HTTP 503');
    await store.outbox.claim(sent as number, 't', 'h');
    await store.outbox.markSent(sent as number, 'conv', 'act', 't');
    assert.deepEqual((await store.outbox.unsentNotices()).map((n) => n.videoId).sort(), ['v1', 'v2'], 'what a dry run would plan again');
    assert.equal((await store.outbox.plannedKeys()).size, 3, 'a dry run changes nothing');
    const released = await store.outbox.releaseUnsent();
    assert.deepEqual(released.map((n) => n.videoId).sort(), ['v1', 'v2']);
    assert.deepEqual([...(await store.outbox.plannedKeys())], [notice('c@x.fi', 'v3').key]);
    assert.equal((await store.outbox.get(waiting as number))?.state, 'superseded');
    assert.deepEqual(await store.outbox.releaseUnsent(), [], 'once');
  });
});

describe('Is today\'s daily run owed? (09:00 Helsinki)', () => {
  const cases: Array<[string, string, string | undefined, boolean]> = [
    ['before 09:00, nothing run yet', '2026-11-30T06:30:00Z', undefined, false], // 08:30 in Helsinki
    ['after 09:00, never run', '2026-11-30T07:30:00Z', undefined, true],
    ['after 09:00, last run yesterday', '2026-11-30T10:00:00Z', '2026-11-29T07:00:00Z', true],
    ['after 09:00, today\'s ran at 09:00', '2026-11-30T10:00:00Z', '2026-11-30T07:00:00Z', false],
    ['after 09:00, only a run before 09:00 today', '2026-11-30T10:00:00Z', '2026-11-30T05:00:00Z', true],
    ['summer time: 09:00 is 06:00 UTC', '2026-06-30T06:10:00Z', '2026-06-29T06:00:00Z', true],
  ];
  for (const [name, now, last, owed] of cases) {
    it(`${name}: ${owed ? 'run it now' : 'nothing to do'}`, () => assert.equal(missedDailyRun(new Date(now), last, '09:00', 'Europe/Helsinki'), owed));
  }
});
