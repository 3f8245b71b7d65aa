import assert from 'node:assert/strict';
import os from 'node:os';
import { holderIsDead } from '../../bot/reminders/reminderService';
import type { Notice, OwnerDigest } from '../../bot/reminders/planner';
import { openStore } from '../../bot/storage/openStore';
import type { Store } from '../../bot/storage/repositories';
import { freshAzureStore } from '../support/azurite';
import { describeEachBackend } from '../support/backends';
import { cutTables, type TableRequest } from '../support/cutTables';

const notice = (owner: string, video: string, daysLeft = 4): Notice => ({
  key: `${owner}|${video}|caption|2026-12-04|d4`,
  ownerKey: owner,
  videoId: video,
  kind: 'caption',
  stage: 'd4',
  date: '2026-12-04',
  daysLeft,
});
const digest = (owner: string, ...videos: string[]): OwnerDigest => ({ ownerKey: owner, notices: videos.map((v) => notice(owner, v)) });
const T0 = '2026-11-30T07:00:00.000Z';
const LATER = '2026-11-30T08:00:00.000Z';

/**
 * The reminder ledger and outbox: every notice planned once, one digest per owner per run, each digest sent by one
 * sender, and what a crash interrupted picked up again without losing or repeating a notice.
 */
describeEachBackend('Reminder outbox', (backend) => {
  let store: Store;
  let reopen: () => Store;
  let others: Store[];
  const another = (): Store => {
    const handle = reopen();
    others.push(handle);
    return handle;
  };
  beforeEach(async () => {
    ({ store, reopen } = await backend.open());
    others = [];
  });
  afterEach(async () => {
    await Promise.all([store, ...others].map((s) => s.close()));
  });

  describe('planning', () => {
    it('records the notices and their digests; what is planned is remembered with when', async () => {
      const runId = await store.outbox.startRun(T0, false);
      const ids = await store.outbox.enqueue(runId, [digest('a@x.fi', 'v2', 'v1'), digest('b@x.fi', 'v3')], T0);
      assert.equal(ids.length, 2);
      const first = await store.outbox.get(ids[0] as number);
      assert.deepEqual(
        { ...first, id: 0 },
        { id: 0, runId, ownerKey: 'a@x.fi', state: 'pending', attempts: 0, nextAttemptAt: T0, lastError: undefined, conversationId: undefined, activityId: undefined, notices: [notice('a@x.fi', 'v1'), notice('a@x.fi', 'v2')] },
      );
      assert.deepEqual([...(await store.outbox.plannedKeys())].sort(), [notice('a@x.fi', 'v1').key, notice('a@x.fi', 'v2').key, notice('b@x.fi', 'v3').key]);
      assert.deepEqual((await store.outbox.plannedAt()).get(notice('b@x.fi', 'v3').key), T0);
      assert.equal(await store.outbox.get(999_999), undefined);
    });

    it('planning a notice twice never sends it twice: a known key is dropped, a digest left empty is not created', async () => {
      const runId = await store.outbox.startRun(T0, false);
      await store.outbox.enqueue(runId, [digest('a@x.fi', 'v1')], T0);
      const ids = await store.outbox.enqueue(runId, [digest('a@x.fi', 'v1', 'v2'), digest('b@x.fi'), { ownerKey: 'c@x.fi', notices: [notice('a@x.fi', 'v1')] }], LATER);
      assert.equal(ids.length, 1);
      assert.deepEqual((await store.outbox.get(ids[0] as number))?.notices, [notice('a@x.fi', 'v2')]);
      assert.equal(await store.outbox.pendingCount(), 2);
    });

    it('two runs enqueueing the same notices at once (two instances): each notice in one digest only', async () => {
      const digests = Array.from({ length: 20 }, (_, i) => digest(`o${i}@x.fi`, `v${i}a`, `v${i}b`));
      const [a, b] = [store, another()];
      const [runA, runB] = [await a.outbox.startRun(T0, false), await b.outbox.startRun(T0, false)];
      const [idsA, idsB] = await Promise.all([a.outbox.enqueue(runA, digests, T0), b.outbox.enqueue(runB, [...digests].reverse(), T0)]);
      assert.equal(new Set([...idsA, ...idsB]).size, idsA.length + idsB.length, 'ids unique across instances');
      const due = await store.outbox.due(LATER, 1000);
      const keys = due.flatMap((d) => d.notices.map((n) => n.key));
      assert.equal(keys.length, 40);
      assert.equal(new Set(keys).size, 40);
      assert.deepEqual(new Set(due.map((d) => d.id)), new Set([...idsA, ...idsB]));
    });

    it('numbers runs uniquely across instances, and knows the last one and the last one finished', async () => {
      assert.equal(await store.outbox.lastRun(), undefined);
      assert.equal(await store.outbox.lastFinishedRunStartedAt(), undefined);
      const ids = await Promise.all([store, another(), another()].map((s, i) => s.outbox.startRun(`2026-11-30T07:00:0${i}.000Z`, false)));
      assert.equal(new Set(ids).size, 3);
      const first = Math.min(...ids);
      await store.outbox.finishRun(first, '2026-11-30T07:10:00.000Z', { planned: 1, digests: 1, sent: 1, skipped: 0, failed: 0, unreachable: 0, unreachableOwners: [] });
      const last = await store.outbox.lastRun();
      assert.equal(last?.id, Math.max(...ids));
      assert.equal(last?.finishedAt, undefined);
      const startedAt = ids.map((id, i) => [id, `2026-11-30T07:00:0${i}.000Z`] as const).find(([id]) => id === first)?.[1];
      assert.equal(await store.outbox.lastFinishedRunStartedAt(), startedAt);
    });

    it('keeps a run summary', async () => {
      const id = await store.outbox.startRun(T0, false);
      const summary = { planned: 3, digests: 2, sent: 1, skipped: 4, failed: 0, unreachable: 1, unreachableOwners: ['c@x.fi: HTTP 403'], leaseLost: true };
      await store.outbox.finishRun(id, LATER, summary);
      assert.deepEqual(await store.outbox.lastRun(), { id, startedAt: T0, finishedAt: LATER, summary });
    });
  });

  describe('sending', () => {
    it('lists due digests oldest first, up to a limit; says when the next is due and how many wait', async () => {
      const runId = await store.outbox.startRun(T0, false);
      const [a, b, c] = await store.outbox.enqueue(runId, [digest('a@x.fi', 'v1'), digest('b@x.fi', 'v2'), digest('c@x.fi', 'v3')], T0);
      await store.outbox.claim(a as number, T0, 'h');
      await store.outbox.retryLater(a as number, 'HTTP 503', '2026-11-30T07:30:00.000Z');
      assert.deepEqual((await store.outbox.due(T0, 10)).map((d) => d.id), [b, c]);
      assert.deepEqual((await store.outbox.due(T0, 1)).map((d) => d.id), [b]);
      assert.deepEqual((await store.outbox.due(LATER, 10)).map((d) => d.id), [b, c, a]);
      assert.equal(await store.outbox.nextAttemptAt(), T0);
      assert.equal(await store.outbox.pendingCount(), 3);
      const retried = await store.outbox.get(a as number);
      assert.equal(retried?.attempts, 1);
      assert.equal(retried?.lastError, 'HTTP 503');
    });

    it('a claimed digest is not due; one sender claims it, a second is refused', async () => {
      const runId = await store.outbox.startRun(T0, false);
      const [id] = await store.outbox.enqueue(runId, [digest('a@x.fi', 'v1')], T0);
      assert.equal(await store.outbox.claim(id as number, T0, 'h1'), true);
      assert.equal(await store.outbox.claim(id as number, T0, 'h2'), false);
      assert.deepEqual(await store.outbox.due(LATER, 10), []);
      assert.equal(await store.outbox.nextAttemptAt(), undefined);
      assert.equal(await store.outbox.pendingCount(), 0);
    });

    it('two senders on two instances claiming the same digests at once: each digest goes to one', async () => {
      const runId = await store.outbox.startRun(T0, false);
      const ids = await store.outbox.enqueue(runId, Array.from({ length: 10 }, (_, i) => digest(`o${i}@x.fi`, `v${i}`)), T0);
      const senders = [store, another(), another()];
      const claims = await Promise.all(senders.map((s, n) => Promise.all(ids.map((id) => s.outbox.claim(id, T0, `sender-${n}`)))));
      for (const [i] of ids.entries()) assert.equal(claims.filter((c) => c[i]).length, 1, `digest ${i} claimed once`);
    });

    it('a sender working from an old read cannot claim a digest another instance has sent meanwhile', async () => {
      const runId = await store.outbox.startRun(T0, false);
      const [id] = await store.outbox.enqueue(runId, [digest('a@x.fi', 'v1')], T0);
      assert.equal((await store.outbox.due(LATER, 10)).length, 1, 'this instance has read it as pending');
      const other = another();
      assert.equal(await other.outbox.claim(id as number, T0, 'other'), true);
      await other.outbox.markSent(id as number, 'conv', 'act', LATER);
      assert.equal(await store.outbox.claim(id as number, LATER, 'late'), false);
      assert.equal((await store.outbox.get(id as number))?.state, 'sent');
    });

    it('records the outcome: sent (with the message), dead, failed, unreachable; none of them is due again', async () => {
      const runId = await store.outbox.startRun(T0, false);
      const [sent, dead, failed, gone] = await store.outbox.enqueue(runId, ['a', 'b', 'c', 'd'].map((o) => digest(`${o}@x.fi`, `v${o}`)), T0);
      for (const id of [sent, dead, failed, gone]) await store.outbox.claim(id as number, T0, 'h');
      await store.outbox.markSent(sent as number, 'conv-a', 'act-a', LATER);
      await store.outbox.markDead(dead as number, 'HTTP 413');
      await store.outbox.markFailed(failed as number, 'gave up for this run: HTTP 503');
      await store.outbox.markUnreachable(gone as number, 'HTTP 403 blocked');
      const record = await store.outbox.get(sent as number);
      assert.deepEqual([record?.state, record?.conversationId, record?.activityId, record?.lastError], ['sent', 'conv-a', 'act-a', undefined]);
      assert.equal((await store.outbox.get(dead as number))?.state, 'dead');
      assert.equal((await store.outbox.get(failed as number))?.state, 'failed');
      assert.deepEqual(await store.outbox.due(LATER, 10), []);
      assert.equal(await store.outbox.pendingCount(), 0);
    });

    it('lists unreachable owners once each (however Panopto spelled the address), with the reason and since when', async () => {
      const first = await store.outbox.startRun(T0, false);
      const [a1, b1] = await store.outbox.enqueue(first, [digest('a@x.fi', 'v1'), digest('b@x.fi', 'v2')], T0);
      const second = await store.outbox.startRun(LATER, false);
      const [a2] = await store.outbox.enqueue(second, [digest('A@X.fi', 'v3')], LATER);
      await store.outbox.markUnreachable(a1 as number, 'not installed');
      await store.outbox.markUnreachable(a2 as number, 'blocked');
      await store.outbox.markUnreachable(b1 as number, 'no chat');
      assert.deepEqual(await store.outbox.unreachableOwners(), [
        { ownerKey: 'a@x.fi', reason: 'not installed', since: T0 },
        { ownerKey: 'b@x.fi', reason: 'no chat', since: T0 },
      ]);
    });
  });

  describe('after a crash', () => {
    it('re-queues only sends whose sender is gone, never one a live sender is still making', async () => {
      const runId = await store.outbox.startRun(T0, false);
      const [live, dead, stale] = await store.outbox.enqueue(runId, [digest('a@x.fi', 'v1'), digest('b@x.fi', 'v2'), digest('c@x.fi', 'v3')], 't');
      const now = new Date().toISOString();
      const self = `${os.hostname()}:${process.pid}:another-run`; // this process: alive
      const gone = `${os.hostname()}:999999999:crashed-run`; // no such process
      assert.equal(await store.outbox.claim(live as number, now, self), true);
      assert.equal(await store.outbox.claim(dead as number, now, gone), true);
      assert.equal(await store.outbox.claim(stale as number, '2020-01-01T07:00:00Z', self), true); // claimed long ago: hung
      const recovered = await another().outbox.recoverInterrupted(holderIsDead, new Date(Date.now() - 5 * 60_000).toISOString());
      assert.equal(recovered, 2);
      assert.equal((await store.outbox.get(live as number))?.state, 'sending');
      assert.equal((await store.outbox.get(dead as number))?.state, 'pending');
      assert.equal((await store.outbox.get(stale as number))?.state, 'pending');
    });

    it('takes back the notices of digests never sent, so the planner can plan them again; sent ones stay said', async () => {
      const runId = await store.outbox.startRun(T0, false);
      const [waiting, failed, sent] = await store.outbox.enqueue(runId, [digest('a@x.fi', 'v1'), digest('b@x.fi', 'v2'), digest('c@x.fi', 'v3')], 't');
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
      assert.deepEqual(await store.outbox.due(LATER, 10), []);
    });
  });

  it("a big owner's digest: thousands of notices (more than one property or entity holds) come back whole", async function () {
    this.timeout(120_000);
    const videos = Array.from({ length: 6000 }, (_, i) => `a1b2c3d4-e5f6-4a7b-8c9d-${String(i).padStart(12, '0')}`);
    const runId = await store.outbox.startRun(T0, false);
    const [id] = await store.outbox.enqueue(runId, [digest('big@x.fi', ...videos)], T0);
    const record = await another().outbox.get(id as number);
    assert.equal(record?.notices.length, 6000);
    assert.deepEqual(record?.notices.map((n) => n.videoId), [...videos].sort());
    // Planned again with a few new ones: only those are a new digest, and the big one is not rewritten.
    const [next] = await store.outbox.enqueue(runId, [digest('big@x.fi', ...videos, 'new-1', 'new-2')], LATER);
    assert.deepEqual((await store.outbox.get(next as number))?.notices.map((n) => n.videoId), ['new-1', 'new-2']);
  });
});

/**
 * Azure Tables has no transaction over a whole run, so enqueue and release are written in steps; an instance that dies
 * between two of them (here: loses its storage at that point) leaves nothing that loses or repeats a notice.
 */
describe('Reminder outbox on Azure: a run cut short between two writes', () => {
  let config: Awaited<ReturnType<typeof freshAzureStore>>;
  let handles: Store[];
  let proxies: Array<{ close: () => Promise<void> }>;
  const open = (c = config): Store => {
    const store = openStore(c);
    handles.push(store);
    return store;
  };
  const crashingAt = async (cutAt: (request: TableRequest) => boolean): Promise<Store> => {
    const proxy = await cutTables(config, cutAt);
    proxies.push(proxy);
    return open(proxy.config);
  };
  const mentions = (table: string) => (request: TableRequest) => request.url.includes(table) || request.body.includes(table);
  const digests = Array.from({ length: 12 }, (_, i) => digest(`o${i}@x.fi`, `v${i}a`, `v${i}b`));
  const allKeys = digests.flatMap((d) => d.notices.map((n) => n.key)).sort();

  /** What the next run does: recover, plan what is not planned yet (as the planner would), enqueue it. */
  const nextRun = async (store: Store, recoverFirst = true): Promise<void> => {
    if (recoverFirst) await store.outbox.recoverInterrupted(() => false, T0);
    const planned = await store.outbox.plannedKeys();
    const runId = await store.outbox.startRun(LATER, false);
    await store.outbox.enqueue(runId, digests.map((d) => ({ ...d, notices: d.notices.filter((n) => !planned.has(n.key)) })), LATER);
    if (!recoverFirst) await store.outbox.recoverInterrupted(() => false, T0);
  };
  const sendable = async (store: Store): Promise<string[]> => (await store.outbox.due(LATER, 1000)).flatMap((d) => d.notices.map((n) => n.key)).sort();

  beforeEach(async () => {
    config = await freshAzureStore();
    handles = [];
    proxies = [];
  });
  afterEach(async () => {
    await Promise.all(handles.map((h) => h.close()));
    await Promise.all(proxies.map((p) => p.close()));
  });

  it('after the digests were written, before any notice was claimed: nothing is sendable half-planned; the next run sends each notice once', async () => {
    const crashing = await crashingAt(mentions('ReminderNoticeKeys'));
    const runId = await crashing.outbox.startRun(T0, false);
    await assert.rejects(crashing.outbox.enqueue(runId, digests, T0));
    const next = open();
    assert.deepEqual(await next.outbox.due(LATER, 1000), [], 'a digest still being planned is not sent');
    assert.equal(await next.outbox.pendingCount(), 0);
    await nextRun(next);
    assert.deepEqual(await sendable(next), allKeys);
  });

  it('the same, when the next run plans before it recovers: the interrupted digests give way', async () => {
    const crashing = await crashingAt(mentions('ReminderNoticeKeys'));
    await assert.rejects(crashing.outbox.enqueue(await crashing.outbox.startRun(T0, false), digests, T0));
    const next = open();
    await nextRun(next, false);
    assert.deepEqual(await sendable(next), allKeys);
    assert.deepEqual(await next.outbox.recoverInterrupted(() => false, T0), 0, 'nothing left half done');
  });

  it('after the notices were claimed, before the digest was marked pending: recovery sends it, the next run does not plan it again', async () => {
    let claimed = false;
    const crashing = await crashingAt((request) => {
      if (mentions('ReminderNoticeKeys')(request)) claimed = true;
      return claimed && mentions('ReminderDigests')(request);
    });
    const runId = await crashing.outbox.startRun(T0, false);
    await assert.rejects(crashing.outbox.enqueue(runId, digests.slice(0, 1), T0));
    const next = open();
    assert.deepEqual([...(await next.outbox.plannedKeys())].sort(), digests[0]?.notices.map((n) => n.key).sort(), 'claimed, so the planner skips them');
    assert.deepEqual(await next.outbox.due(LATER, 1000), []);
    assert.equal(await next.outbox.recoverInterrupted(() => false, T0), 1);
    await nextRun(next);
    assert.deepEqual(await sendable(next), allKeys);
  });

  it('cut anywhere in a bigger enqueue: after recovery and the next run, every notice is sendable exactly once', async () => {
    for (const after of [3, 7, 12, 20]) {
      config = await freshAzureStore();
      let seen = 0;
      const crashing = await crashingAt(() => ++seen > after);
      const runId = await open().outbox.startRun(T0, false);
      await assert.rejects(crashing.outbox.enqueue(runId, digests, T0));
      const next = open();
      await nextRun(next);
      assert.deepEqual(await sendable(next), allKeys, `cut after ${after} requests`);
    }
  });

  it('releasing unsent digests, cut after a digest left the queue and before its notices were freed: the next release finishes it', async () => {
    const store = open();
    const runId = await store.outbox.startRun(T0, false);
    await store.outbox.enqueue(runId, digests.slice(0, 2), T0);
    let left = false;
    const crashing = await crashingAt((request) => {
      if (request.url.includes('$batch') && mentions('ReminderDigests')(request)) left = true;
      return left && mentions('ReminderNoticeKeys')(request);
    });
    await assert.rejects(crashing.outbox.releaseUnsent());
    const next = open();
    const taken = digests.slice(0, 2).flatMap((d) => d.notices.map((n) => n.key)).sort();
    assert.deepEqual(await next.outbox.due(LATER, 1000), [], 'a digest being taken back is not sent');
    assert.deepEqual([...(await next.outbox.plannedKeys())].sort(), taken, 'and its notices are not planned again yet');
    const released = await next.outbox.releaseUnsent();
    assert.deepEqual(released.map((n) => n.key).sort(), taken);
    assert.deepEqual([...(await next.outbox.plannedKeys())], []);
    assert.deepEqual(await next.outbox.due(LATER, 1000), []);
  });
});
