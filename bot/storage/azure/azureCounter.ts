import type { TableClient } from '@azure/data-tables';
import { createOnce, readEntity, replaceIfUnchanged, RETRY, untilSettled } from './azureEntities';

/**
 * Numeric ids (questions, extension requests, learned phrasings, digests, runs) that are unique across instances: one
 * counter entity per kind (partition "counter", row `name`), moved on with If-Match. Two instances taking ids at once
 * collide on the etag; the loser reads again and takes the next numbers. Ids taken by a writer that then stops are
 * never reused, like SQLite's AUTOINCREMENT. Returns the first of `count` consecutive ids.
 */
export function takeIds(table: TableClient, name: string, count = 1): Promise<number> {
  return untilSettled(async () => {
    const current = await readEntity(table, 'counter', name);
    if (current === undefined) return (await createOnce(table, { partitionKey: 'counter', rowKey: name, value: count })) ? 1 : RETRY;
    const taken = Number(current['value']);
    return (await replaceIfUnchanged(table, { partitionKey: 'counter', rowKey: name, value: taken + count }, current.etag)) ? taken + 1 : RETRY;
  }, `counter ${name}`);
}

/**
 * Ids taken from the counter `size` at a time and handed out by this instance: one counter round trip per `size` ids
 * instead of two per id, for records written on a turn's path (questions). Still unique across instances; ids are no
 * longer in time order across instances (each holds its own block), and ids left in a block when the process stops
 * are never used.
 */
export class IdBlocks {
  private next = 0;
  private end = 0;
  private refill: Promise<void> | undefined;

  constructor(
    private readonly table: () => Promise<TableClient>,
    private readonly name: string,
    private readonly size: number,
  ) {}

  async take(): Promise<number> {
    while (this.next >= this.end) {
      this.refill ??= (async () => {
        try {
          const first = await takeIds(await this.table(), this.name, this.size);
          this.next = first;
          this.end = first + this.size;
        } finally {
          this.refill = undefined;
        }
      })();
      await this.refill;
    }
    return this.next++;
  }
}
