import fs from 'node:fs';
import type { Store } from '../repositories';
import { openDatabase } from './database';
import { SqliteBotState } from './sqliteBotState';
import { SqliteConversations } from './sqliteConversations';
import { SqliteCrawl } from './sqliteCrawl';
import { SqliteDeclarations } from './sqliteDeclarations';
import { SqliteExtensions } from './sqliteExtensions';
import { SqliteLearnedPhrasings } from './sqliteLearned';
import { SqliteLeases } from './sqliteLeases';
import { SqliteOutbox } from './sqliteOutbox';
import { SqliteQuestions } from './sqliteQuestions';
import { SqliteReceived } from './sqliteReceived';
import { SqliteVideos } from './sqliteVideos';

export function openSqliteStore(file: string): Store {
  const db = openDatabase(file);
  // An open database keeps working after its file is deleted or replaced, and loses every write at the next start.
  const opened = file === ':memory:' ? undefined : fs.statSync(file);
  const sameFile = () => {
    if (opened === undefined) return true;
    const now = fs.statSync(file, { throwIfNoEntry: false });
    return now !== undefined && now.ino === opened.ino && now.dev === opened.dev;
  };
  return {
    conversations: new SqliteConversations(db),
    questions: new SqliteQuestions(db),
    videos: new SqliteVideos(db),
    declarations: new SqliteDeclarations(db),
    outbox: new SqliteOutbox(db),
    leases: new SqliteLeases(db),
    extensions: new SqliteExtensions(db),
    learned: new SqliteLearnedPhrasings(db),
    crawl: new SqliteCrawl(db),
    botState: new SqliteBotState(db),
    received: new SqliteReceived(db),
    async ping() {
      try {
        db.prepare('SELECT 1').get();
        return sameFile();
      } catch {
        return false;
      }
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
