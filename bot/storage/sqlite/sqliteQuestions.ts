import type { AskedQuestion, FeedbackOutcome, ForwardClaim, QuestionRepository, SupportAnswer } from '../repositories';
import { orUndefined, type Db } from './database';

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

export class SqliteQuestions implements QuestionRepository {
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
