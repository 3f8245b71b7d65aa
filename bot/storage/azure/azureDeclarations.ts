import { odata } from '@azure/data-tables';
import type { NoticeKind } from '../../reminders/planner';
import type { LocalDate } from '../../rules/dates';
import type { OwnerDeclarations } from '../../rules/videoStatus';
import type { DeclarationRepository } from '../reminderRepositories';
import type { AzureAccount } from './azureAccount';
import { createOnce, listAll, plain, readEntity, replaceIfUnchanged, RETRY, untilSettled } from './azureEntities';
import { keyOf } from './azureKeys';

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
    const rows = await listAll<DeclarationEntity>(await this.table.get(), odata`PartitionKey eq ${DECLARATIONS}`);
    return new Map(rows.map((e) => [e.videoId, toDeclarations(e)]));
  }

  async get(videoId: string): Promise<OwnerDeclarations> {
    return toDeclarations(await readEntity<DeclarationEntity>(await this.table.get(), DECLARATIONS, keyOf(videoId)));
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
    // Another click (here or on another instance) that wrote first is read again.
    return untilSettled(async () => {
      const row = await readEntity<DeclarationEntity>(table, DECLARATIONS, keyOf(videoId));
      const state = row?.captionRequestState;
      if (state === 'scheduled') return 'scheduled' as const;
      if (state === 'scheduling' && !((row?.captionRequestAt ?? '') < staleBefore)) return 'scheduling' as const;
      const claim = { captionRequestState: 'scheduling', captionRequestBy: by, captionRequestAt: at };
      if (row === undefined) return (await createOnce(table, { partitionKey: DECLARATIONS, rowKey: keyOf(videoId), videoId, ...claim })) ? ('claimed' as const) : RETRY;
      const { captionRequestProblem: _problem, ...kept } = plain(row);
      return (await replaceIfUnchanged(table, { ...kept, ...claim }, row.etag)) ? ('claimed' as const) : RETRY;
    }, 'claimCaptionRequest');
  }

  async finishCaptionRequest(videoId: string, outcome: { scheduled: true } | { scheduled: false; problem: string }): Promise<void> {
    const table = await this.table.get();
    await untilSettled(async () => {
      const row = await readEntity<DeclarationEntity>(table, DECLARATIONS, keyOf(videoId));
      if (row === undefined || row.captionRequestState !== 'scheduling') return undefined;
      const { captionRequestState: _state, ...rest } = plain(row);
      const next = outcome.scheduled ? { ...rest, captionRequestState: 'scheduled' as const } : { ...rest, captionRequestProblem: outcome.problem.slice(0, 500) };
      return (await replaceIfUnchanged(table, next, row.etag)) ? undefined : RETRY;
    }, 'finishCaptionRequest');
  }

  async snooze(videoId: string, kind: NoticeKind, until: LocalDate, by: string, at: string): Promise<void> {
    const entity: SnoozeEntity = { videoId, kind, until, by, at };
    await (await this.table.get()).upsertEntity({ partitionKey: SNOOZES, rowKey: keyOf(`${videoId}|${kind}`), ...entity }, 'Replace');
  }

  async snoozes(): Promise<Map<string, LocalDate>> {
    const rows = await listAll<SnoozeEntity>(await this.table.get(), odata`PartitionKey eq ${SNOOZES}`);
    return new Map(rows.map((e) => [`${e.videoId}|${e.kind}`, e.until]));
  }

  private async merge(videoId: string, fields: Partial<DeclarationEntity>): Promise<void> {
    await (await this.table.get()).upsertEntity({ partitionKey: DECLARATIONS, rowKey: keyOf(videoId), videoId, ...fields }, 'Merge');
  }
}
