import type { Notice, OwnerDigest } from '../../reminders/planner';
import type { DigestRecord, ReminderOutbox, RunSummary } from '../reminderRepositories';
import { isConflict, isNotFound, type AzureAccount } from './azureAccount';
import { AzureDigestRows, type DigestRow } from './azureDigestRows';
import { AzureNoticeKeys } from './azureNoticeKeys';
import { inParallel } from './azureBatches';
import { takeIds } from './azureCounter';
import { AzureReminderRuns } from './azureReminderRuns';

/** Digests enqueued per step together, and digests handled at once. */
const GROUP = 50;
const PARALLEL = 8;

/**
 * The reminder outbox in Azure Tables, exactly once across instances without a transaction over the whole run.
 * Digests and their index rows (azureDigestRows) change state in single transactions conditional on the digest's ETag:
 * of two senders claiming one digest one wins, and `due()` never reads the digests already sent. The notice keys
 * (azureNoticeKeys) are create-only, so a notice is planned once. `enqueue` writes, per digest:
 * 1. the digest row in state "planning" with all its notices (not due: nothing sends it yet);
 * 2. a key row per notice (create-only; one that exists for another digest drops the notice);
 * 3. the digest row again, with the notices it won, as "pending" (or removed if it won none).
 * A crash between any two writes leaves a "planning" digest: `recoverInterrupted` finishes it the same way (its keys
 * are created for it if still free), so a notice whose key was written is sent by that digest and no other, and one
 * whose key was not is planned again by the next run (and the interrupted digest then gives way). Finishing twice (a
 * live enqueue and a recovery) is harmless: both see the same key rows, and the digest's ETag lets one of them write.
 * `releaseUnsent` likewise takes a digest out of the queue ("releasing") before it frees its keys and supersedes it.
 */
export class AzureOutbox implements ReminderOutbox {
  private readonly digests;
  private readonly keys;
  private readonly runs;

  constructor(account: AzureAccount) {
    this.digests = new AzureDigestRows(account);
    this.keys = new AzureNoticeKeys(account);
    this.runs = new AzureReminderRuns(account);
  }

  plannedKeys(): Promise<Set<string>> {
    return this.keys.keys();
  }

  plannedAt(): Promise<Map<string, string>> {
    return this.keys.plannedAt();
  }

  async enqueue(runId: number, digests: readonly OwnerDigest[], at: string): Promise<number[]> {
    const work = digests.filter((d) => d.notices.length > 0);
    if (work.length === 0) return [];
    // One counter write numbers them all: unique across instances, and gaps (digests left empty) are harmless.
    const first = await takeIds(await this.digests.table(), 'digest', work.length);
    const created: number[] = [];
    for (let start = 0; start < work.length; start += GROUP) {
      const group = work.slice(start, start + GROUP).map((digest, i) => ({ digest, id: first + start + i }));
      const written = await this.digests.writePlanning(runId, group, at);
      const results = await inParallel(group, PARALLEL, async ({ digest, id }) => this.finishPlanning(id, await this.keys.claim(id, digest.notices, at), written.get(id)));
      group.forEach(({ id }, i) => results[i] && created.push(id));
    }
    return created;
  }

  async due(now: string, limit: number): Promise<DigestRecord[]> {
    const records = await inParallel(await this.digests.dueIds(now, limit), PARALLEL, (id) => this.get(id));
    return records.filter((r): r is DigestRecord => r?.state === 'pending');
  }

  async get(id: number): Promise<DigestRecord | undefined> {
    const row = await this.digests.read(id);
    if (row === undefined || row.state === 'planning') return undefined;
    const taken = row.state === 'releasing' || row.state === 'superseded';
    return {
      id: row.digestId,
      runId: row.runId,
      ownerKey: row.ownerKey,
      // Being taken back is, to a reader, what it will be once done: superseded, with its notices gone.
      state: row.state === 'releasing' ? 'superseded' : row.state,
      attempts: row.attempts,
      nextAttemptAt: row.nextAttemptAt,
      lastError: row.lastError,
      conversationId: row.conversationId,
      activityId: row.activityId,
      notices: taken ? [] : await this.digests.notices(row),
    };
  }

  nextAttemptAt(): Promise<string | undefined> {
    return this.digests.firstPendingAt();
  }

  async pendingCount(): Promise<number> {
    return (await this.digests.idsIn('pending')).length;
  }

  claim(id: number, now: string, holder: string): Promise<boolean> {
    return this.digests.transition(id, (d) => (d.state === 'pending' ? { state: 'sending', attempts: d.attempts + 1, claimedBy: holder, claimedAt: now } : undefined));
  }

  async markSent(id: number, conversationId: string, activityId: string | undefined, at: string): Promise<void> {
    await this.digests.transition(id, () => ({ state: 'sent', conversationId, activityId, sentAt: at, lastError: undefined }));
  }

  async retryLater(id: number, error: string, nextAttemptAt: string): Promise<void> {
    await this.digests.transition(id, () => ({ state: 'pending', lastError: error, nextAttemptAt }));
  }

  async markDead(id: number, reason: string): Promise<void> {
    await this.digests.transition(id, () => ({ state: 'dead', lastError: reason }));
  }

  async markFailed(id: number, reason: string): Promise<void> {
    await this.digests.transition(id, () => ({ state: 'failed', lastError: reason }));
  }

  async markUnreachable(id: number, reason: string): Promise<void> {
    await this.digests.transition(id, () => ({ state: 'unreachable', lastError: reason }));
  }

  async recoverInterrupted(senderIsGone: (holder: string) => boolean, claimedBefore: string): Promise<number> {
    let recovered = 0;
    // Enqueues cut short: finished now, so their notices are neither lost nor planned a second time.
    for (const id of await this.digests.idsIn('planning')) {
      const row = await this.digests.read(id);
      if (row?.state !== 'planning') continue;
      if (await this.finishPlanning(id, await this.keys.claim(id, await this.digests.notices(row), row.createdAt))) recovered++;
    }
    for (const id of await this.digests.idsIn('sending')) {
      const requeued = await this.digests.transition(id, (d) => {
        if (d.state !== 'sending') return undefined;
        const gone = d.claimedBy === undefined || d.claimedAt === undefined || d.claimedAt < claimedBefore || senderIsGone(d.claimedBy);
        return gone ? { state: 'pending' } : undefined;
      });
      if (requeued) recovered++;
    }
    return recovered;
  }

  async releaseUnsent(): Promise<Notice[]> {
    const released: Notice[] = [];
    const ids = [...(await this.digests.idsIn('releasing')), ...(await this.digests.idsIn('pending')), ...(await this.digests.idsIn('failed'))];
    await inParallel(ids, PARALLEL, async (id) => {
      const row = await this.digests.read(id);
      if (row === undefined || !['pending', 'failed', 'releasing'].includes(row.state)) return;
      const notices = await this.digests.notices(row);
      // Out of the queue first (a sender claiming it meanwhile wins, and it is not released), then its keys freed.
      const leaving = (d: { state: string }) => (d.state === 'pending' || d.state === 'failed' ? { state: 'releasing' as const } : undefined);
      if (row.state !== 'releasing' && !(await this.digests.transition(id, leaving, row))) return;
      await this.keys.release(id, notices);
      if (await this.digests.transition(id, (d) => (d.state === 'releasing' ? { state: 'superseded' } : undefined))) released.push(...notices);
    });
    return released;
  }

  async unsentNotices(): Promise<Notice[]> {
    const ids = [...(await this.digests.idsIn('pending')), ...(await this.digests.idsIn('failed')), ...(await this.digests.idsIn('releasing'))];
    const lists = await inParallel(ids, PARALLEL, async (id) => {
      const row = await this.digests.read(id);
      return row === undefined ? [] : this.digests.notices(row);
    });
    return lists.flat();
  }

  async unreachableOwners(): Promise<Array<{ ownerKey: string; reason: string; since: string }>> {
    const owners = new Map<string, { ownerKey: string; reason: string; since: string }>();
    for (const row of await this.digests.unreachable()) {
      // As on SQLite: per owner whatever the address's case, since the first unreachable digest, with its reason.
      const owner = row.ownerKey.toLowerCase();
      const known = owners.get(owner);
      if (known === undefined || row.createdAt < known.since) owners.set(owner, { ownerKey: row.ownerKey, reason: row.lastError ?? '', since: row.createdAt });
    }
    return [...owners.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, owner]) => owner);
  }

  startRun(at: string, dryRun: boolean): Promise<number> {
    return this.runs.start(at, dryRun);
  }

  finishRun(id: number, at: string, summary: RunSummary): Promise<void> {
    return this.runs.finish(id, at, summary);
  }

  lastRun() {
    return this.runs.last();
  }

  lastFinishedRunStartedAt(): Promise<string | undefined> {
    return this.runs.lastFinishedStartedAt();
  }

  /** Step 3 of enqueue: "pending" with the notices it won, or gone if it won none. True when it is a digest to send. */
  private async finishPlanning(id: number, won: readonly Notice[], known?: DigestRow): Promise<boolean> {
    for (let row = known; ; row = undefined) {
      row ??= await this.digests.read(id);
      if (row === undefined) return false;
      if (row.state !== 'planning') return true;
      try {
        if (won.length === 0) {
          await this.digests.remove(row);
          return false;
        }
        const before = await this.digests.notices(row);
        // Some notices were planned already (by another digest): this digest carries only the rest.
        const body = won.length === before.length ? {} : await this.digests.replacedBody(row, won);
        if (await this.digests.transition(id, (d) => (d.state === 'planning' ? { ...body, state: 'pending' } : undefined), row, 1)) {
          if (won.length !== before.length) await this.digests.dropBody(id, row.bodyVersion, row.bodyParts);
          return true;
        }
      } catch (error) {
        // Finished (or removed) by a recovery at the same moment: read again and see.
        if (!isConflict(error) && !isNotFound(error)) throw error;
      }
    }
  }
}
