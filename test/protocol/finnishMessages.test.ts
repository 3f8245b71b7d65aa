import assert from 'node:assert/strict';
import { MAIJA, execute, message } from '../support/activities';
import { actionsOf, cardOf, replyText } from '../support/cards';
import { botWithSupportChannel } from '../support/supportChannelBot';

const FI = { locale: 'fi-FI' };
const invokeText = async (response: Response): Promise<string> => {
  const body = (await response.json()) as { type: string; value: unknown };
  return typeof body.value === 'string' ? body.value : replyText({ attachments: [{ content: body.value }] });
};

/** The support team is named from the policy, in the case each Finnish sentence needs, never as "tuki". */
describe('A Finnish user meets the support team by its name', () => {
  const bot = botWithSupportChannel();

  async function askUnanswerable(): Promise<{ text: string; questionId: number }> {
    const [reply] = await bot.turn(message('Voitko varata minulle neuvotteluhuoneen perjantaiksi?', FI));
    const forward = actionsOf(cardOf(reply ?? {})).find((a) => a.verb === 'forwardToSupport');
    assert.ok(forward, 'the unknown card offers to forward the question');
    return { text: replyText(reply ?? {}), questionId: Number(forward.data?.['questionId']) };
  }

  it('offers to forward a question to it (allative) and says the question went there', async () => {
    const { text, questionId } = await askUnanswerable();
    assert.match(text, /Voin välittää kysymyksesi Xamkin IT-palvelupisteelle\./);
    assert.match(text, /Välitä kysymys/);
    assert.match(await invokeText(await bot.post(execute('forwardToSupport', { questionId }, FI))), /Kysymyksesi on välitetty Xamkin IT-palvelupisteelle\./);
  });

  it('says it could not reach it (illative) when the support channel refuses', async () => {
    const { questionId } = await askUnanswerable();
    bot.connector.failNext.push({ status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'not in roster' } } });
    const text = await invokeText(await bot.post(execute('forwardToSupport', { questionId }, { ...FI, user: MAIJA })));
    assert.match(text, /En saanut juuri nyt yhteyttä Xamkin IT-palvelupisteeseen, joten mitään ei lähetetty\./);
  });
});
