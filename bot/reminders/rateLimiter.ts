/**
 * Teams' published limits for bots, as sliding windows: a send waits until every window has room. Kept in memory
 * per process; the outbox keeps what was sent, so a restart only loses the windows' history (and Teams' own 429s,
 * honoured with Retry-After, cover that).
 */

export interface Window {
  limit: number;
  ms: number;
  /** Applies to bulk sends only (the daily run's drain); a reply to a person is not held back by it. */
  bulkOnly?: boolean;
}

/** A bulk send (reminders, proactive posts) or a reply to someone waiting for it. */
export type SendKind = 'bulk' | 'reply';

/** Per conversation thread: 7 per second, 8 per 2 s, 60 per 30 s, 1800 per hour. */
export const TEAMS_PER_CONVERSATION: readonly Window[] = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1_800, ms: 3_600_000 },
];

/**
 * Per app per tenant: 50 requests per second, every connector call included. Sends are paced (one per 20 ms) rather
 * than let out 50 at a time: a burst reaches Teams spread over the time the SDK takes to send it, and the tail of
 * one burst plus the head of the next would exceed Teams' window. The 30 ms of guard absorbs the remaining jitter.
 */
export const TEAMS_PER_TENANT: readonly Window[] = tenantWindows(50);

/** The per-tenant windows for a limit of `rps` calls per second (Teams documents 50). */
export function tenantWindows(rps: number): readonly Window[] {
  return [
    { limit: rps, ms: 1_030 },
    { limit: 1, ms: Math.ceil(1000 / rps), bulkOnly: true },
  ];
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

export class WaitTooLong extends Error {
  constructor() {
    super('the limiter would not let this through before the time given');
    this.name = 'WaitTooLong';
  }
}

export class SlidingWindowLimiter {
  /** Send times within the longest window, oldest first. */
  private readonly stamps: number[] = [];
  private readonly longest: number;
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Sends let through so far, for the record (and tests). */
  acquired = 0;

  constructor(
    private readonly windows: readonly Window[],
    private readonly clock: Clock = realClock,
  ) {
    this.longest = Math.max(...windows.map((w) => w.ms));
  }

  /**
   * Waits for room in every window that applies and takes it. Callers are served in order. A reply counts in every
   * window but is not spaced out like a bulk send: it may use the per-second allowance at once, so a person never
   * waits on pacing meant for a drain of thousands. With `giveUpAt`, a caller whose turn would come after that time
   * is refused (WaitTooLong) instead of waiting, and takes no room.
   */
  acquire(kind: SendKind = 'bulk', giveUpAt?: number): Promise<void> {
    const turn = this.queue.then(() => this.waitForRoom(kind, giveUpAt));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** After a 429: nobody sends before this time. */
  pauseUntil(at: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, at);
  }

  /** How long until the next send of this kind may go, 0 if now. */
  delay(now = this.clock.now(), kind: SendKind = 'bulk'): number {
    while (this.stamps.length > 0 && (this.stamps[0] as number) <= now - this.longest) this.stamps.shift();
    let wait = Math.max(0, this.pausedUntil - now);
    for (const window of this.windows) {
      if (window.bulkOnly === true && kind === 'reply') continue;
      const inWindow = this.countSince(now - window.ms);
      if (inWindow >= window.limit) {
        // The oldest send in this window that must age out before there is room again.
        const oldest = this.stamps[this.stamps.length - window.limit] as number;
        wait = Math.max(wait, oldest + window.ms - now);
      }
    }
    return wait;
  }

  private countSince(since: number): number {
    // Stamps are sorted: count from the end.
    let count = 0;
    for (let i = this.stamps.length - 1; i >= 0 && (this.stamps[i] as number) > since; i--) count++;
    return count;
  }

  private async waitForRoom(kind: SendKind, giveUpAt = Number.POSITIVE_INFINITY): Promise<void> {
    for (;;) {
      const wait = this.delay(this.clock.now(), kind);
      if (wait <= 0) break;
      if (this.clock.now() + wait > giveUpAt) throw new WaitTooLong();
      await this.clock.sleep(wait);
    }
    this.stamps.push(this.clock.now());
    this.acquired++;
  }
}
