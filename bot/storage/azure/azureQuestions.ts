import { randomUUID } from 'node:crypto';
import { odata } from '@azure/data-tables';
import type { AskedQuestion, FeedbackOutcome, ForwardClaim, QuestionRepository, SupportAnswer } from '../repositories';
import { isNotFound, type AzureAccount, type LazyTable } from './azureAccount';
import { AzureCounter } from './azureCounter';
import { all, createOnce, defined, plain, readEntity, replaceIfUnchanged, str, textOf, textProperties, RETRY, untilSettled, withoutText, type Entity, type Stored } from './azureEntities';
import { keyOf, numberKey } from './azureKeys';

/**
 * Questions asked, one entity each (partition = the id). Every change that two clicks or two instances could race on
 * (a vote, a forward, a support answer) reads the entity, decides as the SQLite transaction does, and writes with
 * If-Match; a 412 means someone acted first, and the decision is taken again on what they wrote.
 *
 * The per-asker forward limit is a log entity per asker (partition `forwards|<user>`) listing recent forwards,
 * written with If-Match before the question is claimed: claims by one asker are serialised on it, so at most `max`
 * forwards are claimed per window across any number of instances. A crash between the two writes counts a forward
 * that never happened (stricter, never looser) until it leaves the window.
 *
 * Forwards and support answers "in flight" (claimed, not delivered) carry a flag; the daily run finds them with a
 * filtered query over the table (the only scans here, with the feedback summary for the admin report).
 */
const ROW = 'question';
const LOG = 'log';
const DAY_MS = 24 * 60 * 60 * 1000;

interface LoggedForward {
  id: number;
  at: string;
  token: string;
}

export class AzureQuestions implements QuestionRepository {
  private readonly table: LazyTable;
  private readonly ids: AzureCounter;

  constructor(account: AzureAccount) {
    this.table = account.table('Questions');
    this.ids = new AzureCounter(account.table('Counters'), 'questions');
  }

  async recordQuestion(q: Omit<AskedQuestion, 'id' | 'helpful' | 'forwardedAt'>): Promise<AskedQuestion> {
    const table = await this.table.get();
    const id = await this.ids.next();
    await table.createEntity({
      partitionKey: numberKey(id),
      rowKey: ROW,
      ...defined({ userId: q.userId, userName: q.userName, conversationId: q.conversationId, language: q.language, entryId: q.entryId, askedAt: q.askedAt, confidence: q.confidence }),
      ...textProperties('text', q.text),
    });
    return { ...q, id, helpful: undefined, forwardedAt: undefined };
  }

  async getQuestion(id: number): Promise<AskedQuestion | undefined> {
    const entity = await this.read(id);
    return entity === undefined ? undefined : toQuestion(entity);
  }

  async recordFeedback(id: number, userId: string, helpful: boolean, at: string): Promise<FeedbackOutcome> {
    const table = await this.table.get();
    return untilSettled(async () => {
      const q = await this.read(id);
      if (q === undefined) return 'not-found' as const;
      if (q['userId'] !== userId) return 'not-asker' as const;
      if (typeof q['helpful'] === 'boolean') return 'already-recorded' as const;
      return (await replaceIfUnchanged(table, { ...plain(q), helpful, feedbackAt: at }, q.etag)) ? 'recorded' as const : RETRY;
    }, 'recordFeedback');
  }

  async claimForward(id: number, userId: string, at: string, limit?: { since: string; max: number }): Promise<ForwardClaim> {
    const table = await this.table.get();
    return untilSettled(async () => {
      const q = await this.read(id);
      if (q === undefined) return 'not-found' as const;
      if (q['userId'] !== userId) return 'not-asker' as const;
      // An answer the bot was not sure of, or one the asker said did not help, is as good as none.
      if (str(q, 'entryId') !== undefined && q['confidence'] !== 'likely' && q['helpful'] !== false) return 'not-unanswered' as const;
      if (str(q, 'forwardedAt') !== undefined) return 'already-forwarded' as const;
      const log = await readEntity(table, logKey(userId), LOG);
      const recent = forwardsIn(log);
      if (limit !== undefined && recent.filter((f) => f.at >= limit.since).length >= limit.max) return 'too-many' as const;
      const keepFrom = limit?.since ?? new Date(Date.parse(at) - DAY_MS).toISOString();
      const mine: LoggedForward = { id, at, token: randomUUID() };
      const next = { partitionKey: logKey(userId), rowKey: LOG, recent: JSON.stringify([...recent.filter((f) => f.at >= keepFrom), mine]) };
      const logged = log === undefined ? await createOnce(table, next) : await replaceIfUnchanged(table, next, log.etag);
      if (!logged) return RETRY;
      const pending = str(q, 'forwardDeliveredAt') === undefined;
      if (await replaceIfUnchanged(table, { ...plain(q), forwardedAt: at, forwardPending: pending }, q.etag)) return 'claimed' as const;
      await this.unlog(userId, (f) => f.token === mine.token);
      return RETRY;
    }, 'claimForward');
  }

  async releaseForward(id: number): Promise<void> {
    const table = await this.table.get();
    const userId = await untilSettled(async () => {
      const q = await this.read(id);
      if (q === undefined || str(q, 'forwardedAt') === undefined) return undefined;
      const { forwardedAt: _at, forwardPending: _pending, ...rest } = plain(q);
      return (await replaceIfUnchanged(table, rest as Entity, q.etag)) ? str(q, 'userId') : RETRY;
    }, 'releaseForward');
    if (userId !== undefined) await this.unlog(userId, (f) => f.id === id);
  }

  async markForwardDelivered(id: number, at: string, supportActivityId?: string): Promise<void> {
    await this.merge(id, { forwardDeliveredAt: at, forwardPending: false, ...defined({ supportActivityId }) });
  }

  async claimSupportAnswer(id: number, answer: SupportAnswer): Promise<'claimed' | 'already-answered' | 'not-found'> {
    const table = await this.table.get();
    return untilSettled(async () => {
      const q = await this.read(id);
      if (q === undefined) return 'not-found' as const;
      if (str(q, 'supportAnsweredAt') !== undefined) return 'already-answered' as const;
      const claimed = {
        ...plain(q),
        ...defined({ supportAnsweredAt: answer.at, supportAnsweredBy: answer.by, supportAnsweredByName: answer.byName, supportAnswerEntryId: answer.entryId }),
        ...textProperties('supportReply', answer.reply),
        answerPending: str(q, 'supportAnswerDeliveredAt') === undefined,
      };
      return (await replaceIfUnchanged(table, claimed, q.etag)) ? 'claimed' as const : RETRY;
    }, 'claimSupportAnswer');
  }

  async releaseSupportAnswer(id: number): Promise<void> {
    const table = await this.table.get();
    await untilSettled(async () => {
      const q = await this.read(id);
      if (q === undefined) return undefined;
      const { supportAnsweredAt: _a, supportAnsweredBy: _b, supportAnsweredByName: _c, supportAnswerEntryId: _d, answerPending: _e, ...rest } = withoutText(plain(q), 'supportReply');
      return (await replaceIfUnchanged(table, rest as Entity, q.etag)) ? undefined : RETRY;
    }, 'releaseSupportAnswer');
  }

  async markSupportAnswerDelivered(id: number, at: string): Promise<void> {
    await this.merge(id, { supportAnswerDeliveredAt: at, answerPending: false });
  }

  async supportAnswersInFlight(claimedBefore: string): Promise<AskedQuestion[]> {
    return this.query(odata`RowKey eq ${ROW} and answerPending eq true and supportAnsweredAt lt ${claimedBefore}`);
  }

  async forwardsInFlight(claimedBefore: string): Promise<AskedQuestion[]> {
    return this.query(odata`RowKey eq ${ROW} and forwardPending eq true and forwardedAt lt ${claimedBefore}`);
  }

  async feedbackSummary(): Promise<Array<{ entryId: string; helpful: number; notHelpful: number }>> {
    const counts = new Map<string, { entryId: string; helpful: number; notHelpful: number }>();
    for (const q of await this.query(odata`RowKey eq ${ROW} and (helpful eq true or helpful eq false)`)) {
      if (q.entryId === undefined || q.helpful === undefined) continue;
      const count = counts.get(q.entryId) ?? { entryId: q.entryId, helpful: 0, notHelpful: 0 };
      if (q.helpful) count.helpful += 1;
      else count.notHelpful += 1;
      counts.set(q.entryId, count);
    }
    return [...counts.values()].sort((a, b) => (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0));
  }

  private async read(id: number): Promise<Stored | undefined> {
    if (!Number.isSafeInteger(id) || id < 0) return undefined;
    return readEntity(await this.table.get(), numberKey(id), ROW);
  }

  /** Sets fields of a question that exists (nothing when it does not), leaving the others as they are. */
  private async merge(id: number, properties: Record<string, unknown>): Promise<void> {
    if (!Number.isSafeInteger(id) || id < 0) return;
    try {
      await (await this.table.get()).updateEntity({ partitionKey: numberKey(id), rowKey: ROW, ...properties }, 'Merge');
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  private async query(filter: string): Promise<AskedQuestion[]> {
    return (await all(await this.table.get(), filter)).map(toQuestion).sort((a, b) => a.id - b.id);
  }

  private async unlog(userId: string, which: (f: LoggedForward) => boolean): Promise<void> {
    const table = await this.table.get();
    await untilSettled(async () => {
      const log = await readEntity(table, logKey(userId), LOG);
      const recent = forwardsIn(log);
      if (log === undefined || !recent.some(which)) return undefined;
      const next = { partitionKey: logKey(userId), rowKey: LOG, recent: JSON.stringify(recent.filter((f) => !which(f))) };
      return (await replaceIfUnchanged(table, next, log.etag)) ? undefined : RETRY;
    }, 'forward log');
  }
}

const logKey = (userId: string): string => `forwards|${keyOf(userId)}`;

function forwardsIn(log: Entity | undefined): LoggedForward[] {
  const recent = log === undefined ? undefined : str(log, 'recent');
  return recent === undefined ? [] : (JSON.parse(recent) as LoggedForward[]);
}

function toQuestion(e: Entity): AskedQuestion {
  const answeredAt = str(e, 'supportAnsweredAt');
  const confidence = str(e, 'confidence');
  return {
    id: Number(e.partitionKey),
    userId: str(e, 'userId') ?? '',
    userName: str(e, 'userName'),
    conversationId: str(e, 'conversationId') ?? '',
    language: str(e, 'language') === 'fi' ? 'fi' : 'en',
    text: textOf(e, 'text') ?? '',
    entryId: str(e, 'entryId'),
    askedAt: str(e, 'askedAt') ?? '',
    helpful: typeof e['helpful'] === 'boolean' ? e['helpful'] : undefined,
    forwardedAt: str(e, 'forwardedAt'),
    confidence: confidence === 'sure' || confidence === 'likely' ? confidence : undefined,
    supportActivityId: str(e, 'supportActivityId'),
    supportAnswer:
      answeredAt === undefined
        ? undefined
        : {
            at: answeredAt,
            by: str(e, 'supportAnsweredBy') ?? '',
            byName: str(e, 'supportAnsweredByName') ?? '',
            entryId: str(e, 'supportAnswerEntryId'),
            reply: textOf(e, 'supportReply'),
          },
  };
}
