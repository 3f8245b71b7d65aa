import assert from 'node:assert/strict';
import { describeEachBackend } from '../support/backends';
import { storeUnderTest } from '../support/storeUnderTest';

const KEY = 'a:personal-29:maija;messageid=1/2#3?4|f00d-activity';
const at = (iso: string) => new Date(iso);

describeEachBackend('Received activities', (backend) => {
  const under = storeUnderTest(backend);
  const received = () => under.store.received;

  it('takes a delivery the first time and refuses every later one within a day', async () => {
    assert.equal(await received().first(KEY, at('2026-11-26T10:00:00Z')), true);
    assert.equal(await received().first(KEY, at('2026-11-26T10:00:05Z')), false);
    assert.equal(await under.another().received.first(KEY, at('2026-11-26T20:00:00Z')), false, 'another instance, later the same day');
    assert.equal(await received().first(`${KEY}x`, at('2026-11-26T10:00:05Z')), true, 'another activity');
  });

  it('takes exactly one of several deliveries arriving together at several instances', async () => {
    const handles = [under.store, under.another(), under.another(), under.another()];
    const taken = await Promise.all(handles.map((h) => h.received.first(KEY, at('2026-11-26T10:00:00Z'))));
    assert.deepEqual(taken.filter(Boolean).length, 1);
  });

  it('takes a key again once it is older than a day, once', async () => {
    assert.equal(await received().first(KEY, at('2026-11-26T10:00:00Z')), true);
    const later = at('2026-11-27T10:00:01Z');
    const taken = await Promise.all([received().first(KEY, later), under.another().received.first(KEY, later)]);
    assert.deepEqual(taken.sort(), [false, true]);
  });

  it('tells apart keys too long to be stored as they are', async () => {
    const long = `19:${'x/'.repeat(400)}@thread.tacv2|activity-`;
    assert.equal(await received().first(`${long}1`, at('2026-11-26T10:00:00Z')), true);
    assert.equal(await received().first(`${long}2`, at('2026-11-26T10:00:00Z')), true);
    assert.equal(await received().first(`${long}1`, at('2026-11-26T10:00:01Z')), false);
    await received().forget(`${long}1`);
    assert.equal(await received().first(`${long}1`, at('2026-11-26T10:00:02Z')), true);
  });

  it('forgets a key whose turn failed, so the redelivery is taken', async () => {
    assert.equal(await received().first(KEY, at('2026-11-26T10:00:00Z')), true);
    await received().forget(KEY);
    assert.equal(await received().first(KEY, at('2026-11-26T10:00:03Z')), true);
    await received().forget('never-seen');
  });
});
