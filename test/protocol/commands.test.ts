import assert from 'node:assert/strict';
import { MAIJA, SUPPORT_CHANNEL, message, type User } from '../support/activities';
import { DIGEST_LABELS } from '../../bot/reminders/digestText';
import { actionsOf, cardOf, replyText } from '../support/cards';
import { extensionScene, SANNA, TIINA, type Scene } from '../support/extensionScene';

/**
 * Typed commands through the real server: each in both languages (the words typed decide the reply's language,
 * whatever the Teams locale), where each works, and who may use it.
 */

async function say(scene: Scene, text: string, options: { user?: User; locale?: string; channel?: boolean } = {}): Promise<string> {
  const conversation = options.channel === true ? SUPPORT_CHANNEL : undefined;
  const replies = await scene.bot.turn(message(text, { user: options.user ?? MAIJA, locale: options.locale ?? 'en-US', ...(conversation === undefined ? {} : { conversation }) }));
  return replies.map(replyText).join('\n');
}

interface CommandCase {
  typed: string;
  /** The Teams locale says the other language: the reply must follow the words. */
  locale: string;
  expected: RegExp;
  user?: User;
}

const EACH_COMMAND: CommandCase[] = [
  { typed: 'help', locale: 'fi-FI', expected: /What I can do/ },
  { typed: 'ohje', locale: 'en-US', expected: /Mitä osaan/ },
  { typed: 'Hello!', locale: 'fi-FI', expected: /What I can do/ },
  { typed: 'moi', locale: 'en-US', expected: /Mitä osaan/ },
  { typed: 'my videos', locale: 'fi-FI', expected: /Your Panopto videos/ },
  { typed: 'omat videot', locale: 'en-US', expected: /Panopto-videosi/ },
  { typed: 'extend', locale: 'fi-FI', expected: /Which video should be kept longer\?/ },
  { typed: 'pidennä', locale: 'en-US', expected: /Minkä videon säilytysaikaa haluat pidentää\?/ },
  { typed: 'my requests', locale: 'fi-FI', expected: /Your extension requests/ },
  { typed: 'omat pyynnöt', locale: 'en-US', expected: /Pidennyspyyntösi/ },
  { typed: 'Does my video need captions?', locale: 'fi-FI', expected: /Is it one of your videos in Panopto\?/ },
  { typed: 'tarvitseeko videoni tekstitykset?', locale: 'en-US', expected: /Onko kyse jostakin Panopto-videostasi\?/ },
  { typed: 'cancel', locale: 'fi-FI', expected: /There is nothing to cancel/ },
  { typed: 'peruuta', locale: 'en-US', expected: /Ei mitään peruttavaa/ },
  { typed: 'pending', locale: 'fi-FI', user: SANNA, expected: /Open extension requests[^]*decided on their cards in the support channel/ },
  { typed: 'odottavat', locale: 'en-US', user: SANNA, expected: /Open extension requests[^]*päätetään niiden korteilla käsittelijöiden kanavalla/ },
];

describe('Typed commands (one table: phrases per language, scope, who may use them)', () => {
  let scene: Scene;
  before(async () => {
    scene = await extensionScene();
  });
  after(() => scene.stop());
  // A dialog left open by one case must not swallow the next case's command.
  afterEach(async () => {
    for (const user of [MAIJA, SANNA]) await say(scene, 'cancel', { user });
  });

  describe('each command, in both languages, in a 1:1 chat', () => {
    for (const c of EACH_COMMAND) {
      it(`"${c.typed}" (Teams locale ${c.locale})`, async () => {
        assert.match(await say(scene, c.typed, { user: c.user, locale: c.locale }), c.expected);
      });
    }
  });

  describe('scope: commands about one person\'s own videos work in 1:1 chat only', () => {
    for (const [typed, expected] of [
      ['my videos', /\*\*my videos\*\* works in our 1:1 chat/],
      ['omat videot', /\*\*omat videot\*\* toimii kahdenkeskisessä keskustelussamme/],
      ['extend', /\*\*extend\*\* works in our 1:1 chat/],
      ['does my video need captions', /works in our 1:1 chat/],
      ['pyyntöni', /\*\*omat pyynnöt\*\* toimii kahdenkeskisessä/],
    ] as const) {
      it(`"${typed}" in the support channel points to the 1:1 chat and lists nothing`, async () => {
        const reply = await say(scene, typed, { user: SANNA, channel: true });
        assert.match(reply, expected);
        assert.doesNotMatch(reply, /Old orientation|Statistics lecture/);
      });
    }

    it('"pending" in the support channel lists the requests, without the pointer to the channel', async () => {
      const reply = await say(scene, 'pending', { user: SANNA, channel: true });
      assert.match(reply, /Open extension requests/);
      assert.doesNotMatch(reply, /support channel/);
    });
  });

  describe('who: "pending" is for support staff', () => {
    it('an owner who is not support staff is refused clearly in 1:1, in English and Finnish, and sees no list', async () => {
      const en = await say(scene, 'pending');
      assert.match(en, /\*\*pending\*\* is for support staff\. Your own extension requests are under \*\*my requests\*\*/);
      assert.doesNotMatch(en, /Open extension requests/);
      assert.match(await say(scene, 'odottavat'), /\*\*odottavat\*\* on vain pidennyspyyntöjen käsittelijöille/);
    });

    it('a member of the support channel\'s team (not a configured support user) typing it in 1:1 gets the list and is pointed to the support channel', async () => {
      const reply = await say(scene, 'pending', { user: TIINA });
      assert.doesNotMatch(reply, /Only support staff/);
      assert.match(reply, /Open extension requests[^]*decided on their cards in the support channel/);
    });

    it("the same team member typing 'learned' in 1:1 sees what the bot was taught, not a refusal", async () => {
      const reply = await say(scene, 'learned', { user: TIINA });
      assert.doesNotMatch(reply, /Only support staff|is for support staff/);
      assert.match(reply, /learned|taught/i);
    });

    it('someone who is neither is refused in the support channel too', async () => {
      scene.bot.connector.channelMembers.get(SUPPORT_CHANNEL.id)?.delete(TIINA.id);
      try {
        assert.match(await say(scene, 'pending', { user: TIINA, channel: true }), /is for support staff/);
      } finally {
        scene.bot.connector.channelMembers.get(SUPPORT_CHANNEL.id)?.add(TIINA.id);
      }
    });
  });

  describe('"omat videot" and "omat pyynnöt" answer wholly in Finnish, whatever the Teams locale', () => {
    const english = (labels: Record<string, string>) => Object.values(labels).map((l) => l.split(/[{(]/)[0]?.trim() ?? '').filter((l) => l.length > 3);

    it('"omat videot": every label and status on the card is Finnish', async () => {
      const text = await say(scene, 'omat videot', { locale: 'en-US' });
      assert.match(text, /Old orientation[^]*Siirtyy roskakoriin/);
      assert.match(text, /Pyydä pidennystä/);
      for (const label of english(DIGEST_LABELS.en)) assert.ok(!text.includes(label), `English "${label}" on the Finnish card`);
      assert.doesNotMatch(text, /Moves to the trash|Captions due|days ago|in \d+ days/);
    });

    it('"omat pyynnöt": heading and states in Finnish', async () => {
      await say(scene, 'pidennä');
      await say(scene, 'Old orientation');
      await say(scene, 'Sitä käytetään logistiikan kurssilla joka kevät vuoteen 2028 asti.');
      await say(scene, 'yksi vuosi');
      await say(scene, 'Lähetä pyyntö');
      const text = await say(scene, 'omat pyynnöt', { locale: 'en-US' });
      assert.match(text, /Pidennyspyyntösi[^]*Old orientation[^]*odottaa päätöstä/);
      assert.doesNotMatch(text, /Your extension requests|pending/);
    });
  });

  describe('the help card is generated from the same table', () => {
    const lines = async (text: string, options: { user?: User; channel?: boolean } = {}) => {
      const [reply] = await scene.bot.turn(message(text, { user: options.user ?? MAIJA, ...(options.channel === true ? { conversation: SUPPORT_CHANNEL } : {}) }));
      return { text: replyText(reply ?? {}), choices: actionsOf(cardOf(reply ?? {})).map((a) => a.data?.['choice']) };
    };

    it('lists what the bot does for an owner in English, each line a button that runs it; no support commands', async () => {
      const { text, choices } = await lines('help');
      for (const line of ['does my video need captions', 'my videos', 'extend', 'my requests', 'cancel']) {
        assert.match(text, new RegExp(`\\*\\*${line}\\*\\*: `), line);
        assert.ok(choices.includes(line), `a button for ${line}`);
      }
      assert.doesNotMatch(text, /pending/);
    });

    it('in Finnish, with the Finnish phrases', async () => {
      const { text } = await lines('ohje');
      for (const line of ['tarvitseeko videoni tekstitykset', 'omat videot', 'pidennä', 'omat pyynnöt', 'peruuta']) assert.match(text, new RegExp(`\\*\\*${line}\\*\\*: `), line);
      assert.doesNotMatch(text, /\*\*(my videos|extend|help)\*\*/);
    });

    it('support staff also see "pending"', async () => {
      assert.match((await lines('help', { user: SANNA })).text, /\*\*pending\*\*: extension requests waiting/);
      assert.match((await lines('help', { user: TIINA })).text, /\*\*pending\*\*/);
    });

    it('in a channel it lists only what works there', async () => {
      const { text } = await lines('help', { user: SANNA, channel: true });
      assert.match(text, /\*\*pending\*\*/);
      assert.doesNotMatch(text, /\*\*my videos\*\*|\*\*extend\*\*/);
    });
  });
});
