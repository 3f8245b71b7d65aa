import type { LazyTable } from './azureAccount';
import { createOnce, readEntity, replaceIfUnchanged, RETRY, untilSettled } from './azureEntities';

/**
 * Numeric ids (questions, extension requests, learned phrasings) that are unique across instances: one counter entity
 * per kind, moved on with If-Match. Two instances taking an id at once collide on the etag; the loser reads again and
 * takes the next number. An id taken by a writer that then stops is never reused, like SQLite's AUTOINCREMENT.
 */
export class AzureCounter {
  constructor(
    private readonly table: LazyTable,
    private readonly name: string,
  ) {}

  async next(): Promise<number> {
    const table = await this.table.get();
    return untilSettled(async () => {
      const current = await readEntity(table, 'counter', this.name);
      if (current === undefined) {
        return (await createOnce(table, { partitionKey: 'counter', rowKey: this.name, value: 1 })) ? 1 : RETRY;
      }
      const value = Number(current['value']) + 1;
      const moved = await replaceIfUnchanged(table, { partitionKey: 'counter', rowKey: this.name, value }, current.etag);
      return moved ? value : RETRY;
    }, `counter ${this.name}`);
  }
}
