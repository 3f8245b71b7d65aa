import assert from 'node:assert/strict';
import { BotHarness } from '../support/botHarness';
import { MAIJA, MATTI, execute, message, personalConversation, submit } from '../support/activities';
import { actionsOf, cardOf, replyText } from '../support/cards';

describe('Asking about the rules in Teams (HTTP into /api/messages, fake connector)', () => {
  const bot = new BotHarness();
  before(() => bot.start());
  after(() => bot.stop());
  beforeEach(() => bot.connector.reset());

  it('answers an English question with an answer card sent to the conversation', async () => {
    const [reply, ...rest] = await bot.turn(message('How long are videos kept?'));
    assert.equal(rest.length, 0);
    assert.ok(reply);
    const text = replyText(reply);
    assert.match(text, /two years/);
    assert.match(text, /last view/);
    const card = cardOf(reply);
    assert.equal(card?.['version'], '1.5');
    const actions = actionsOf(card);
    assert.ok(actions.some((a) => a.type === 'Action.OpenUrl' && a.url?.startsWith('https://')), 'links to the rules page');
    assert.ok(actions.some((a) => a.type === 'Action.Submit' && typeof a.data?.['choice'] === 'string'), 'offers follow-ups');
    assert.ok(actions.some((a) => a.type === 'Action.Execute' && a.verb === 'feedback' && a.fallback?.type === 'Action.Submit'));
  });

  it('answers a Finnish question in Finnish, whatever the Teams locale says', async () => {
    const [reply] = await bot.turn(message('Kuinka kauan videot säilyvät?', { locale: 'en-US' }));
    assert.ok(reply);
    const text = replyText(reply);
    assert.match(text, /kaksi vuotta/);
    assert.match(text, /katselu/);
    assert.match(text, /Oliko vastauksesta apua/);
  });

  it('says it does not know, without stating any rule, and offers support', async () => {
    const [reply] = await bot.turn(message('What is for lunch in the canteen today?'));
    assert.ok(reply);
    const text = replyText(reply);
    assert.match(text, /don't know/);
    assert.doesNotMatch(text, /180|two years|14 days|NORDUnet/);
    assert.ok(actionsOf(cardOf(reply)).some((a) => a.verb === 'forwardToSupport'));
  });

  it('a follow-up button asks its question, as if typed', async () => {
    const [answer] = await bot.turn(message('How long are videos kept?'));
    const followUp = actionsOf(cardOf(answer ?? {})).find((a) => a.type === 'Action.Submit' && /trash/.test(String(a.data?.['choice'])));
    assert.ok(followUp, 'a follow-up about the trash');
    const [reply] = await bot.turn({ ...message(''), text: undefined, value: followUp.data });
    assert.match(replyText(reply ?? {}), /stays there for 180 days/);
  });

  it('strips an @mention in a channel before answering', async () => {
    const channel = { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1', isGroup: true };
    const activity = {
      ...message('<at>Panopto rules</at> do podcasts need captions?', { conversation: channel }),
      entities: [{ type: 'mention', text: '<at>Panopto rules</at>', mentioned: { id: '28:bot-app-id', name: 'Panopto rules' } }],
    };
    const [reply] = await bot.turn(activity);
    assert.ok(reply);
    assert.match(replyText(reply), /podcast/i);
  });

  it('answers "help" and "ohje" with the help card in the right language', async () => {
    const [en] = await bot.turn(message('help'));
    const [fi] = await bot.turn(message('ohje'));
    assert.match(replyText(en ?? {}), /What I can do/);
    assert.match(replyText(fi ?? {}), /Mitä osaan/);
  });

  it('asks for a question when the message is empty, and for a shorter one when it is huge', async () => {
    const [empty] = await bot.turn(message('   '));
    assert.match(String(empty?.['text']), /type a question/);
    const [huge] = await bot.turn(message('captions '.repeat(400)));
    assert.match(String(huge?.['text']), /too long/);
  });

  describe('feedback on an answer', () => {
    async function askAndGetQuestionId(user = MAIJA): Promise<number> {
      const [reply] = await bot.turn(message('Do podcasts have to be subtitled?', { user }));
      const feedback = actionsOf(cardOf(reply ?? {})).find((a) => a.verb === 'feedback');
      return Number(feedback?.data?.['questionId']);
    }

    it('records a vote and returns the card updated in place, once', async () => {
      const questionId = await askAndGetQuestionId();
      const first = await bot.post(execute('feedback', { questionId, helpful: true }));
      assert.equal(first.status, 200);
      const body = (await first.json()) as { statusCode: number; type: string; value: unknown };
      assert.equal(body.statusCode, 200);
      assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
      assert.match(replyText({ attachments: [{ content: body.value }] }), /Thanks, your feedback was recorded/);
      assert.ok(!actionsOf(body.value).some((a) => a.verb === 'feedback'), 'no second vote offered');

      await bot.post(execute('feedback', { questionId, helpful: false }));
      const question = await bot.app.store.questions.getQuestion(questionId);
      assert.equal(question?.helpful, true, 'a double click keeps the first vote');
    });

    it('refuses a vote from someone who did not ask, and changes nothing', async () => {
      const questionId = await askAndGetQuestionId(MAIJA);
      const response = await bot.post(execute('feedback', { questionId, helpful: false }, { user: MATTI }));
      const body = (await response.json()) as { type: string; value: string };
      assert.equal(body.type, 'application/vnd.microsoft.activity.message');
      assert.match(body.value, /Only the person who asked/);
      assert.equal((await bot.app.store.questions.getQuestion(questionId))?.helpful, undefined);
    });

    it('rejects forged card data with a clear message', async () => {
      for (const data of [{ questionId: 'drop table', helpful: true }, { questionId: -1, helpful: true }, { questionId: 1 }, null]) {
        const response = await bot.post(execute('feedback', data));
        const body = (await response.json()) as { type: string; value: string };
        assert.equal(body.type, 'application/vnd.microsoft.activity.message', JSON.stringify(data));
        assert.match(body.value, /does not apply/);
      }
    });

    it('answers an unknown verb with an invoke error', async () => {
      const response = await bot.post(execute('deleteEverything', { questionId: 1 }));
      const body = (await response.json()) as { statusCode: number; type: string };
      assert.equal(body.statusCode, 400);
      assert.equal(body.type, 'application/vnd.microsoft.error');
    });

    it('handles the Action.Submit fallback by editing the card in place', async () => {
      const questionId = await askAndGetQuestionId();
      const sent = await bot.turn(submit({ verb: 'feedback', questionId, helpful: 'false' }, 'activity-42'));
      assert.equal(sent.length, 0);
      const [update] = bot.connector.updates(personalConversation(MAIJA).id);
      assert.equal(update?.activityId, 'activity-42');
      assert.match(replyText(update?.body ?? {}), /Thanks, your feedback was recorded/);
      assert.equal((await bot.app.store.questions.getQuestion(questionId))?.helpful, false);
    });
  });
});
