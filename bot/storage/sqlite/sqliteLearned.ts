import type { LearnedPhrasingRepository, StoredPhrasing } from '../learnedRepository';
import { orUndefined, type Db } from './database';

interface PhrasingRow {
  id: number;
  entry_id: string;
  language: string;
  text: string;
  question_id: number | null;
  learned_by: string;
  learned_by_name: string;
  learned_at: string;
}

function toPhrasing(row: PhrasingRow): StoredPhrasing {
  return {
    id: row.id,
    entryId: row.entry_id,
    language: row.language === 'fi' ? 'fi' : 'en',
    text: row.text,
    questionId: orUndefined(row.question_id),
    learnedBy: row.learned_by,
    learnedByName: row.learned_by_name,
    learnedAt: row.learned_at,
  };
}

export class SqliteLearnedPhrasings implements LearnedPhrasingRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO learned_phrasings (entry_id, language, text, question_id, learned_by, learned_by_name, learned_at)
         VALUES (@entryId, @language, @text, @questionId, @learnedBy, @learnedByName, @learnedAt)`,
      ),
      get: db.prepare('SELECT * FROM learned_phrasings WHERE id = ?'),
      remove: db.prepare('DELETE FROM learned_phrasings WHERE id = ?'),
      all: db.prepare('SELECT * FROM learned_phrasings ORDER BY id'),
    };
  }

  async add(p: Omit<StoredPhrasing, 'id'>): Promise<StoredPhrasing> {
    const result = this.statements.insert.run({ ...p, questionId: p.questionId ?? null });
    return { ...p, id: Number(result.lastInsertRowid) };
  }

  async remove(id: number): Promise<StoredPhrasing | undefined> {
    return this.db.transaction(() => {
      const row = this.statements.get.get(id) as PhrasingRow | undefined;
      if (row === undefined) return undefined;
      this.statements.remove.run(id);
      return toPhrasing(row);
    })();
  }

  async all(): Promise<StoredPhrasing[]> {
    return (this.statements.all.all() as PhrasingRow[]).map(toPhrasing);
  }
}
