import assert from 'node:assert/strict';
import { MAIJA, MATTI, SUPPORT_CHANNEL, message, personalConversation, submit, type User } from '../support/activities';
import { BotHarness } from '../support/botHarness';
import { actionsOf, cardOf, rendered, replyText } from '../support/cards';
import { extensionScene, SANNA, type Scene } from '../support/extensionScene';
import { DIALOG_CASES } from './extensionDialog.cases';

async function say(scene: Scene, text: string, user: User = MAIJA, locale = 'en-US'): Promise<string> {
  const replies = await scene.bot.turn(message(text, { user, locale }));
  return replies.map(replyText).join('\n');
}

describe('Requesting a lifecycle extension in chat (the dialog)', () => {
  let scene: Scene;
  beforeEach(async () => {
    scene = await extensionScene();
  });
  afterEach(() => scene.stop());

  for (const c of DIALOG_CASES) {
    it(c.name, async () => {
      for (const [text, expected] of c.steps) {
        const reply = await say(scene, text, MAIJA, c.locale);
        assert.match(reply, expected, `after "${text.slice(0, 40)}"`);
      }
      const pending = await scene.bot.app.store.extensions.pendingFor('m-trash');
      if (c.request === undefined) {
        assert.equal(pending, undefined, 'nothing stored');
      } else {
        assert.equal(pending?.state, c.request.state);
        assert.match(pending?.justification ?? '', c.request.justification);
        const toSupport = scene.bot.connector.sent(SUPPORT_CHANNEL.id).map(replyText).join('\n');
        assert.match(toSupport, /Lifecycle extension request #\d+[^]*Old orientation[^]*Maija/);
      }
    });
  }

  it('one open request per video: the picker no longer offers it, and an older card\'s button shows the open request', async () => {
    for (const [text] of DIALOG_CASES[0]?.steps ?? []) await say(scene, text);
    const picker = await say(scene, 'extend');
    assert.match(picker, /Statistics lecture 1/);
    assert.doesNotMatch(picker, /Old orientation/);
    await say(scene, 'cancel');
    // "Request extension" on a reminder drawn before the request: the card is redrawn, no second dialog starts.
    const replies = await scene.bot.turn(submit({ verb: 'requestExtension', videoId: 'm-trash', view: 'myVideos' }, 'my-videos-card'));
    assert.deepEqual(replies, [], 'no dialog');
    const edit = scene.bot.connector.updates(personalConversation(MAIJA).id).at(-1);
    assert.ok(edit, 'the clicked card is redrawn');
    assert.match(rendered(replyText(edit.body)), /Old orientation[^]*Extension requested \(#\d+\)/);
    assert.ok(!actionsOf(cardOf(edit.body)).some((a) => a.verb === 'requestExtension' && a.data?.['videoId'] === 'm-trash'), 'no second request offered');
  });

  it('someone without videos is told so', async () => {
    assert.match(await say(scene, 'extend', SANNA), /I know of no Panopto videos of yours/);
  });

  it('offers only the owner\'s own videos', async () => {
    const reply = await say(scene, 'extend', MATTI);
    assert.match(reply, /Logistics week 3/);
    assert.doesNotMatch(reply, /Old orientation/);
  });

  it('resumes after a restart, because the dialog state is in the store', async () => {
    await say(scene, 'extend');
    await say(scene, 'Old orientation');
    const dir = scene.bot.dir;
    await scene.bot.stop({ keepFiles: true });
    const env = { ...scene.panopto.env(), PANOPTO_OWNER_EMAIL_DOMAIN: 'xamk.fi', SUPPORT_CONVERSATION_ID: SUPPORT_CHANNEL.id, LOG_LEVEL: 'warn' };
    scene.bot = await new BotHarness(env).start({ dir });
    assert.match(await say(scene, 'It is used in the Logistics course every spring and students need it.'), /For how long/);
  });
});
