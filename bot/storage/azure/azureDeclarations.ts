import type { TableEntityResult } from '@azure/data-tables';
import type { NoticeKind } from '../../reminders/planner';
import type { LocalDate } from '../../rules/dates';
import type { OwnerDeclarations } from '../../rules/videoStatus';
import type { DeclarationRepository } from '../reminderRepositories';
import { isConflict, type AzureAccount } from './azureAccount';
import { listAll, odata, readEntity, tableKey } from './azureReminderKeys';

interface DeclarationEntity {
  videoId: string;
  mediaAlternativeReason?: string;
  mediaAlternativeBy?: string;
  mediaAlternativeAt?: string;
  captionsConfirmedBy?: string;
  captionsConfirmedAt?: string;
  keepUntil?: string;
  automaticCheckedBy?: string;
  automaticCheckedAt?: string;
  captionRequestState?: 'scheduling' | 'scheduled';
  captionRequestBy?: string;
  captionRequestAt?: string;
  captionRequestProblem?: string;
}

interface SnoozeEntity {
  videoId: string;
  kind: string;
  until: string;
  by: string;
  at: string;
}

const DECLARATIONS = 'video';
const SNOOZES = 'snooze';

const toDeclarations = (e: DeclarationEntity | undefined): OwnerDeclarations => {
  if (e === undefined) return {};
  const d: OwnerDeclarations = {};
  if (e.mediaAlternativeReason !== undefined) d.mediaAlternative = { reason: e.mediaAlternativeReason, at: e.mediaAlternativeAt ?? '' };
  if (e.captionsConfirmedAt !== undefined) d.captionsConfirmedAt = e.captionsConfirmedAt;
  if (e.keepUntil !== undefined) d.keepUntil = e.keepUntil;
  if (e.automaticCheckedAt !== undefined) d.automaticCaptionsCheckedAt = e.automaticCheckedAt;
  if (e.captionRequestState === 'scheduled' && e.captionRequestAt !== undefined) d.captionsRequestedAt = e.captionRequestAt;
  return d;
};

/** The stored fields of an entity read back, without the service's metadata, for a conditional Replace. */
function fieldsOf(row: TableEntityResult<DeclarationEntity>): DeclarationEntity & { partitionKey: string; rowKey: string } {
  const { etag: _etag, timestamp: _timestamp, ...rest } = row as TableEntityResult<DeclarationEntity> & { timestamp?: unknown };
  delete (rest as Record<string, unknown>)['odata.metadata'];
  return rest as DeclarationEntity & { partitionKey: string; rowKey: string };
}

/**
 * What owners declared per video (partition "video") and their snoozes (partition "snooze"), in one table. A plain
 * declaration is a Merge of its own fields, so two people declaring different things never undo each other; the
 * caption request claim is conditional (If-Match, create-only), so one click across all instances asks Panopto.
 */
export class AzureDeclarations implements DeclarationRepository {
  private readonly table;

  constructor(account: AzureAccount) {
    this.table = account.table('Declarations');
  }

  async all(): Promise<Map<string, OwnerDeclarations>> {
    const rows = await listAll<DeclarationEntity>(await this.table.get(), `PartitionKey eq ${odata(DECLARATIONS)}`);
    return new Map(rows.map((e) => [e.videoId, toDeclarations(e)]));
  }

  async get(videoId: string): Promise<OwnerDeclarations> {
    return toDeclarations(await readEntity<DeclarationEntity>(await this.table.get(), DECLARATIONS, tableKey(videoId)));
  }

  async setMediaAlternative(videoId: string, reason: string, by: string, at: string): Promise<void> {
    await this.merge(videoId, { mediaAlternativeReason: reason, mediaAlternativeBy: by, mediaAlternativeAt: at });
  }

  async confirmCaptions(videoId: string, by: string, at: string): Promise<void> {
    await this.merge(videoId, { captionsConfirmedBy: by, captionsConfirmedAt: at });
  }

  async setKeepUntil(videoId: string, until: LocalDate): Promise<void> {
    await this.merge(videoId, { keepUntil: until });
  }

  async checkAutomaticCaptions(videoId: string, by: string, at: string): Promise<void> {
    await this.merge(videoId, { automaticCheckedBy: by, automaticCheckedAt: at });
  }

  async claimCaptionRequest(videoId: string, by: string, at: string, staleBefore: string): Promise<'claimed' | 'scheduling' | 'scheduled'> {
    const table = await this.table.get();
    for (;;) {
      const row = await readEntity<DeclarationEntity>(table, DECLARATIONS, tableKey(videoId));
      const state = row?.captionRequestState;
      if (state === 'scheduled') return 'scheduled';
      if (state === 'scheduling' && !((row?.captionRequestAt ?? '') < staleBefore)) return 'scheduling';
      try {
        if (row === undefined) {
          await table.createEntity({ partitionKey: DECLARATIONS, rowKey: tableKey(videoId), videoId, captionRequestState: 'scheduling', captionRequestBy: by, captionRequestAt: at });
        } else {
          const { captionRequestProblem: _problem, ...kept } = fieldsOf(row);
          await table.updateEntity({ ...kept, captionRequestState: 'scheduling', captionRequestBy: by, captionRequestAt: at }, 'Replace', { etag: row.etag });
        }
        return 'claimed';
      } catch (error) {
        // Another click (here or on another instance) wrote first: read what it did.
        if (!isConflict(error)) throw error;
      }
    }
  }

  async finishCaptionRequest(videoId: string, outcome: { scheduled: true } | { scheduled: false; problem: string }): Promise<void> {
    const table = await this.table.get();
    for (;;) {
      const row = await readEntity<DeclarationEntity>(table, DECLARATIONS, tableKey(videoId));
      if (row === undefined || row.captionRequestState !== 'scheduling') return;
      const { captionRequestState: _state, ...rest } = fieldsOf(row);
      const next = outcome.scheduled ? { ...rest, captionRequestState: 'scheduled' as const } : { ...rest, captionRequestProblem: outcome.problem.slice(0, 500) };
      try {
        await table.updateEntity(next, 'Replace', { etag: row.etag });
        return;
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
  }

  async snooze(videoId: string, kind: NoticeKind, until: LocalDate, by: string, at: string): Promise<void> {
    const entity: SnoozeEntity = { videoId, kind, until, by, at };
    await (await this.table.get()).upsertEntity({ partitionKey: SNOOZES, rowKey: tableKey(`${videoId}|${kind}`), ...entity }, 'Replace');
  }

  async snoozes(): Promise<Map<string, LocalDate>> {
    const rows = await listAll<SnoozeEntity>(await this.table.get(), `PartitionKey eq ${odata(SNOOZES)}`);
    return new Map(rows.map((e) => [`${e.videoId}|${e.kind}`, e.until]));
  }

  private async merge(videoId: string, fields: Partial<DeclarationEntity>): Promise<void> {
    await (await this.table.get()).upsertEntity({ partitionKey: DECLARATIONS, rowKey: tableKey(videoId), videoId, ...fields }, 'Merge');
  }
}
