import { createHash } from 'node:crypto';
import type { BlockBlobClient } from '@azure/storage-blob';
import type { LeaseRepository } from '../reminderRepositories';
import { isConflict, isNotFound, type AzureAccount } from './azureAccount';

/** Blob leases last 15 to 60 seconds (or forever, which a killed holder would never give back). */
const MIN_LEASE_S = 15;
const MAX_LEASE_S = 60;

/**
 * A blob's lease id stands for its holder: derived from the holder's name, so any handle (a restart, a second store
 * object) can renew or release the lease by name, and taking over from a named holder is one server-side check.
 */
export function leaseIdOf(holder: string): string {
  const h = createHash('sha256').update(holder).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

interface Keeper {
  timer: NodeJS.Timeout;
  /** On this machine's clock: when the holder's lease ends unless the holder asks again. */
  until: number;
}

/**
 * Named leases as blob leases on one blob per name (container "leases"). The holder's name and the lease's intended
 * end are the blob's metadata, for `holder()`. Azure keeps a blob lease at most 60 s, while callers ask for longer
 * ones (the reminder run: 5 min, renewed every third of it), so the handle that took a lease renews the blob lease
 * itself until the requested end: a live holder keeps it, a killed one stops renewing and the lease is free within
 * `maxLeaseSeconds` of its last renewal, whatever end it asked for. A lease therefore ends between the requested end
 * and `maxLeaseSeconds` after it. Expiry is the storage service's clock, not the caller's `now`.
 */
export class AzureLeases implements LeaseRepository {
  private readonly container;
  private readonly ready = new Set<string>();
  private readonly keepers = new Map<string, Keeper>();

  constructor(
    account: AzureAccount,
    private readonly maxLeaseSeconds = MAX_LEASE_S,
  ) {
    this.container = account.container('leases');
  }

  async acquire(name: string, holder: string, now: string, expiresAt: string): Promise<boolean> {
    const blob = await this.blob(name);
    const seconds = this.seconds(Date.parse(expiresAt) - Date.parse(now));
    try {
      // With the holder's own id this also renews (and re-times) a lease it already has, or one of its own that expired.
      await blob.getBlobLeaseClient(leaseIdOf(holder)).acquireLease(seconds);
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
    return this.hold(blob, name, holder, expiresAt, Date.now() + Date.parse(expiresAt) - Date.parse(now), seconds);
  }

  async takeOver(name: string, from: string, holder: string, expiresAt: string): Promise<boolean> {
    const blob = await this.blob(name);
    const seconds = this.seconds(Date.parse(expiresAt) - Date.now());
    const previous = blob.getBlobLeaseClient(leaseIdOf(from));
    try {
      // Succeeds only while `from` still holds it (or nobody does); then the id passes to the new holder. Of two
      // taking over at once, both may get this far, but only one can change the id away from `from`'s.
      await previous.acquireLease(seconds);
      await previous.changeLease(leaseIdOf(holder));
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
    this.stop(name, from);
    return this.hold(blob, name, holder, expiresAt, Date.parse(expiresAt), seconds);
  }

  async release(name: string, holder: string): Promise<void> {
    this.stop(name, holder);
    try {
      await (await this.blob(name)).getBlobLeaseClient(leaseIdOf(holder)).releaseLease();
    } catch (error) {
      // Not ours (any more), or not leased: nothing to give back.
      if (!isConflict(error) && !isNotFound(error)) throw error;
    }
  }

  async holder(name: string): Promise<{ holder: string; expiresAt: string } | undefined> {
    try {
      const properties = await (await this.blob(name)).getProperties();
      const holder = properties.metadata?.['holder'];
      if (properties.leaseState !== 'leased' || holder === undefined) return undefined;
      return { holder: decodeURIComponent(holder), expiresAt: properties.metadata?.['expiresat'] ?? '' };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Stops renewing (a clean shutdown, or a test playing a killed holder); leases held are left to expire. */
  close(): void {
    for (const keeper of this.keepers.values()) clearInterval(keeper.timer);
    this.keepers.clear();
  }

  private async hold(blob: BlockBlobClient, name: string, holder: string, expiresAt: string, until: number, seconds: number): Promise<boolean> {
    const leaseId = leaseIdOf(holder);
    try {
      // Under the lease: if it was lost in between, the write fails and the holder does not have it.
      await blob.setMetadata({ holder: encodeURIComponent(holder), expiresat: expiresAt }, { conditions: { leaseId } });
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
    this.stop(name, holder);
    const lease = blob.getBlobLeaseClient(leaseId);
    const keeper: Keeper = {
      until,
      timer: setInterval(() => {
        if (Date.now() >= keeper.until) return this.stop(name, holder);
        // Lost (another took it after a stall): stop; the holder finds out at its next acquire.
        lease.renewLease().catch(() => this.stop(name, holder));
      }, (seconds * 1000) / 3),
    };
    keeper.timer.unref();
    this.keepers.set(`${name}\n${holder}`, keeper);
    return true;
  }

  private stop(name: string, holder: string): void {
    const key = `${name}\n${holder}`;
    const keeper = this.keepers.get(key);
    if (keeper !== undefined) clearInterval(keeper.timer);
    this.keepers.delete(key);
  }

  private seconds(ms: number): number {
    return Math.min(this.maxLeaseSeconds, Math.max(MIN_LEASE_S, Math.ceil(ms / 1000)));
  }

  private async blob(name: string): Promise<BlockBlobClient> {
    const blob = (await this.container.get()).getBlockBlobClient(encodeURIComponent(name));
    if (!this.ready.has(name)) {
      try {
        await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
      } catch (error) {
        // Already there (409/412), possibly leased by another holder: that is the point.
        if (!isConflict(error)) throw error;
      }
      this.ready.add(name);
    }
    return blob;
  }
}
