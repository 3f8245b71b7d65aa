import assert from 'node:assert/strict';
import { BotHarness } from '../support/botHarness';
import { MAIJA, MATTI, botAdded, installed, message, personalConversation } from '../support/activities';
import { replyText } from '../support/cards';

describe('Installing the bot and remembering who it can reach', () => {
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await new BotHarness().start();
    bot.connector.members.set(MAIJA.id, {
      id: MAIJA.id,
      name: MAIJA.name,
      aadObjectId: MAIJA.aadObjectId,
      email: 'maija.meikalainen@xamk.fi',
      userPrincipalName: 'maija.meikalainen@xamk.fi',
    });
  });
  afterEach(() => bot.stop());

  it('welcomes once, however many install events Teams sends', async () => {
    const first = await bot.turn(installed({ locale: 'fi-FI' }));
    const second = await bot.turn(botAdded({ locale: 'fi-FI' }));
    assert.equal(first.length, 1);
    assert.match(replyText(first[0] ?? {}), /Hei! Vastaan Panopton sääntöjä/);
    assert.equal(second.length, 0);
  });

  it('stores the conversation reference with the Entra id and the e-mail from the roster', async () => {
    await bot.turn(installed());
    const person = await bot.app.store.conversations.findPersonByEmail('MAIJA.meikalainen@xamk.fi');
    assert.equal(person?.aadObjectId, MAIJA.aadObjectId);
    assert.equal(person?.personalConversationId, personalConversation(MAIJA).id);
    const conversation = await bot.app.store.conversations.getConversation(personalConversation(MAIJA).id);
    assert.equal(conversation?.serviceUrl, bot.connector.url);
    assert.equal((conversation?.reference['user'] as { aadObjectId?: string })?.aadObjectId, MAIJA.aadObjectId);
    assert.ok(await bot.app.store.conversations.findPersonByAadObjectId(MAIJA.aadObjectId));
  });

  it('asks the roster once per person, not on every message', async () => {
    await bot.turn(message('help'));
    await bot.turn(message('help'));
    const rosterCalls = bot.connector.calls.filter((c) => c.method === 'GET' && c.path.includes('/members/'));
    assert.equal(rosterCalls.length, 1);
  });

  it('still answers when the roster cannot be read, and remembers the person by Entra id', async () => {
    const [reply] = await bot.turn(message('Who owns my recordings?', { user: MATTI }));
    assert.match(replyText(reply ?? {}), /author/);
    const person = await bot.app.store.conversations.findPersonByAadObjectId(MATTI.aadObjectId);
    assert.equal(person?.email, undefined);
    assert.equal(person?.personalConversationId, personalConversation(MATTI).id);
  });

  it('keeps what it learnt across a restart (the SQLite file survives)', async () => {
    await bot.turn(installed());
    const dir = bot.dir;
    await bot.stop({ keepFiles: true });
    bot = await new BotHarness().start({ dir });
    assert.equal((await bot.app.store.conversations.findPersonByEmail('maija.meikalainen@xamk.fi'))?.userId, MAIJA.id);
    assert.equal((await bot.turn(installed())).length, 0, 'no second welcome after a restart');
  });
});
