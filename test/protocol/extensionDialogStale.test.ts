import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { createLogger } from '../../bot/logger';
import { createReminders } from '../../bot/compose/reminders';
import { MAIJA, MATTI, SUPPORT_CHANNEL, TENANT, message, personalConversation, type User } from '../support/activities';
import { actionsOf, cardOf, rendered, replyText, type CardAction } from '../support/cards';
import { extensionScene, type Scene } from '../support/extensionScene';

/** Whose dialog a message belongs to, how long a dialog lives, and what old buttons do: over the real protocol. */

const REASON = 'It is used in the Logistics course every spring and students need it until 2028.';
const GROUP = { id: '19:group-chat@thread.v2', conversationType: 'groupChat', tenantId: TENANT, isGroup: true };
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();
/** A calendar day in Helsinki, where the bot's dates are (late in the evening UTC it is already tomorrow there). */
const helsinkiDay = (fromToday: number): string => DateTime.now().setZone('Europe/Helsinki').plus({ days: fromToday }).toISODate() ?? '';

interface Turn {
  text: string;
  buttons: CardAction[];
}

async function turn(scene: Scene, activity: Record<string, unknown>): Promise<Turn> {
  const replies = await scene.bot.turn(activity);
  return { text: replies.map(replyText).join('\n'), buttons: replies.flatMap((r) => actionsOf(cardOf(r))) };
}

const type = (scene: Scene, text: string, user: User = MAIJA, conversation: Record<string, unknown> = personalConversation(user)) =>
  turn(scene, message(text, { user, conversation }));

/** A button of an earlier reply pressed now: its data arrives as the message's value, with no text. */
function press(scene: Scene, buttons: CardAction[], title: RegExp, user: User = MAIJA, conversation: Record<string, unknown> = personalConversation(user)) {
  const button = buttons.find((b) => title.test(b.title));
  assert.ok(button, `a button ${title}`);
  return turn(scene, { ...message('', { user, conversation }), value: button.data });
}

/** Panopto changes and the daily run reads it again: the owner's list of videos is different from before. */
async function recrawl(scene: Scene): Promise<void> {
  const { app } = scene.bot;
  await createReminders({ config: app.config, policy: app.policy, store: app.store, logger: createLogger('silent') }).service.runOnce();
}

describe('Extension dialogs belong to one person, expire, and old buttons stay old', () => {
  let scene: Scene;
  beforeEach(async () => {
    scene = await extensionScene();
  });
  afterEach(() => scene.stop());

  it('in a group chat, another member\'s messages are not taken into the owner\'s open dialog', async () => {
    // Typed, "extend" belongs to the 1:1 chat; a card's "Request extension" button still opens the dialog where the card is.
    assert.match((await type(scene, 'extend', MAIJA, GROUP)).text, /works in our 1:1 chat/);
    const opened = await turn(scene, { ...message('', { user: MAIJA, conversation: GROUP }), value: { verb: 'requestExtension', videoId: 'm-trash', view: 'myVideos' } });
    assert.match(opened.text, /Why must "Old orientation"/);
    assert.match((await type(scene, 'How long are videos kept?', MATTI, GROUP)).text, /two years/, 'Matti\'s question is answered');
    const matti = await type(scene, 'We still need this recording for the spring course, please keep it.', MATTI, GROUP);
    assert.doesNotMatch(matti.text, /For how long/, 'Matti cannot write Maija\'s justification');
    assert.match((await type(scene, REASON, MAIJA, GROUP)).text, /For how long/);
    await type(scene, 'one year', MAIJA, GROUP);
    assert.match((await type(scene, 'Send request', MAIJA, GROUP)).text, /Request #\d+ sent/);
    assert.equal((await scene.bot.app.store.extensions.pendingFor('m-trash'))?.justification, REASON);
  });

  it('an abandoned dialog expires: a question asked hours later is answered, with a word that the dialog was closed', async () => {
    await type(scene, 'extend');
    assert.match((await type(scene, 'Old orientation')).text, /Why must/);
    const store = scene.bot.app.store.botState;
    const key = `msteams/conversations/${personalConversation(MAIJA).id}/users/${MAIJA.id}/`;
    const stored = (await store.read([key]))[key];
    assert.ok(stored, 'the dialog is kept per person');
    await store.write({ [key]: { ...stored, lastTurnAt: new Date(Date.now() - 3 * 3_600_000).toISOString(), eTag: '*' } });

    const later = await type(scene, 'How long are videos kept?');
    assert.match(later.text, /unfinished extension request was closed after a long pause; nothing was sent/);
    assert.match(later.text, /two years/, 'the question is answered, not taken as a justification');
    assert.doesNotMatch((await type(scene, 'Send request')).text, /Request #\d+ sent/);
    assert.equal(await scene.bot.app.store.extensions.pendingFor('m-trash'), undefined);
  });

  it('a stale picker button picks the video it shows, not the one now at its place in the list', async () => {
    const older = await type(scene, 'extend');
    assert.match(older.text, /1\. Old orientation[^]*2\. Statistics lecture 1/);
    await type(scene, 'cancel');
    scene.panopto.addSession({ Id: 'm-older', Name: 'Statistics lecture 2', FolderId: 'lectures', Username: 'XAMK\\maija', StartTime: daysAgo(1000), CaptionDownloadUrl: 'https://x/cc', viewers: [daysAgo(725)] });
    await recrawl(scene);
    assert.match((await type(scene, 'extend')).text, /1\. Statistics lecture 2[^]*2\. Old orientation[^]*3\. Statistics lecture 1/);
    assert.match((await press(scene, older.buttons, /^2\. Statistics lecture 1$/)).text, /Why must "Statistics lecture 1"/);
  });

  it('an old "Send request" button sends nothing: not after the request was sent, nor into a newer dialog', async () => {
    await type(scene, 'extend');
    await type(scene, 'Old orientation');
    await type(scene, REASON);
    const summary = await type(scene, 'one year');
    assert.match((await press(scene, summary.buttons, /^Send request$/)).text, /Request #\d+ sent/);

    const again = await press(scene, summary.buttons, /^Send request$/);
    assert.match(again.text, /belongs to an extension request conversation that has ended/);
    assert.doesNotMatch(again.text, /I don't know|could not find an answer/i);

    await type(scene, 'extend');
    assert.match((await type(scene, 'Statistics lecture 1')).text, /Why must "Statistics lecture 1"/);
    const stale = await press(scene, summary.buttons, /^Send request$/);
    assert.match(stale.text, /belongs to an earlier question/);
    assert.match((await type(scene, REASON)).text, /For how long/, 'the newer dialog goes on where it was');
    const requests = await scene.bot.app.store.extensions.byOwner('maija@xamk.fi');
    assert.equal(requests.length, 1, 'only the one request');
  });

  it('a button of another card ("Yes" on a caption check, a follow-up question) does not answer the summary: nothing is sent', async () => {
    await type(scene, 'extend');
    await type(scene, 'Old orientation');
    await type(scene, REASON);
    await type(scene, 'one year');
    for (const choice of ['Yes', 'Kyllä', 'How long are videos kept in Panopto?']) {
      const clicked = await turn(scene, { ...message('', { user: MAIJA }), value: { choice } });
      assert.match(clicked.text, /belongs to an earlier question/, choice);
    }
    assert.equal((await scene.bot.app.store.extensions.byOwner('maija@xamk.fi')).length, 0, 'nothing was sent');
    assert.match((await type(scene, 'send')).text, /Request #\d+ sent/, 'a typed yes still sends');
  });

  it('a video already in the trash is asked about as such, and support sees it was in the trash', async () => {
    scene.panopto.addSession({ Id: 'm-trashed', Name: 'Archived seminar', FolderId: 'lectures', Username: 'XAMK\\maija', StartTime: daysAgo(1000), CaptionDownloadUrl: 'https://x/cc', viewers: [daysAgo(800)] });
    await recrawl(scene);
    await type(scene, 'extend');
    const why = await type(scene, 'Archived seminar');
    assert.match(why.text, /"Archived seminar" is already in the trash and will be deleted for good on .*\. Why must it be kept\?/);
    assert.doesNotMatch(why.text, /kept beyond/);
    await type(scene, REASON);
    await type(scene, 'Until a date I choose');
    assert.match((await type(scene, helsinkiDay(0))).text, /already in the trash, so the date must be in the future/);
    await type(scene, helsinkiDay(300));
    assert.match((await type(scene, 'Send request')).text, /Request #\d+ sent/);
    const card = scene.bot.connector.sent(SUPPORT_CHANNEL.id).map(replyText).join('\n');
    assert.match(rendered(card), /Archived seminar[^]*\(already in the trash when asked\)/);
    const tomorrow = helsinkiDay(1);
    assert.match(JSON.stringify(scene.bot.connector.sent(SUPPORT_CHANNEL.id)), new RegExp(`"Input.Date"[^}]*"min":"${tomorrow}"`), 'the date picker starts tomorrow');
  });
});
