import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Opens (and on first start creates) the embedded store, and brings its schema up to date. */

export type Db = Database.Database;

/** SQLite says NULL where the domain says undefined. */
export const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

// Append only: a migration that has shipped is never edited, so every existing file can be brought forward.
export const MIGRATIONS: readonly string[] = [
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
  // Reminders: Panopto facts cached per video, what owners declared, and the ledger/outbox of notices.
  `ALTER TABLE conversations ADD COLUMN unusable_reason TEXT;
   ALTER TABLE conversations ADD COLUMN unusable_at TEXT;
   CREATE TABLE videos (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     owner_key TEXT NOT NULL COLLATE NOCASE,
     owner_name TEXT,
     published_at TEXT NOT NULL,
     has_captions INTEGER,
     is_live INTEGER NOT NULL DEFAULT 0,
     last_viewed_at TEXT,
     viewer_url TEXT NOT NULL,
     fingerprint TEXT,
     details_fetched_at TEXT,
     viewers_fetched_at TEXT,
     seen_at TEXT NOT NULL
   );
   CREATE INDEX videos_owner ON videos(owner_key);
   CREATE TABLE declarations (
     video_id TEXT PRIMARY KEY,
     media_alternative_reason TEXT,
     media_alternative_by TEXT,
     media_alternative_at TEXT,
     captions_confirmed_by TEXT,
     captions_confirmed_at TEXT,
     keep_until TEXT
   );
   CREATE TABLE snoozes (
     video_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     until TEXT NOT NULL,
     by_user TEXT NOT NULL,
     at TEXT NOT NULL,
     PRIMARY KEY (video_id, kind)
   );
   CREATE TABLE reminder_runs (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     started_at TEXT NOT NULL,
     finished_at TEXT,
     dry_run INTEGER NOT NULL DEFAULT 0,
     summary_json TEXT
   );
   CREATE TABLE digests (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     run_id INTEGER NOT NULL,
     owner_key TEXT NOT NULL COLLATE NOCASE,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at TEXT NOT NULL,
     last_error TEXT,
     conversation_id TEXT,
     activity_id TEXT,
     created_at TEXT NOT NULL,
     sent_at TEXT
   );
   CREATE INDEX digests_state ON digests(state, next_attempt_at);
   CREATE TABLE notices (
     key TEXT PRIMARY KEY,
     digest_id INTEGER NOT NULL REFERENCES digests(id),
     owner_key TEXT NOT NULL COLLATE NOCASE,
     video_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     stage TEXT NOT NULL,
     date TEXT NOT NULL,
     days_left INTEGER NOT NULL
   );
   CREATE INDEX notices_digest ON notices(digest_id);
   CREATE TABLE leases (
     name TEXT PRIMARY KEY,
     holder TEXT NOT NULL,
     expires_at TEXT NOT NULL
   );`,
  // Lifecycle extension requests, their audit trail, and dialog state that survives a restart.
  `CREATE TABLE extension_requests (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     video_id TEXT NOT NULL,
     owner_key TEXT NOT NULL COLLATE NOCASE,
     requested_by TEXT NOT NULL,
     requested_by_name TEXT,
     justification TEXT NOT NULL,
     requested_until TEXT NOT NULL,
     trash_date_at_request TEXT NOT NULL,
     state TEXT NOT NULL,
     decided_by TEXT,
     decided_by_name TEXT,
     decided_at TEXT,
     decision_reason TEXT,
     approved_until TEXT,
     applied_at TEXT,
     applied_by_name TEXT,
     support_conversation_id TEXT,
     support_activity_id TEXT,
     resurfaced_at TEXT,
     created_at TEXT NOT NULL
   );
   CREATE UNIQUE INDEX extension_one_pending ON extension_requests(video_id) WHERE state = 'pending';
   CREATE INDEX extension_owner ON extension_requests(owner_key);
   CREATE TABLE extension_audit (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     request_id INTEGER NOT NULL REFERENCES extension_requests(id),
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     detail TEXT
   );
   CREATE TABLE bot_state (
     key TEXT PRIMARY KEY,
     value_json TEXT NOT NULL,
     etag INTEGER NOT NULL
   );`,
  // A forwarded question is claimed, then sent, then marked delivered: a crash in between leaves it for the daily run.
  // Questions forwarded before this version were sent when they were claimed.
  `ALTER TABLE questions ADD COLUMN forward_delivered_at TEXT;
   UPDATE questions SET forward_delivered_at = forwarded_at WHERE forwarded_at IS NOT NULL;
   CREATE INDEX questions_forward_in_flight ON questions(forwarded_at) WHERE forwarded_at IS NOT NULL AND forward_delivered_at IS NULL;`,
  // Support answers forwarded questions (once: the first answer wins) and teaches the bot their wording.
  `ALTER TABLE questions ADD COLUMN confidence TEXT;
   ALTER TABLE questions ADD COLUMN support_activity_id TEXT;
   ALTER TABLE questions ADD COLUMN support_answered_at TEXT;
   ALTER TABLE questions ADD COLUMN support_answered_by TEXT;
   ALTER TABLE questions ADD COLUMN support_answered_by_name TEXT;
   ALTER TABLE questions ADD COLUMN support_answer_entry_id TEXT;
   ALTER TABLE questions ADD COLUMN support_reply TEXT;
   ALTER TABLE questions ADD COLUMN support_answer_delivered_at TEXT;
   CREATE INDEX questions_answer_in_flight ON questions(support_answered_at) WHERE support_answered_at IS NOT NULL AND support_answer_delivered_at IS NULL;
   CREATE TABLE learned_phrasings (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     entry_id TEXT NOT NULL,
     language TEXT NOT NULL,
     text TEXT NOT NULL,
     question_id INTEGER REFERENCES questions(id),
     learned_by TEXT NOT NULL,
     learned_by_name TEXT NOT NULL,
     learned_at TEXT NOT NULL
   );`,
  // Who claimed a digest and when, so a restart re-queues only sends whose sender is gone; videos Panopto no longer
  // lists are kept for the records that name them but leave "my videos".
  `ALTER TABLE digests ADD COLUMN claimed_by TEXT;
   ALTER TABLE digests ADD COLUMN claimed_at TEXT;
   ALTER TABLE videos ADD COLUMN gone_at TEXT;`,
  // Teams delivers an activity again when the bot was slow to answer; each is taken once, even when both arrive together.
  `CREATE TABLE received_activities (
     key TEXT PRIMARY KEY,
     received_at TEXT NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX received_activities_age ON received_activities(received_at);`,
  // Captions as Panopto's accessibility preview sees them (automatic only, requested, ...), the owner's check of
  // automatic captions, and a caption request made through the bot: claimed ('scheduling') before Panopto is asked,
  // so a double click schedules once.
  `ALTER TABLE videos ADD COLUMN caption_evidence TEXT;
   ALTER TABLE videos ADD COLUMN caption_evidence_at TEXT;
   ALTER TABLE declarations ADD COLUMN automatic_checked_by TEXT;
   ALTER TABLE declarations ADD COLUMN automatic_checked_at TEXT;
   ALTER TABLE declarations ADD COLUMN caption_request_state TEXT;
   ALTER TABLE declarations ADD COLUMN caption_request_by TEXT;
   ALTER TABLE declarations ADD COLUMN caption_request_at TEXT;
   ALTER TABLE declarations ADD COLUMN caption_request_problem TEXT;`,
  // A crawl of a large tenant takes more than one run under Panopto's rate limits: where the folder walk stands, and
  // every session listed so far (with the pass that last saw it), so the next run continues instead of starting over.
  `CREATE TABLE crawl_cursor (
     name TEXT PRIMARY KEY,
     cursor_json TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE crawl_listings (
     session_id TEXT PRIMARY KEY,
     name TEXT,
     start_time TEXT,
     fingerprint TEXT NOT NULL,
     pass INTEGER NOT NULL
   );`,
];

export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // Said outright because SQLite would otherwise use FULL on the run that creates the file and NORMAL on every later
  // one. In WAL mode NORMAL keeps every commit across a crash of the bot; only a power cut or an OS crash can undo
  // the last few commits, and waiting for the disk on each commit would double the cost of answering a question.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  takeWriteLockFirst(db);
  migrate(db);
  return db;
}

/**
 * Every transaction begins with the write lock (BEGIN IMMEDIATE). A deferred one that reads and then writes fails at
 * once with SQLITE_BUSY (or BUSY_SNAPSHOT) when another process wrote meanwhile (the server and `npm run reminders`,
 * two instances in development): busy_timeout cannot wait that out. Taking the lock first makes the other process wait,
 * then read what was written.
 */
function takeWriteLockFirst(db: Db): void {
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: Parameters<Db['transaction']>[0]) => transaction(fn).immediate) as Db['transaction'];
}

function migrate(db: Db): void {
  db.transaction(() => {
    // Read inside the transaction: two processes starting on a new file migrate it once.
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(`Database schema version ${current} is newer than this bot (${MIGRATIONS.length}); refusing to run an older bot on it`);
    }
    for (let version = current; version < MIGRATIONS.length; version++) {
      db.exec(MIGRATIONS[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    }
  })();
}
