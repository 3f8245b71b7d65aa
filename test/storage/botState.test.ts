import assert from 'node:assert/strict';
import { describeEachBackend } from '../support/backends';
import { storeUnderTest } from '../support/storeUnderTest';

// Keys as botbuilder's state accessors build them: channel, conversation and user ids with ':', ';', '@', '/'.
const KEY = 'msteams/conversations/a:personal-29:maija;messageid=1/users/29:maija';

describeEachBackend('Bot state (dialogs)', (backend) => {
  const under = storeUnderTest(backend);
  const state = () => under.store.botState;

  it('keeps what a turn wrote for the next turn, on any instance, and forgets it when deleted', async () => {
    assert.deepEqual(await state().read([KEY]), {});
    await state().write({ [KEY]: { dialogStack: [{ id: 'extension', state: { step: 2 } }], eTag: '*' } });
    const read = await under.another().botState.read([KEY, 'other']);
    assert.deepEqual(Object.keys(read), [KEY]);
    assert.deepEqual((read[KEY] as { dialogStack: unknown }).dialogStack, [{ id: 'extension', state: { step: 2 } }]);
    assert.equal(typeof (read[KEY] as { eTag?: unknown }).eTag, 'string');
    await state().delete([KEY]);
    assert.deepEqual(await state().read([KEY]), {});
  });

  it('refuses a write based on a stale read: of two turns that read the same state, the second to write fails', async () => {
    await state().write({ [KEY]: { step: 1, eTag: '*' } });
    const other = under.another();
    const mine = (await state().read([KEY]))[KEY] as { step: number; eTag: string };
    const theirs = (await other.botState.read([KEY]))[KEY] as { step: number; eTag: string };
    await state().write({ [KEY]: { ...mine, step: 2 } });
    await assert.rejects(other.botState.write({ [KEY]: { ...theirs, step: 3 } }));
    assert.equal(((await state().read([KEY]))[KEY] as { step: number }).step, 2, 'the first write stands');
  });
});
