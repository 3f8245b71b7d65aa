import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Opens (and on first start creates) the embedded store, and brings its schema up to date. */

export type Db = Database.Database;

// Append only: a migration that has shipped is never edited, so every existing file can be brought forward.
const MIGRATIONS: string[] = [
  `CREATE TABLE conversations (
     conversation_id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     tenant_id TEXT,
     service_url TEXT NOT NULL,
     reference_json TEXT NOT NULL,
     welcomed_at TEXT,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE people (
     user_id TEXT PRIMARY KEY,
     aad_object_id TEXT,
     name TEXT,
     email TEXT COLLATE NOCASE,
     upn TEXT COLLATE NOCASE,
     locale TEXT,
     personal_conversation_id TEXT,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX people_aad ON people(aad_object_id);
   CREATE INDEX people_email ON people(email);
   CREATE INDEX people_upn ON people(upn);
   CREATE TABLE questions (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     user_id TEXT NOT NULL,
     user_name TEXT,
     conversation_id TEXT NOT NULL,
     language TEXT NOT NULL,
     text TEXT NOT NULL,
     entry_id TEXT,
     asked_at TEXT NOT NULL,
     helpful INTEGER,
     feedback_at TEXT,
     forwarded_at TEXT
   );`,
];

export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`Database schema version ${current} is newer than this bot (${MIGRATIONS.length}); refusing to run an older bot on it`);
  }
  db.transaction(() => {
    for (let version = current; version < MIGRATIONS.length; version++) {
      db.exec(MIGRATIONS[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    }
  })();
}
