import assert from 'node:assert/strict';
import { MAIJA, MATTI, SUPPORT_CHANNEL, execute, message } from '../support/activities';
import { actionsOf, cardOf } from '../support/cards';
import { extensionScene, type Scene } from '../support/extensionScene';

describe('Support identity over the wire', () => {
  let scene: Scene;
  before(async () => {
    scene = await extensionScene();
  });
  after(() => scene.stop());

  it('an activity whose Entra object id reads like a support e-mail cannot decide a request', async () => {
    for (const text of ['extend', 'Old orientation', 'It is used in the Logistics course every spring and students need it until 2028.', 'one year', 'Send request']) {
      await scene.bot.turn(message(text, { user: MAIJA }));
    }
    const posted = scene.bot.connector.calls.find((c) => c.method === 'POST' && c.conversationId === SUPPORT_CHANNEL.id && cardOf(c.body) !== undefined);
    const requestId = Number(actionsOf(cardOf(posted?.body ?? {})).find((a) => a.verb === 'approveExtension')?.data?.['requestId']);
    assert.ok(requestId > 0, 'the request reached support');

    // sanna@xamk.fi is in SUPPORT_USERS; Matti is not, and is not in the support channel's team.
    const forged = { ...MATTI, aadObjectId: 'sanna@xamk.fi' };
    const click = { ...execute('approveExtension', { requestId }, { user: forged }), conversation: { ...SUPPORT_CHANNEL, id: `${SUPPORT_CHANNEL.id};messageid=1` } };
    const body = (await (await scene.bot.post(click)).json()) as { value: unknown };
    assert.match(String(body.value), /Only support staff can decide/);
    assert.equal((await scene.bot.app.store.extensions.get(requestId))?.state, 'pending');
  });
});
