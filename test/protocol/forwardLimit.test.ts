import assert from 'node:assert/strict';
import { BotHarness } from '../support/botHarness';
import { MAIJA, MATTI, SUPPORT_CHANNEL, botAdded, execute, message, type User } from '../support/activities';
import { actionsOf, cardOf } from '../support/cards';
import { FORWARD_LIMIT } from '../../bot/answers/answerService';

describe('Forwarding to support is limited per person', () => {
  const bot = new BotHarness({ SUPPORT_CONVERSATION_ID: SUPPORT_CHANNEL.id });
  before(async () => {
    await bot.start();
    await bot.turn(botAdded({ conversation: SUPPORT_CHANNEL }));
  });
  after(() => bot.stop());

  async function forward(user: User, n: number): Promise<{ type: string; value: unknown }> {
    const [reply] = await bot.turn(message(`Can you book me meeting room ${n} for Friday?`, { user }));
    const questionId = Number(actionsOf(cardOf(reply ?? {})).find((a) => a.verb === 'forwardToSupport')?.data?.['questionId']);
    return (await (await bot.post(execute('forwardToSupport', { questionId }, { user }))).json()) as { type: string; value: unknown };
  }

  it(`sends ${FORWARD_LIMIT.max} questions an hour from one person, then says why the next is not sent`, async () => {
    for (let n = 1; n <= FORWARD_LIMIT.max; n++) assert.equal((await forward(MAIJA, n)).type, 'application/vnd.microsoft.card.adaptive');
    bot.connector.reset();
    const refused = await forward(MAIJA, 99);
    assert.equal(refused.type, 'application/vnd.microsoft.activity.message');
    assert.match(String(refused.value), /several questions in the last hour, so this one was not sent/);
    assert.equal(bot.connector.sent(SUPPORT_CHANNEL.id).length, 0, 'support gets nothing more');
  });

  it('"not helpful" votes count toward the same limit: a run of them cannot flood the support channel', async () => {
    const PEKKA: User = { id: '29:pekka-votes', name: 'Pekka Votes', aadObjectId: '00000000-0000-0000-0000-0000000000f7' };
    bot.connector.reset();
    for (let n = 0; n < FORWARD_LIMIT.max + 3; n++) {
      const [reply] = await bot.turn(message(n % 2 === 0 ? 'How long are videos kept in Panopto?' : 'Do podcasts have to be subtitled?', { user: PEKKA }));
      const questionId = Number(actionsOf(cardOf(reply ?? {})).find((a) => a.verb === 'feedback')?.data?.['questionId']);
      await bot.post(execute('feedback', { questionId, helpful: false }, { user: PEKKA }));
    }
    assert.equal(bot.connector.sent(SUPPORT_CHANNEL.id).length, FORWARD_LIMIT.max);
  });

  it('does not hold back anyone else', async () => {
    bot.connector.reset();
    assert.equal((await forward(MATTI, 1)).type, 'application/vnd.microsoft.card.adaptive');
    assert.equal(bot.connector.sent(SUPPORT_CHANNEL.id).length, 1);
  });
});
