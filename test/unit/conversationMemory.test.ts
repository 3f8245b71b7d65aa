import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { createLogger } from '../../bot/logger';
import { openSqliteStore } from '../../bot/storage/sqlite/sqliteStore';
import { ConversationMemory } from '../../bot/teams/rememberConversation';
import { message, type User } from '../support/activities';

describe('Conversation memory', () => {
  it('caches at most its bound of conversations and people, however many write, and still stores each', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-bot-memory-'));
    const store = openSqliteStore(path.join(dir, 'bot.db'));
    try {
      const memory = new ConversationMemory(store.conversations, createLogger('silent'), () => new Date(), 50);
      const adapter = new TestAdapter();
      for (let i = 0; i < 400; i++) {
        const user: User = { id: `29:user-${i}`, name: `User ${i}`, aadObjectId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}` };
        const activity = { ...message('hi', { user }), serviceUrl: 'http://127.0.0.1:1/' } as unknown as Activity;
        await memory.remember(new TurnContext(adapter, activity));
        assert.ok(memory.cachedEntries <= 100, `cache holds ${memory.cachedEntries} after ${i + 1} people`);
      }
      assert.equal((await store.conversations.getPerson('29:user-399'))?.name, 'User 399');
      assert.equal((await store.conversations.getPerson('29:user-0'))?.name, 'User 0');
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
