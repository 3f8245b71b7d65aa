import fs from 'node:fs';
import type {
  AskedQuestion,
  ConversationKind,
  ConversationRepository,
  FeedbackOutcome,
  ForwardClaim,
  Person,
  QuestionRepository,
  Store,
  SupportAnswer,
  StoredConversation,
} from '../repositories';
import { openDatabase, orUndefined, type Db } from './database';
import { SqliteBotState } from './sqliteBotState';
import { SqliteExtensions } from './sqliteExtensions';
import { SqliteLearnedPhrasings } from './sqliteLearned';
import { SqliteReceived } from './sqliteReceived';
import { SqliteCrawl } from './sqliteCrawl';
import { SqliteDeclarations, SqliteLeases, SqliteOutbox, SqliteVideos } from './sqliteReminders';

interface ConversationRow {
  conversation_id: string;
  kind: string;
  tenant_id: string | null;
  service_url: string;
  reference_json: string;
  updated_at: string;
  unusable_reason: string | null;
}

interface PersonRow {
  user_id: string;
  aad_object_id: string | null;
  name: string | null;
  email: string | null;
  upn: string | null;
  locale: string | null;
  personal_conversation_id: string | null;
  updated_at: string;
}

interface QuestionRow {
  id: number;
  user_id: string;
  user_name: string | null;
  conversation_id: string;
  language: string;
  text: string;
  entry_id: string | null;
  asked_at: string;
  helpful: number | null;
  forwarded_at: string | null;
  confidence: string | null;
  support_activity_id: string | null;
  support_answered_at: string | null;
  support_answered_by: string | null;
  support_answered_by_name: string | null;
  support_answer_entry_id: string | null;
  support_reply: string | null;
}

function toConversation(row: ConversationRow): StoredConversation {
  return {
    conversationId: row.conversation_id,
    kind: row.kind as ConversationKind,
    tenantId: orUndefined(row.tenant_id),
    serviceUrl: row.service_url,
    reference: JSON.parse(row.reference_json) as Record<string, unknown>,
    updatedAt: row.updated_at,
    unusableReason: row.unusable_reason ?? undefined,
  };
}

function toPerson(row: PersonRow): Person {
  return {
    userId: row.user_id,
    aadObjectId: orUndefined(row.aad_object_id),
    name: orUndefined(row.name),
    email: orUndefined(row.email),
    userPrincipalName: orUndefined(row.upn),
    locale: orUndefined(row.locale),
    personalConversationId: orUndefined(row.personal_conversation_id),
    updatedAt: row.updated_at,
  };
}

function toQuestion(row: QuestionRow): AskedQuestion {
  return {
    id: row.id,
    userId: row.user_id,
    userName: orUndefined(row.user_name),
    conversationId: row.conversation_id,
    language: row.language === 'fi' ? 'fi' : 'en',
    text: row.text,
    entryId: orUndefined(row.entry_id),
    askedAt: row.asked_at,
    helpful: row.helpful === null ? undefined : row.helpful === 1,
    forwardedAt: orUndefined(row.forwarded_at),
    confidence: row.confidence === 'sure' || row.confidence === 'likely' ? row.confidence : undefined,
    supportActivityId: orUndefined(row.support_activity_id),
    supportAnswer:
      row.support_answered_at === null
        ? undefined
        : {
            at: row.support_answered_at,
            by: row.support_answered_by ?? '',
            byName: row.support_answered_by_name ?? '',
            entryId: orUndefined(row.support_answer_entry_id),
            reply: orUndefined(row.support_reply),
          },
  };
}

class SqliteConversations implements ConversationRepository {
  // Prepared once: preparing a statement costs more than running it.
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      saveConversation: db.prepare(
        `INSERT INTO conversations (conversation_id, kind, tenant_id, service_url, reference_json, updated_at)
         VALUES (@conversationId, @kind, @tenantId, @serviceUrl, @reference, @updatedAt)
         ON CONFLICT(conversation_id) DO UPDATE SET kind = excluded.kind, tenant_id = excluded.tenant_id,
           service_url = excluded.service_url, reference_json = excluded.reference_json, updated_at = excluded.updated_at,
           unusable_reason = NULL, unusable_at = NULL`,
      ),
      markUnusable: db.prepare('UPDATE conversations SET unusable_reason = ?, unusable_at = ? WHERE conversation_id = ?'),
      isUnusable: db.prepare('SELECT 1 FROM conversations WHERE conversation_id = ? AND unusable_reason IS NOT NULL'),
      markUsable: db.prepare('UPDATE conversations SET unusable_reason = NULL, unusable_at = NULL WHERE conversation_id = ? AND unusable_reason IS NOT NULL'),
      getConversation: db.prepare('SELECT * FROM conversations WHERE conversation_id = ?'),
      markWelcomed: db.prepare('UPDATE conversations SET welcomed_at = ? WHERE conversation_id = ? AND welcomed_at IS NULL'),
      // A later event may know less (no roster access): keep what an earlier one learnt.
      savePerson: db.prepare(
        `INSERT INTO people (user_id, aad_object_id, name, email, upn, locale, personal_conversation_id, updated_at)
         VALUES (@userId, @aadObjectId, @name, @email, @upn, @locale, @personalConversationId, @updatedAt)
         ON CONFLICT(user_id) DO UPDATE SET
           aad_object_id = COALESCE(excluded.aad_object_id, aad_object_id),
           name = COALESCE(excluded.name, name),
           email = COALESCE(excluded.email, email),
           upn = COALESCE(excluded.upn, upn),
           locale = COALESCE(excluded.locale, locale),
           personal_conversation_id = COALESCE(excluded.personal_conversation_id, personal_conversation_id),
           updated_at = excluded.updated_at`,
      ),
      getPerson: db.prepare('SELECT * FROM people WHERE user_id = ?'),
      findByAad: db.prepare('SELECT * FROM people WHERE aad_object_id = ? ORDER BY updated_at DESC LIMIT 1'),
      findByEmail: db.prepare('SELECT * FROM people WHERE email = @address OR upn = @address ORDER BY updated_at DESC LIMIT 1'),
    };
  }

  async saveConversation(c: StoredConversation): Promise<void> {
    this.statements.saveConversation.run({ ...c, tenantId: c.tenantId ?? null, reference: JSON.stringify(c.reference) });
  }

  async getConversation(conversationId: string): Promise<StoredConversation | undefined> {
    const row = this.statements.getConversation.get(conversationId) as ConversationRow | undefined;
    return row === undefined ? undefined : toConversation(row);
  }

  async markUnusable(conversationId: string, reason: string, at: string): Promise<void> {
    this.statements.markUnusable.run(reason, at, conversationId);
  }

  async markUsable(conversationId: string): Promise<void> {
    // Called on every message and nearly always with nothing to clear: a read does not take the write lock.
    if (this.statements.isUnusable.get(conversationId) === undefined) return;
    this.statements.markUsable.run(conversationId);
  }

  async markWelcomed(conversationId: string, at: string): Promise<boolean> {
    const result = this.statements.markWelcomed.run(at, conversationId);
    return result.changes === 1;
  }

  async savePerson(p: Person): Promise<void> {
    this.statements.savePerson.run({
      userId: p.userId,
      aadObjectId: p.aadObjectId ?? null,
      name: p.name ?? null,
      email: p.email ?? null,
      upn: p.userPrincipalName ?? null,
      locale: p.locale ?? null,
      personalConversationId: p.personalConversationId ?? null,
      updatedAt: p.updatedAt,
    });
  }

  async getPerson(userId: string): Promise<Person | undefined> {
    const row = this.statements.getPerson.get(userId) as PersonRow | undefined;
    return row === undefined ? undefined : toPerson(row);
  }

  async findPersonByAadObjectId(aadObjectId: string): Promise<Person | undefined> {
    const row = this.statements.findByAad.get(aadObjectId) as PersonRow | undefined;
    return row === undefined ? undefined : toPerson(row);
  }

  async findPersonByEmail(emailOrUpn: string): Promise<Person | undefined> {
    const row = this.statements.findByEmail.get({ address: emailOrUpn.trim() }) as PersonRow | undefined;
    return row === undefined ? undefined : toPerson(row);
  }
}

class SqliteQuestions implements QuestionRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO questions (user_id, user_name, conversation_id, language, text, entry_id, asked_at, confidence)
         VALUES (@userId, @userName, @conversationId, @language, @text, @entryId, @askedAt, @confidence)`,
      ),
      get: db.prepare('SELECT * FROM questions WHERE id = ?'),
      feedbackState: db.prepare('SELECT user_id, helpful FROM questions WHERE id = ?'),
      setFeedback: db.prepare('UPDATE questions SET helpful = ?, feedback_at = ? WHERE id = ?'),
      forwardState: db.prepare('SELECT user_id, entry_id, forwarded_at, confidence, helpful FROM questions WHERE id = ?'),
      setForwarded: db.prepare('UPDATE questions SET forwarded_at = ? WHERE id = ?'),
      setForwardDelivered: db.prepare('UPDATE questions SET forward_delivered_at = ?, support_activity_id = COALESCE(?, support_activity_id) WHERE id = ?'),
      claimSupportAnswer: db.prepare(
        `UPDATE questions SET support_answered_at = @at, support_answered_by = @by, support_answered_by_name = @byName,
           support_answer_entry_id = @entryId, support_reply = @reply
         WHERE id = @id AND support_answered_at IS NULL`,
      ),
      setSupportAnswerDelivered: db.prepare('UPDATE questions SET support_answer_delivered_at = ? WHERE id = ?'),
      answersInFlight: db.prepare(
        'SELECT * FROM questions WHERE support_answered_at IS NOT NULL AND support_answer_delivered_at IS NULL AND support_answered_at < ? ORDER BY id',
      ),
      releaseSupportAnswer: db.prepare(
        `UPDATE questions SET support_answered_at = NULL, support_answered_by = NULL, support_answered_by_name = NULL,
           support_answer_entry_id = NULL, support_reply = NULL WHERE id = ?`,
      ),
      forwardsBy: db.prepare('SELECT COUNT(*) AS n FROM questions WHERE user_id = ? AND forwarded_at >= ?'),
      inFlight: db.prepare('SELECT * FROM questions WHERE forwarded_at IS NOT NULL AND forward_delivered_at IS NULL AND forwarded_at < ? ORDER BY id'),
      summary: db.prepare(
        `SELECT entry_id AS entryId, SUM(helpful = 1) AS helpful, SUM(helpful = 0) AS notHelpful
         FROM questions WHERE entry_id IS NOT NULL AND helpful IS NOT NULL GROUP BY entry_id ORDER BY entry_id`,
      ),
    };
  }

  async recordQuestion(q: Omit<AskedQuestion, 'id' | 'helpful' | 'forwardedAt'>): Promise<AskedQuestion> {
    const result = this.statements.insert.run({
      userId: q.userId,
      userName: q.userName ?? null,
      conversationId: q.conversationId,
      language: q.language,
      text: q.text,
      entryId: q.entryId ?? null,
      askedAt: q.askedAt,
      confidence: q.confidence ?? null,
    });
    return { ...q, id: Number(result.lastInsertRowid), helpful: undefined, forwardedAt: undefined };
  }

  async getQuestion(id: number): Promise<AskedQuestion | undefined> {
    const row = this.statements.get.get(id) as QuestionRow | undefined;
    return row === undefined ? undefined : toQuestion(row);
  }

  async recordFeedback(id: number, userId: string, helpful: boolean, at: string): Promise<FeedbackOutcome> {
    return this.db.transaction((): FeedbackOutcome => {
      const row = this.statements.feedbackState.get(id) as
        | Pick<QuestionRow, 'user_id' | 'helpful'>
        | undefined;
      if (row === undefined) return 'not-found';
      if (row.user_id !== userId) return 'not-asker';
      if (row.helpful !== null) return 'already-recorded';
      this.statements.setFeedback.run(helpful ? 1 : 0, at, id);
      return 'recorded';
    })();
  }

  async claimForward(id: number, userId: string, at: string, limit?: { since: string; max: number }): Promise<ForwardClaim> {
    return this.db.transaction((): ForwardClaim => {
      const row = this.statements.forwardState.get(id) as
        | Pick<QuestionRow, 'user_id' | 'entry_id' | 'forwarded_at' | 'confidence' | 'helpful'>
        | undefined;
      if (row === undefined) return 'not-found';
      if (row.user_id !== userId) return 'not-asker';
      // An answer the bot was not sure of, or one the asker said did not help, is as good as none.
      if (row.entry_id !== null && row.confidence !== 'likely' && row.helpful !== 0) return 'not-unanswered';
      if (row.forwarded_at !== null) return 'already-forwarded';
      if (limit !== undefined && (this.statements.forwardsBy.get(userId, limit.since) as { n: number }).n >= limit.max) return 'too-many';
      this.statements.setForwarded.run(at, id);
      return 'claimed';
    })();
  }

  async releaseForward(id: number): Promise<void> {
    this.statements.setForwarded.run(null, id);
  }

  async markForwardDelivered(id: number, at: string, supportActivityId?: string): Promise<void> {
    this.statements.setForwardDelivered.run(at, supportActivityId ?? null, id);
  }

  async claimSupportAnswer(id: number, answer: SupportAnswer): Promise<'claimed' | 'already-answered' | 'not-found'> {
    const result = this.statements.claimSupportAnswer.run({ id, ...answer, entryId: answer.entryId ?? null, reply: answer.reply ?? null });
    if (result.changes === 1) return 'claimed';
    return this.statements.get.get(id) === undefined ? 'not-found' : 'already-answered';
  }

  async releaseSupportAnswer(id: number): Promise<void> {
    this.statements.releaseSupportAnswer.run(id);
  }

  async markSupportAnswerDelivered(id: number, at: string): Promise<void> {
    this.statements.setSupportAnswerDelivered.run(at, id);
  }

  async supportAnswersInFlight(claimedBefore: string): Promise<AskedQuestion[]> {
    return (this.statements.answersInFlight.all(claimedBefore) as QuestionRow[]).map(toQuestion);
  }

  async forwardsInFlight(claimedBefore: string): Promise<AskedQuestion[]> {
    return (this.statements.inFlight.all(claimedBefore) as QuestionRow[]).map(toQuestion);
  }

  async feedbackSummary(): Promise<Array<{ entryId: string; helpful: number; notHelpful: number }>> {
    return this.statements.summary.all() as Array<{ entryId: string; helpful: number; notHelpful: number }>;
  }
}

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
