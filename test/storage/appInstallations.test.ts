import assert from 'node:assert/strict';
import { StateAppInstallations } from '../../bot/storage/appInstallations';
import { describeEachBackend } from '../support/backends';

/** The app installations the bot made for owners, kept in the bot's state storage of either backend. */
describeEachBackend('App installations made for owners', (backend) => {
  it('remembers an installation across a restart, by Entra object id in any case; an unknown person has none', async () => {
    const { store, reopen } = await backend.open();
    const installation = { installedAt: '2026-12-01T08:00:00.000Z', chatId: '19:aad-liisa_bot@unq.gbl.spaces' };
    await new StateAppInstallations(store.botState).record('AAD-Liisa', installation);
    await store.close();
    const again = reopen();
    try {
      const installations = new StateAppInstallations(again.botState);
      assert.deepEqual(await installations.get('aad-liisa'), installation);
      assert.equal(await installations.get('aad-someone-else'), undefined);
    } finally {
      await again.close();
    }
  });

  it('a second record of the same installation (two runs racing) overwrites with the same facts instead of failing', async () => {
    const { store } = await backend.open();
    try {
      const installations = new StateAppInstallations(store.botState);
      await Promise.all([
        installations.record('aad-liisa', { installedAt: '2026-12-01T08:00:00.000Z', chatId: 'chat' }),
        installations.record('aad-liisa', { installedAt: '2026-12-01T08:00:01.000Z', chatId: 'chat' }),
      ]);
      assert.equal((await installations.get('aad-liisa'))?.chatId, 'chat');
    } finally {
      await store.close();
    }
  });
});
