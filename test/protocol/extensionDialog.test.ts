import assert from 'node:assert/strict';
import { createLogger } from '../../bot/logger';
import { createReminders } from '../../bot/compose/reminders';
import { formatDate } from '../../bot/reminders/digestText';
import { addDays, localDate } from '../../bot/rules/dates';
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

  it('a video already in the trash is asked about its final deletion, never "beyond" a past trash date', async () => {
    const DAY = 86_400_000;
    // Last viewed 800 days ago: in the trash since 70 days (two-year lifecycle), deleted for good in 110 days (180 in the trash).
    scene.panopto.addSession({ Id: 'm-binned', Name: 'Welcome week 2023', FolderId: 'lectures', Username: 'XAMK\\maija', StartTime: new Date(Date.now() - 900 * DAY).toISOString(), CaptionDownloadUrl: 'https://x/cc', viewers: [new Date(Date.now() - 800 * DAY).toISOString()] });
    const app = scene.bot.app;
    await createReminders({ config: app.config, policy: app.policy, store: app.store, logger: createLogger('silent') }).service.runOnce();
    const today = localDate(new Date(), app.policy.timeZone);
    await say(scene, 'pidennä', MAIJA, 'fi-FI');
    const asked = await say(scene, 'Welcome week 2023', MAIJA, 'fi-FI');
    assert.match(asked, /Video "Welcome week 2023" on jo roskakorissa ja se poistetaan lopullisesti (\d{1,2}\.\d{1,2}\.\d{4})\. Miksi se pitää säilyttää\?/);
    const finalDeletion = /lopullisesti (\S+)\./.exec(asked)?.[1] ?? '';
    assert.ok([-1, 0, 1].some((d) => formatDate(addDays(today, 110 + d), 'fi') === finalDeletion), `final deletion about 110 days ahead, got ${finalDeletion}`);
    assert.doesNotMatch(asked, /siirtyy roskakoriin/);
    await say(scene, 'Videota tarvitaan vielä ensi kevään kertauskurssilla, joten sitä ei saa poistaa.', MAIJA, 'fi-FI');
    await say(scene, 'Valitsen päivän itse', MAIJA, 'fi-FI');
    // A date before today is refused by naming the first date allowed (tomorrow), not the past trash date.
    assert.match(await say(scene, '1.1.2020', MAIJA, 'fi-FI'), new RegExp(`Video on jo roskakorissa, joten päivän pitää olla aikaisintaan ${formatDate(addDays(today, 1), 'fi').replace(/\./g, '\\.')}\\.`));
  });
});
