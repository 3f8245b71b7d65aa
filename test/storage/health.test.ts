import assert from 'node:assert/strict';
import { describeEachBackend } from '../support/backends';
import { storeUnderTest } from '../support/storeUnderTest';

describeEachBackend('Store health', (backend) => {
  const under = storeUnderTest(backend);

  it('answers the health check while open, and not once closed (the bot is shutting down)', async () => {
    assert.equal(await under.store.ping(), true);
    await under.store.close();
    assert.equal(await under.store.ping(), false);
  });
});
