import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, openDatabase } from '../../bot/storage/sqlite/database';
import { openSqliteStore } from '../../bot/storage/sqlite/sqliteStore';
import type { Store } from '../../bot/storage/repositories';

// What every backend does is specified in test/storage/; this is what only the SQLite file does.
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
