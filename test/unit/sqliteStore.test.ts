import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, openDatabase } from '../../bot/storage/sqlite/database';
import { openSqliteStore } from '../../bot/storage/sqlite/sqliteStore';
import type { Store } from '../../bot/storage/repositories';

describe('Embedded store (SQLite file)', () => {
  let dir: string;
  let store: Store;
  const file = () => path.join(dir, 'nested', 'bot.db');
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'));
    store = openSqliteStore(file());
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const ask = (userId: string, answeredBy: string | null) =>
    store.questions.recordQuestion({ userId, userName: 'U', conversationId: 'c1', language: 'en', text: 'q?', entryId: answeredBy ?? undefined, askedAt: '2026-11-26T10:00:00Z' });

  it('creates the file and its folder on first start, in WAL mode', () => {
    assert.ok(fs.existsSync(file()));
    const db = new Database(file(), { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });

  it('waits for the disk the same way on the first start as on every later one (WAL, synchronous NORMAL)', () => {
    const fresh = openDatabase(path.join(dir, 'fresh.db'));
    assert.equal(fresh.pragma('synchronous', { simple: true }), 1);
    fresh.close();
    const reopened = openDatabase(path.join(dir, 'fresh.db'));
    assert.equal(reopened.pragma('synchronous', { simple: true }), 1);
    reopened.close();
  });

  it('keeps people and conversations across a restart, finding a person by e-mail in any case', async () => {
    await store.conversations.savePerson({ userId: '29:a', aadObjectId: 'aad-a', name: 'A', email: 'A.Person@Xamk.fi', userPrincipalName: undefined, locale: 'fi-FI', personalConversationId: 'a:1', updatedAt: 't1' });
    await store.close();
    store = openSqliteStore(file());
    assert.equal((await store.conversations.findPersonByEmail('a.person@xamk.fi'))?.userId, '29:a');
  });

  it('does not forget an e-mail when a later event knows less', async () => {
    const base = { userId: '29:a', aadObjectId: 'aad-a', name: 'A', userPrincipalName: undefined, locale: undefined, personalConversationId: undefined };
    await store.conversations.savePerson({ ...base, email: 'a@xamk.fi', updatedAt: 't1' });
    await store.conversations.savePerson({ ...base, email: undefined, updatedAt: 't2' });
    assert.equal((await store.conversations.getPerson('29:a'))?.email, 'a@xamk.fi');
  });

  it('welcomes a conversation once', async () => {
    await store.conversations.saveConversation({ conversationId: 'c1', kind: 'personal', tenantId: 't', serviceUrl: 'http://x/', reference: {}, updatedAt: 't' });
    assert.equal(await store.conversations.markWelcomed('c1', 't'), true);
    assert.equal(await store.conversations.markWelcomed('c1', 't'), false);
  });

  it('takes one vote per answer, from the asker only', async () => {
    const q = await ask('u1', 'lifecycle');
    assert.equal(await store.questions.recordFeedback(q.id, 'u2', true, 't'), 'not-asker');
    assert.equal(await store.questions.recordFeedback(q.id, 'u1', true, 't'), 'recorded');
    assert.equal(await store.questions.recordFeedback(q.id, 'u1', false, 't'), 'already-recorded');
    assert.equal(await store.questions.recordFeedback(9999, 'u1', false, 't'), 'not-found');
    assert.deepEqual(await store.questions.feedbackSummary(), [{ entryId: 'lifecycle', helpful: 1, notHelpful: 0 }]);
  });

  it('lets one forward claim win, even from two connections at once', async () => {
    const q = await ask('u1', null);
    const other = openSqliteStore(file());
    try {
      const claims = await Promise.all([store.questions.claimForward(q.id, 'u1', 't'), other.questions.claimForward(q.id, 'u1', 't')]);
      assert.deepEqual(claims.sort(), ['already-forwarded', 'claimed']);
    } finally {
      await other.close();
    }
    await store.questions.releaseForward(q.id);
    assert.equal(await store.questions.claimForward(q.id, 'u1', 't'), 'claimed');
    assert.equal(await store.questions.claimForward((await ask('u1', 'lifecycle')).id, 'u1', 't'), 'not-unanswered');
  });

  it('takes one support answer per question, even from two connections at once, and keeps learned phrasings', async () => {
    const q = await ask('u1', null);
    const other = openSqliteStore(file());
    const answer = (by: string) => ({ at: '2026-12-03T12:05:00Z', by, byName: by, entryId: 'lifecycle', reply: undefined });
    try {
      const claims = await Promise.all([store.questions.claimSupportAnswer(q.id, answer('s1')), other.questions.claimSupportAnswer(q.id, answer('s2'))]);
      assert.deepEqual(claims.sort(), ['already-answered', 'claimed']);
      assert.equal(await store.questions.claimSupportAnswer(9999, answer('s1')), 'not-found');
      const phrasing = await other.learned.add({ entryId: 'lifecycle', language: 'en', text: 'q?', questionId: q.id, learnedBy: 's1', learnedByName: 'S', learnedAt: 't' });
      assert.deepEqual((await store.learned.all()).map((p) => p.id), [phrasing.id]);
      assert.equal((await store.learned.remove(phrasing.id))?.text, 'q?');
      assert.equal(await other.learned.remove(phrasing.id), undefined, 'removed once');
    } finally {
      await other.close();
    }
    assert.equal((await store.questions.supportAnswersInFlight('2100-01-01T00:00:00Z')).length, 1, 'claimed, not yet delivered');
    await store.questions.markSupportAnswerDelivered(q.id, '2026-12-03T12:05:01Z');
    assert.deepEqual(await store.questions.supportAnswersInFlight('2100-01-01T00:00:00Z'), []);
    await store.questions.releaseSupportAnswer(q.id);
    assert.equal((await store.questions.getQuestion(q.id))?.supportAnswer, undefined);
  });

  it('counts questions forwarded before delivery was tracked as delivered, so an upgrade sends nothing again', async () => {
    const old = new Database(path.join(dir, 'v3.db'));
    for (const migration of MIGRATIONS.slice(0, 3)) old.exec(migration);
    old.pragma('user_version = 3');
    old.prepare("INSERT INTO questions (user_id, conversation_id, language, text, asked_at, forwarded_at) VALUES ('u', 'c', 'en', 'q?', 't', '2026-01-01T00:00:00Z')").run();
    old.close();
    const upgraded = openSqliteStore(path.join(dir, 'v3.db'));
    assert.deepEqual(await upgraded.questions.forwardsInFlight('2100-01-01T00:00:00Z'), []);
    await upgraded.close();
  });

  it('refuses to run an older bot on a newer database', async () => {
    await store.close();
    const db = new Database(file());
    db.pragma('user_version = 99');
    db.close();
    assert.throws(() => openSqliteStore(file()), /newer than this bot/);
    store = openSqliteStore(path.join(dir, 'other.db'));
  });
});
