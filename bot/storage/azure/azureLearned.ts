import { odata } from '@azure/data-tables';
import type { LearnedPhrasingRepository, StoredPhrasing } from '../learnedRepository';
import type { QuestionRepository } from '../repositories';
import type { AzureAccount, LazyTable } from './azureAccount';
import { AzureCounter } from './azureCounter';
import { all, deleteIfUnchanged, readEntity, str, textOf, textProperties, type Entity } from './azureEntities';
import { numberKey } from './azureKeys';

/**
 * Wordings support taught the bot: one partition (they are few, and read all at once at start and by `learned`),
 * row key = the id, so the partition reads oldest first. A removal deletes with the etag read: of two support
 * members removing the same phrasing, one gets it back and the other sees it gone.
 */
const PARTITION = 'phrasing';

export class AzureLearnedPhrasings implements LearnedPhrasingRepository {
  private readonly table: LazyTable;
  private readonly ids: AzureCounter;

  constructor(
    account: AzureAccount,
    private readonly questions: Pick<QuestionRepository, 'getQuestion'>,
  ) {
    this.table = account.table('Learned');
    this.ids = new AzureCounter(account.table('Counters'), 'learned');
  }

  async add(p: Omit<StoredPhrasing, 'id'>): Promise<StoredPhrasing> {
    // As SQLite's foreign key: a phrasing names the question it was taught from, or none.
    if (p.questionId !== undefined && (await this.questions.getQuestion(p.questionId)) === undefined) {
      throw new Error(`learned phrasing: no question ${p.questionId}`);
    }
    const id = await this.ids.next();
    await (await this.table.get()).createEntity({
      partitionKey: PARTITION,
      rowKey: numberKey(id),
      entryId: p.entryId,
      language: p.language,
      ...textProperties('text', p.text),
      ...(p.questionId === undefined ? {} : { questionId: p.questionId }),
      learnedBy: p.learnedBy,
      learnedByName: p.learnedByName,
      learnedAt: p.learnedAt,
    });
    return { ...p, id };
  }

  async remove(id: number): Promise<StoredPhrasing | undefined> {
    if (!Number.isSafeInteger(id) || id < 0) return undefined;
    const table = await this.table.get();
    const entity = await readEntity(table, PARTITION, numberKey(id));
    if (entity === undefined) return undefined;
    return (await deleteIfUnchanged(table, PARTITION, entity.rowKey, entity.etag)) ? toPhrasing(entity) : undefined;
  }

  async all(): Promise<StoredPhrasing[]> {
    return (await all(await this.table.get(), odata`PartitionKey eq ${PARTITION}`)).map(toPhrasing);
  }
}

function toPhrasing(e: Entity): StoredPhrasing {
  return {
    id: Number(e.rowKey),
    entryId: str(e, 'entryId') ?? '',
    language: str(e, 'language') === 'fi' ? 'fi' : 'en',
    text: textOf(e, 'text') ?? '',
    questionId: typeof e['questionId'] === 'number' ? e['questionId'] : undefined,
    learnedBy: str(e, 'learnedBy') ?? '',
    learnedByName: str(e, 'learnedByName') ?? '',
    learnedAt: str(e, 'learnedAt') ?? '',
  };
}
