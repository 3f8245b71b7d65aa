import type { ConversationKind, ConversationRepository, Person, StoredConversation } from '../repositories';
import { orUndefined, type Db } from './database';

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

export class SqliteConversations implements ConversationRepository {
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
