import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { BotHarness } from '../support/botHarness';
import { message } from '../support/activities';

describe('Redelivery: the same activity delivered twice is answered and stored once', () => {
  const bot = new BotHarness();
  before(() => bot.start());
  after(() => bot.stop());
  afterEach(() => bot.connector.reset());

  const questionsStored = (): number => {
    const db = new Database(bot.databaseFile, { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM questions').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('takes two copies arriving at the same time once, and answers 200 to both', async () => {
    const before = questionsStored();
    const activity = message('How long are videos kept?');
    const responses = await Promise.all([bot.post(activity), bot.post(activity)]);
    assert.deepEqual(responses.map((r) => r.status), [200, 200]);
    assert.equal(bot.connector.sent().length, 1);
    assert.equal(questionsStored(), before + 1);
  });

  it('takes a copy arriving after the first was answered once too', async () => {
    const activity = message('Who owns a recording?');
    await bot.post(activity);
    await bot.post(activity);
    assert.equal(bot.connector.sent().length, 1);
  });

  it('answers the same text sent again as a new message (another id)', async () => {
    await bot.post(message('Who owns a recording?'));
    await bot.post(message('Who owns a recording?'));
    assert.equal(bot.connector.sent().length, 2);
  });

  it('ids are per conversation: the same id in another conversation is another activity', async () => {
    const first = message('Who owns a recording?');
    await bot.post(first);
    await bot.post({ ...message('Who owns a recording?'), id: first.id, conversation: { id: 'a:other-chat', conversationType: 'personal', tenantId: 'tenant-1' } });
    assert.equal(bot.connector.sent().length, 2);
  });
});
