import assert from 'node:assert/strict';
import { MAIJA, message, submit } from '../support/activities';
import { actionsOf, cardOf, replyText, type CardAction } from '../support/cards';
import { extensionScene, type Scene } from '../support/extensionScene';

/** An answer about a rule that a dialog acts on offers that dialog as a button, which works as if its words were typed. */

const CAPTION_RULES = ['caption_deadline', 'caption_course', 'media_alternative', 'audio', 'streaming', 'caption_language', 'asr_check'];
const BUTTON = { en: 'Does my video need captions?', fi: 'Tarvitseeko videoni tekstitykset?' } as const;

describe('Answer cards offer the dialog that acts on their rule', () => {
  let scene: Scene;
  before(async () => {
    scene = await extensionScene();
  });
  after(() => scene.stop());
  afterEach(() => scene.bot.turn(message('cancel')));

  async function ask(question: string, locale = 'en-US'): Promise<{ title: string; submits: CardAction[] }> {
    const [reply] = await scene.bot.turn(message(question, { locale }));
    const card = cardOf(reply ?? {});
    const title = ((card?.['body'] as Array<{ text?: string }> | undefined)?.[0]?.text) ?? '';
    return { title, submits: actionsOf(card).filter((a) => a.type === 'Action.Submit') };
  }

  async function click(action: CardAction | undefined, locale = 'en-US'): Promise<string> {
    assert.ok(action, 'the button is there');
    return (await scene.bot.turn(submit(action.data ?? {}, 'answer-card-1', { user: MAIJA, locale }))).map(replyText).join('\n');
  }

  for (const language of ['en', 'fi'] as const) {
    for (const id of CAPTION_RULES) {
      it(`the ${id} answer (${language}) offers "${BUTTON[language]}"`, async () => {
        const entry = scene.bot.app.knowledge.entry(id);
        assert.ok(entry);
        const { title, submits } = await ask(entry.text[language].questions[0] ?? '');
        assert.equal(title, entry.text[language].title);
        assert.ok(submits.some((a) => a.title === BUTTON[language]), submits.map((a) => a.title).join(', '));
      });
    }
  }

  it('the caption button starts the caption check, in the card\'s language', async () => {
    assert.match(await click((await ask('Do podcasts have to be subtitled?')).submits.find((a) => a.title === BUTTON.en)), /Is it one of your videos in Panopto\?/);
    await scene.bot.turn(message('cancel'));
    assert.match(await click((await ask('Pitääkö podcastit tekstittää?')).submits.find((a) => a.title === BUTTON.fi)), /Onko kyse jostakin Panopto-videostasi\?/);
  });

  it('the answer about keeping a video longer offers the extension request, which starts the dialog', async () => {
    const en = await ask('How do I keep my video longer?');
    assert.equal(en.title, "Extending a video's lifecycle");
    assert.match(await click(en.submits.find((a) => a.title === 'Request an extension')), /Which video should be kept longer\?/);
    await scene.bot.turn(message('cancel'));
    const fi = await ask('Miten saan videon säilymään pidempään?');
    assert.match(await click(fi.submits.find((a) => a.title === 'Pyydä pidennystä')), /Minkä videon säilytysaikaa haluat pidentää\?/);
  });

  it('other answers offer no dialog', async () => {
    const { title, submits } = await ask('How long are videos kept?');
    assert.match(title, /Video lifecycle/);
    assert.ok(!submits.some((a) => a.title === BUTTON.en || a.title === 'Request an extension'));
  });
});
