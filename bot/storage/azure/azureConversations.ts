import type { ConversationKind, ConversationRepository, Person, StoredConversation } from '../repositories';
import { isNotFound, type AzureAccount, type LazyTable } from './azureAccount';
import { odata } from '@azure/data-tables';
import { createOnce, defined, plain, readEntity, replaceIfUnchanged, str, textOf, textProperties, RETRY, untilSettled, type Entity } from './azureEntities';
import { idOf, keyOf } from './azureKeys';

/**
 * Conversations and people. A conversation is one entity (partition = its id); whether it was welcomed is a second
 * entity beside it, created once, so the welcome card goes out once however many instances see install events, and
 * saving a newer reference (which clears "unusable") never touches it.
 *
 * People are found by Entra object id and by e-mail/UPN on every turn, so each has index rows (partition
 * `aad|<id>` or `mail|<lower-cased address>`, one row per person). The index row is written before the person, and a
 * lookup checks the person still has that id or address: a stale or half-written index row is never an answer.
 */
const CONVERSATION = 'conversation';
const WELCOMED = 'welcomed';
const PERSON = 'person';

export class AzureConversations implements ConversationRepository {
  private readonly conversations: LazyTable;
  private readonly people: LazyTable;

  constructor(account: AzureAccount) {
    this.conversations = account.table('Conversations');
    this.people = account.table('People');
  }

  async saveConversation(c: StoredConversation): Promise<void> {
    const table = await this.conversations.get();
    // Replace: a conversation saved again (the person wrote, the bot was reinstalled) is usable again.
    await table.upsertEntity(
      {
        partitionKey: keyOf(c.conversationId),
        rowKey: CONVERSATION,
        ...defined({ kind: c.kind, tenantId: c.tenantId, serviceUrl: c.serviceUrl, updatedAt: c.updatedAt }),
        ...textProperties('reference', JSON.stringify(c.reference)),
      },
      'Replace',
    );
  }

  async getConversation(conversationId: string): Promise<StoredConversation | undefined> {
    const entity = await readEntity(await this.conversations.get(), keyOf(conversationId), CONVERSATION);
    return entity === undefined ? undefined : toConversation(entity);
  }

  async markUnusable(conversationId: string, reason: string, at: string): Promise<void> {
    const table = await this.conversations.get();
    try {
      await table.updateEntity({ partitionKey: keyOf(conversationId), rowKey: CONVERSATION, unusableReason: reason, unusableAt: at }, 'Merge');
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async markUsable(conversationId: string): Promise<void> {
    const table = await this.conversations.get();
    // Called on every message and nearly always with nothing to clear: one read, a write only when there is something to clear.
    await untilSettled(async () => {
      const entity = await readEntity(table, keyOf(conversationId), CONVERSATION);
      if (entity === undefined || str(entity, 'unusableReason') === undefined) return undefined;
      const { unusableReason: _reason, unusableAt: _at, ...rest } = plain(entity);
      return (await replaceIfUnchanged(table, rest as Entity, entity.etag)) ? undefined : RETRY;
    }, 'markUsable');
  }

  async markWelcomed(conversationId: string, at: string): Promise<boolean> {
    const table = await this.conversations.get();
    if ((await readEntity(table, keyOf(conversationId), CONVERSATION)) === undefined) return false;
    return createOnce(table, { partitionKey: keyOf(conversationId), rowKey: WELCOMED, at });
  }

  async savePerson(p: Person): Promise<void> {
    const table = await this.people.get();
    const userKey = keyOf(p.userId);
    const indexes = [
      p.aadObjectId === undefined ? undefined : aadIndex(p.aadObjectId),
      p.email === undefined ? undefined : mailIndex(p.email),
      p.userPrincipalName === undefined ? undefined : mailIndex(p.userPrincipalName),
    ].filter((key): key is string => key !== undefined);
    for (const partitionKey of new Set(indexes)) await table.upsertEntity({ partitionKey, rowKey: userKey, updatedAt: p.updatedAt }, 'Replace');
    // Merge: a later event may know less (no roster access), and keeps what an earlier one learnt.
    await table.upsertEntity(
      {
        partitionKey: userKey,
        rowKey: PERSON,
        ...defined({
          aadObjectId: p.aadObjectId,
          name: p.name,
          email: p.email,
          userPrincipalName: p.userPrincipalName,
          locale: p.locale,
          personalConversationId: p.personalConversationId,
          updatedAt: p.updatedAt,
        }),
      },
      'Merge',
    );
  }

  async getPerson(userId: string): Promise<Person | undefined> {
    const entity = await readEntity(await this.people.get(), keyOf(userId), PERSON);
    return entity === undefined ? undefined : toPerson(entity);
  }

  async findPersonByAadObjectId(aadObjectId: string): Promise<Person | undefined> {
    return this.findIndexed(aadIndex(aadObjectId), (p) => p.aadObjectId === aadObjectId);
  }

  async findPersonByEmail(emailOrUpn: string): Promise<Person | undefined> {
    const address = emailOrUpn.trim().toLowerCase();
    return this.findIndexed(mailIndex(address), (p) => p.email?.toLowerCase() === address || p.userPrincipalName?.toLowerCase() === address);
  }

  /** The most recently updated person the index names who still matches (one partition read, then point reads). */
  private async findIndexed(partitionKey: string, matches: (person: Person) => boolean): Promise<Person | undefined> {
    const table = await this.people.get();
    const found: Person[] = [];
    for await (const row of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })) {
      const person = await this.getPerson(idOf(row.rowKey ?? ''));
      if (person !== undefined && matches(person)) found.push(person);
    }
    return found.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))[0];
  }
}

const aadIndex = (aadObjectId: string): string => `aad|${keyOf(aadObjectId)}`;
const mailIndex = (address: string): string => `mail|${keyOf(address.trim().toLowerCase())}`;

function toConversation(e: Entity): StoredConversation {
  return {
    conversationId: idOf(e.partitionKey),
    kind: str(e, 'kind') as ConversationKind,
    tenantId: str(e, 'tenantId'),
    serviceUrl: str(e, 'serviceUrl') ?? '',
    reference: JSON.parse(textOf(e, 'reference') ?? '{}') as Record<string, unknown>,
    updatedAt: str(e, 'updatedAt') ?? '',
    unusableReason: str(e, 'unusableReason'),
  };
}

function toPerson(e: Entity): Person {
  return {
    userId: idOf(e.partitionKey),
    aadObjectId: str(e, 'aadObjectId'),
    name: str(e, 'name'),
    email: str(e, 'email'),
    userPrincipalName: str(e, 'userPrincipalName'),
    locale: str(e, 'locale'),
    personalConversationId: str(e, 'personalConversationId'),
    updatedAt: str(e, 'updatedAt') ?? '',
  };
}
