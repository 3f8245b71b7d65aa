import assert from 'node:assert/strict';
import { formatDate } from '../../bot/reminders/digestText';
import { captionDueDate } from '../../bot/rules/videoStatus';
import { MAIJA, message, personalConversation, type User } from '../support/activities';
import { replyText } from '../support/cards';
import { extensionScene, SANNA, type Scene } from '../support/extensionScene';
import { CAPTION_CASES, FULL_WAY } from './captionCheckDialog.cases';

const USERS: Record<'sanna' | 'maija', User> = { sanna: SANNA, maija: MAIJA };

describe('"Does my video need captions?" (the caption check dialog)', () => {
  let scene: Scene;
  before(async () => {
    scene = await extensionScene();
  });
  after(() => scene.stop());
  // Every case starts with no dialog open, whatever the previous one left.
  afterEach(async () => {
    for (const user of Object.values(USERS)) await say(user, 'cancel');
  });

  async function say(user: User, text: string, locale = 'en-US'): Promise<string> {
    const replies = await scene.bot.turn(message(text, { user, locale }));
    return replies.map(replyText).join('\n');
  }

  for (const c of CAPTION_CASES) {
    it(c.name, async () => {
      for (const [text, expected] of c.steps) assert.match(await say(USERS[c.who], text, c.locale), expected, `after "${text}"`);
      // The dialog is over: a question is answered as a question.
      assert.match(await say(USERS[c.who], 'How long are videos kept?'), /Video lifecycle/);
    });
  }

  describe('cancel works at every step, in English and Finnish, typed or clicked', () => {
    for (const who of ['sanna', 'maija'] as const) {
      for (const language of ['en', 'fi'] as const) {
        const way = FULL_WAY[who][language];
        // Step i: the bot has asked its i-th question (the last one is the publication date).
        for (let i = 1; i <= way.length; i++) {
          const word = language === 'en' ? (i % 2 === 0 ? 'Cancel' : 'stop') : i % 2 === 0 ? 'Peruuta' : 'lopeta';
          it(`${who}, ${language}: "${word}" at question ${i}`, async () => {
            const user = USERS[who];
            for (const text of way.slice(0, i)) await say(user, text);
            const reply = await say(user, word);
            assert.equal(reply.trim(), language === 'en' ? 'Cancelled.' : 'Peruttu.');
            assert.match(await say(user, 'How long are videos kept?'), /Video lifecycle/);
          });
        }
      }
    }
  });

  it('a video picked from the owner\'s own gets its due date from Panopto\'s publication date', async () => {
    const video = await scene.bot.app.store.videos.getVideo('m-other');
    assert.ok(video);
    const due = formatDate(captionDueDate(video.publishedAt, scene.bot.app.policy), 'en');
    for (const text of ['does my video need captions', 'Statistics lecture 1', 'No', 'No', 'No']) await say(MAIJA, text);
    const verdict = await say(MAIJA, 'English');
    assert.match(verdict, new RegExp(`They were due on \\*\\*${due}\\*\\*`));
    assert.doesNotMatch(verdict, /When was it published/);
  });

  it('its state lives with the extension dialog\'s, per person: a check left for hours is closed, and a question is answered', async () => {
    assert.match(await say(SANNA, 'does my video need captions'), /Is it a live stream\?/);
    assert.match(await say(SANNA, 'No, a recorded video'), /Is it audio only/);
    const store = scene.bot.app.store.botState;
    const key = `msteams/conversations/${personalConversation(SANNA).id}/users/${SANNA.id}/`;
    const stored = (await store.read([key]))[key];
    assert.ok(stored, 'the caption check is kept per person, where the extension dialog is kept');
    await store.write({ [key]: { ...stored, lastTurnAt: new Date(Date.now() - 3 * 3_600_000).toISOString(), eTag: '*' } });
    assert.match(await say(SANNA, 'How long are videos kept?'), /Video lifecycle/);
    assert.doesNotMatch(await say(SANNA, 'No'), /course material/, 'the old check is not resumed');
  });

  it('the dialog does not take over from another person\'s chat', async () => {
    await say(SANNA, 'does my video need captions');
    assert.match(await say(MAIJA, 'How long are videos kept?'), /Video lifecycle/);
  });
});
