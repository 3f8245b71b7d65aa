import assert from 'node:assert/strict';
import { AzureAccount } from '../../bot/storage/azure/azureAccount';
import { AzureLeases } from '../../bot/storage/azure/azureLeases';
import type { Store } from '../../bot/storage/repositories';
import { freshAzureStore } from '../support/azurite';
import { describeEachBackend } from '../support/backends';

const at = (ms: number): string => new Date(Date.now() + ms).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The reminder run's lock: one holder at a time across instances, renewed while its run lives, free again once a
 * holder stops renewing (killed), and taken over at once from a holder known to be dead. Leases here last 15 s, the
 * shortest a blob lease can be, and expiry is real time.
 */
describeEachBackend('Leases', (backend) => {
  let store: Store;
  let reopen: () => Store;
  beforeEach(async () => ({ store, reopen } = await backend.open()));
  afterEach(() => store.close());

  it('one holder at a time: the holder renews it, others are refused; released, it is free', async () => {
    assert.equal(await store.leases.acquire('reminders', 'host:1:a', at(0), at(15_000)), true);
    assert.equal(await store.leases.acquire('reminders', 'host:1:a', at(0), at(15_000)), true, 'renewed by its holder');
    assert.equal(await store.leases.acquire('reminders', 'host:2:b', at(0), at(15_000)), false);
    assert.deepEqual((await store.leases.holder('reminders'))?.holder, 'host:1:a');
    await store.leases.release('reminders', 'host:2:b');
    assert.deepEqual((await store.leases.holder('reminders'))?.holder, 'host:1:a', 'only the holder can release it');
    await store.leases.release('reminders', 'host:1:a');
    assert.equal(await store.leases.holder('reminders'), undefined);
    assert.equal(await store.leases.acquire('reminders', 'host:2:b', at(0), at(15_000)), true);
    assert.equal(await store.leases.acquire('other', 'host:1:a', at(0), at(15_000)), true, 'names are independent');
  });

  it('two instances acquiring at the same moment: exactly one gets it', async () => {
    const handles = [store, reopen(), reopen(), reopen()];
    const won = await Promise.all(handles.map((h, i) => h.leases.acquire('reminders', `host:${i}:run`, at(0), at(15_000))));
    assert.equal(won.filter(Boolean).length, 1);
    await Promise.all(handles.slice(1).map((h) => h.close()));
  });

  it('a holder known to be dead is taken over at once, by one of two instances trying', async () => {
    assert.equal(await store.leases.acquire('reminders', 'host:1:dead', at(0), at(60_000)), true);
    const [a, b] = [reopen(), reopen()];
    const won = await Promise.all([a.leases.takeOver('reminders', 'host:1:dead', 'host:2:a', at(15_000)), b.leases.takeOver('reminders', 'host:1:dead', 'host:3:b', at(15_000))]);
    assert.equal(won.filter(Boolean).length, 1);
    const winner = won[0] ? 'host:2:a' : 'host:3:b';
    assert.equal((await store.leases.holder('reminders'))?.holder, winner);
    assert.equal(await store.leases.takeOver('reminders', 'host:1:dead', 'host:4:late', at(15_000)), false, 'not from a holder it no longer has');
    assert.equal(await store.leases.acquire('reminders', 'host:1:dead', at(0), at(15_000)), false, 'the old holder has lost it');
    await Promise.all([a.close(), b.close()]);
  });

  it('lives while its holder renews it; a holder that stops renewing (killed) loses it when it expires', async function () {
    this.timeout(60_000);
    const holder = reopen();
    assert.equal(await holder.leases.acquire('reminders', 'host:1:run', at(0), at(15_000)), true);
    await sleep(9_000);
    assert.equal(await holder.leases.acquire('reminders', 'host:1:run', at(0), at(15_000)), true, 'renewed');
    await holder.close(); // killed: nothing renews it any more, nothing releases it
    await sleep(8_000); // past the first expiry: only the renewal holds it
    assert.equal(await store.leases.acquire('reminders', 'host:2:next', at(0), at(15_000)), false);
    const start = Date.now();
    while (!(await store.leases.acquire('reminders', 'host:2:next', at(0), at(15_000)))) {
      assert.ok(Date.now() - start < 15_000, 'taken over soon after it expired');
      await sleep(500);
    }
    assert.equal((await store.leases.holder('reminders'))?.holder, 'host:2:next');
  });
});

describe('Leases on Azure: the blob lease is renewed by the handle that holds it', () => {
  it('a lease asked for longer than a blob lease lasts is kept by renewal until its end, then lapses', async function () {
    this.timeout(60_000);
    const config = await freshAzureStore();
    const holder = new AzureLeases(new AzureAccount(config), 15);
    const other = new AzureLeases(new AzureAccount(config), 15);
    assert.equal(await holder.acquire('reminders', 'host:1:run', at(0), at(25_000)), true);
    await sleep(19_000); // the 15 s blob lease would have lapsed without renewal
    assert.equal(await other.acquire('reminders', 'host:2:next', at(0), at(15_000)), false);
    const start = Date.now();
    while (!(await other.acquire('reminders', 'host:2:next', at(0), at(15_000)))) {
      assert.ok(Date.now() - start < 25_000, 'renewal stops at the end asked for');
      await sleep(1_000);
    }
    holder.close();
    other.close();
  });
});
