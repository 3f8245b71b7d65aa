import type { RunSummary } from '../reminderRepositories';
import type { AzureAccount } from './azureAccount';
import { listAll, odata, paddedId, takeIds } from './azureReminderKeys';
import { CHUNK, PER_ENTITY, chunkText, joinChunks } from './azureTextChunks';

interface RunEntity {
  runId: number;
  startedAt: string;
  dryRun: boolean;
  finishedAt?: string;
}

const RUNS = 'run';
const LARGEST = 999_999_999_999;
/** Newest first in key order: the latest run is the partition's first row. */
const runKey = (id: number): string => paddedId(LARGEST - id);

/**
 * The reminder runs' own records (part of the outbox): ids from a counter entity (If-Match), so two instances never
 * number two runs alike. A summary is kept whole up to one entity's worth of text; a larger one (tens of thousands of
 * unreachable owners or unreadable sessions) keeps the counts and as many of the listed names as fit.
 */
export class AzureReminderRuns {
  private readonly table;

  constructor(account: AzureAccount) {
    this.table = account.table('ReminderRuns');
  }

  async start(at: string, dryRun: boolean): Promise<number> {
    const table = await this.table.get();
    const id = await takeIds(table, 'counter', 'run', 1);
    await table.createEntity<RunEntity>({ partitionKey: RUNS, rowKey: runKey(id), runId: id, startedAt: at, dryRun });
    return id;
  }

  async finish(id: number, at: string, summary: RunSummary): Promise<void> {
    const [chunks] = chunkText(fitted(summary), 's');
    await (await this.table.get()).updateEntity({ partitionKey: RUNS, rowKey: runKey(id), finishedAt: at, ...chunks }, 'Merge');
  }

  async last(): Promise<{ id: number; startedAt: string; finishedAt: string | undefined; summary: RunSummary | undefined } | undefined> {
    const page = await (await this.table.get()).listEntities<RunEntity>({ queryOptions: { filter: `PartitionKey eq ${odata(RUNS)}` } }).byPage({ maxPageSize: 1 }).next();
    const row = page.done === true ? undefined : page.value[0];
    if (row === undefined) return undefined;
    const text = joinChunks(row as unknown as Record<string, unknown>, 's');
    return { id: row.runId, startedAt: row.startedAt, finishedAt: row.finishedAt, summary: text === '' ? undefined : (JSON.parse(text) as RunSummary) };
  }

  async lastFinishedStartedAt(): Promise<string | undefined> {
    const rows = await listAll<RunEntity>(await this.table.get(), `PartitionKey eq ${odata(RUNS)}`, ['startedAt', 'finishedAt', 'dryRun']);
    let latest: string | undefined;
    for (const row of rows) if (row.finishedAt !== undefined && !row.dryRun && (latest === undefined || row.startedAt > latest)) latest = row.startedAt;
    return latest;
  }
}

/** The summary as JSON that fits one entity, shortening its lists of names if it must. */
function fitted(summary: RunSummary): string {
  const limit = CHUNK * PER_ENTITY;
  let json = JSON.stringify(summary);
  for (let keep = Math.max(summary.unreachableOwners.length, summary.unreadableSessions?.length ?? 0); json.length > limit && keep > 0; keep = Math.floor(keep / 2)) {
    json = JSON.stringify({
      ...summary,
      unreachableOwners: shortened(summary.unreachableOwners, keep),
      ...(summary.unreadableSessions === undefined ? {} : { unreadableSessions: shortened(summary.unreadableSessions, keep) }),
    });
  }
  return json;
}

const shortened = (list: string[], keep: number): string[] => (list.length <= keep ? list : [...list.slice(0, keep), `… and ${list.length - keep} more`]);
