import assert from 'node:assert/strict';
import { BotHarness } from '../support/botHarness';
import { MAIJA, MATTI, SUPPORT_CHANNEL, execute, message } from '../support/activities';
import { actionsOf, cardOf, replyText } from '../support/cards';
import { botWithSupportChannel } from '../support/supportChannelBot';

async function askUnanswerable(bot: BotHarness, user = MAIJA): Promise<number> {
  const [reply] = await bot.turn(message('Can you book me a meeting room for Friday?', { user }));
  const forward = actionsOf(cardOf(reply ?? {})).find((a) => a.verb === 'forwardToSupport');
  assert.ok(forward, 'the unknown card offers to ask support');
  return Number(forward.data?.['questionId']);
}

const invokeBody = async (response: Response) => (await response.json()) as { type: string; value: unknown };

describe('Forwarding a question the bot cannot answer to support', () => {
  describe('with a support channel configured', () => {
    const bot = botWithSupportChannel();

    it('posts the question to the support channel once and tells the asker', async () => {
      const questionId = await askUnanswerable(bot);
      const first = await invokeBody(await bot.post(execute('forwardToSupport', { questionId })));
      const second = await invokeBody(await bot.post(execute('forwardToSupport', { questionId })));
      const toSupport = bot.connector.sent(SUPPORT_CHANNEL.id);
      assert.equal(toSupport.length, 1, 'a double click sends one message');
      assert.match(replyText(toSupport[0] ?? {}), /meeting room/);
      assert.match(replyText(toSupport[0] ?? {}), new RegExp(MAIJA.name));
      for (const body of [first, second]) {
        assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
        assert.match(replyText({ attachments: [{ content: body.value }] }), /was sent to Xamk IT Service Desk/);
      }
    });

    it('shows a question typed with Markdown to support as plain text', async () => {
      const [reply] = await bot.turn(message('**Urgent** [click](http://evil.example) _now_ about the canteen menu'));
      const questionId = Number(actionsOf(cardOf(reply ?? {})).find((a) => a.verb === 'forwardToSupport')?.data?.['questionId']);
      await bot.post(execute('forwardToSupport', { questionId }));
      const text = replyText(bot.connector.sent(SUPPORT_CHANNEL.id)[0] ?? {});
      assert.match(text, /\\\*\\\*Urgent\\\*\\\* \\\[click\]\(http:\/\/evil\.example\) \\_now\\_/);
    });

    it('lets only the asker forward their question', async () => {
      const questionId = await askUnanswerable(bot, MAIJA);
      const body = await invokeBody(await bot.post(execute('forwardToSupport', { questionId }, { user: MATTI })));
      assert.match(String(body.value), /Only the person who asked/);
      assert.equal(bot.connector.sent(SUPPORT_CHANNEL.id).length, 0);
    });

    it('sends a forward cut short by a crash (claimed, never sent) on the next daily run, once', async () => {
      const questionId = await askUnanswerable(bot);
      // What a bot that stopped between claiming the forward and sending it leaves behind.
      assert.equal(await bot.app.store.questions.claimForward(questionId, MAIJA.id, new Date(Date.now() - 3_600_000).toISOString()), 'claimed');
      const inFlightNow = await askUnanswerable(bot);
      assert.equal(await bot.app.store.questions.claimForward(inFlightNow, MAIJA.id, new Date().toISOString()), 'claimed');

      await bot.app.reminders.service.runOnce();
      await bot.app.reminders.service.runOnce();
      const toSupport = bot.connector.sent(SUPPORT_CHANNEL.id);
      assert.equal(toSupport.length, 1, 'sent once; a forward claimed moments ago may still be on its way and is left alone');
      assert.match(replyText(toSupport[0] ?? {}), /meeting room/);
      assert.ok((await bot.app.store.questions.forwardsInFlight(new Date(Date.now() - 600_000).toISOString())).every((q) => q.id !== questionId));
    });

    it('sends nothing and lets the asker retry when support cannot be reached', async () => {
      const questionId = await askUnanswerable(bot);
      bot.connector.failNext.push({ status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'not in roster' } } });
      const failed = await invokeBody(await bot.post(execute('forwardToSupport', { questionId })));
      assert.match(String(failed.value), /could not reach support just now, so nothing was sent/);
      assert.equal((await bot.app.store.questions.getQuestion(questionId))?.forwardedAt, undefined);
      const retried = await invokeBody(await bot.post(execute('forwardToSupport', { questionId })));
      assert.equal(retried.type, 'application/vnd.microsoft.card.adaptive');
    });
  });

  it('says how to reach support when no support channel is configured', async () => {
    const bot = await new BotHarness().start();
    try {
      const questionId = await askUnanswerable(bot);
      const body = await invokeBody(await bot.post(execute('forwardToSupport', { questionId })));
      assert.match(String(body.value), /not set up yet\. Please e-mail servicedesk@xamk\.fi/);
    } finally {
      await bot.stop();
    }
  });

  it('explains when the bot has not yet been added to the support channel', async () => {
    const bot = await new BotHarness({ SUPPORT_CONVERSATION_ID: '19:never-seen@thread.tacv2' }).start();
    try {
      const questionId = await askUnanswerable(bot);
      const body = await invokeBody(await bot.post(execute('forwardToSupport', { questionId })));
      assert.match(String(body.value), /nothing was sent/);
      assert.ok(bot.logLines.some((line) => line.includes('add the bot to that team/channel')));
    } finally {
      await bot.stop();
    }
  });
});
