import assert from 'node:assert/strict';
import { MAIJA, SUPPORT_CHANNEL, execute, personalConversation } from '../support/activities';
import { actionsOf, replyText } from '../support/cards';
import { botWithSupportChannel } from '../support/supportChannelBot';

/** "Not what I meant" on an answer the bot was not sure of forwards the question like an unanswered one. */

type InvokeBody = { type: string; value: unknown };

describe('Forwarding an answer the bot was not sure of', () => {
  const bot = botWithSupportChannel();

  // Retrieval decides how sure it is; the question is stored as asking it leaves it.
  const stored = (confidence: 'sure' | 'likely') =>
    bot.app.store.questions.recordQuestion({
      userId: MAIJA.id,
      userName: MAIJA.name,
      conversationId: personalConversation(MAIJA).id,
      language: 'en',
      text: 'Do my recordings expire when the course pauses for a year?',
      entryId: 'lifecycle',
      confidence,
      askedAt: new Date().toISOString(),
    });

  it('sends a hedged question to support once, and the card then says it was sent', async () => {
    const question = await stored('likely');
    const first = (await (await bot.post(execute('forwardToSupport', { questionId: question.id }))).json()) as InvokeBody;
    await bot.post(execute('forwardToSupport', { questionId: question.id }));
    const toSupport = bot.connector.sent(SUPPORT_CHANNEL.id);
    assert.equal(toSupport.length, 1);
    assert.match(replyText(toSupport[0] ?? {}), /A question the bot was not sure of/);
    assert.match(replyText(toSupport[0] ?? {}), /The bot answered\nVideo lifecycle/);
    assert.equal(first.type, 'application/vnd.microsoft.card.adaptive');
    const card = replyText({ attachments: [{ content: first.value }] });
    assert.match(card, /I think you are asking about/);
    assert.match(card, /Your question was sent to Xamk IT Service Desk/);
    assert.ok(actionsOf(first.value).every((a) => a.verb !== 'forwardToSupport'));
  });

  it('does not forward an answer the bot was sure of', async () => {
    const question = await stored('sure');
    const body = (await (await bot.post(execute('forwardToSupport', { questionId: question.id }))).json()) as InvokeBody;
    assert.match(String(body.value), /does not apply to this card/);
    assert.equal(bot.connector.sent(SUPPORT_CHANNEL.id).length, 0);
  });
});
