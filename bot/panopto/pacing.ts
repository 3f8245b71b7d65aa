import { realClock, SlidingWindowLimiter, type Clock, type Window } from '../reminders/rateLimiter';

/**
 * Panopto limits each API client per endpoint (method + path template): 5 requests a second, 100 a minute and 5,000
 * an hour by default, 429 beyond. Every call to Panopto goes through one EndpointPacer, so the detail and viewer
 * fan-out, the folder walk and the incremental sync each wait for their own endpoint's room, never for each other's.
 */

export interface PanoptoLimits {
  perSecond: number;
  perMinute: number;
  perHour: number;
}

export const PANOPTO_LIMITS: PanoptoLimits = { perSecond: 5, perMinute: 100, perHour: 5_000 };

/**
 * The windows for these limits. `timeScale` > 1 shrinks time (tests and the fake share it, so a "minute" can last a
 * second); `guardMs` widens each window by a little real time, because a request stamped here reaches Panopto a
 * little later and two of them can arrive closer together than they left (a busy event loop, the network); a quarter
 * of a second costs a fifth of the per-second rate and almost nothing of the minute and hour.
 */
export function panoptoWindows(limits: PanoptoLimits, timeScale = 1, guardMs = 250): Window[] {
  return [
    { limit: limits.perSecond, ms: 1_000 / timeScale + guardMs },
    { limit: limits.perMinute, ms: 60_000 / timeScale + guardMs },
    { limit: limits.perHour, ms: 3_600_000 / timeScale + guardMs },
  ];
}

/** Collections whose next path segment is an id: `sessions/abc/viewers` is the endpoint `sessions/{id}/viewers`. */
const ID_AFTER = new Set(['folders', 'sessions', 'reports', 'users', 'playlists', 'captionproviders']);

/** The endpoint a request counts against, e.g. `GET sessions/{id}/viewers`. */
export function endpointOf(method: string, path: string): string {
  const segments = path.replace(/^\/+|\/+$/g, '').split('/');
  const template = segments.map((segment, i) => (i > 0 && ID_AFTER.has((segments[i - 1] as string).toLowerCase()) ? '{id}' : segment));
  return `${method.toUpperCase()} ${template.join('/')}`;
}

export class EndpointPacer {
  private readonly limiters = new Map<string, SlidingWindowLimiter>();
  private readonly windows: Window[];

  constructor(
    limits: PanoptoLimits = PANOPTO_LIMITS,
    private readonly clock: Clock = realClock,
    options: { timeScale?: number; guardMs?: number } = {},
  ) {
    this.windows = panoptoWindows(limits, options.timeScale ?? 1, options.guardMs ?? 250);
  }

  private deadline: number | undefined;

  /** Waits until the endpoint has room in all three windows, and takes it; refused (WaitTooLong) past the deadline. */
  acquire(endpoint: string): Promise<void> {
    return this.limiter(endpoint).acquire('bulk', this.deadline);
  }

  /** A crawl's budget: no request waits past this time (undefined: no limit). */
  stopAt(deadline: number | undefined): void {
    this.deadline = deadline;
  }

  /** Panopto said 429 with Retry-After: nobody calls that endpoint again before then. */
  pauseFor(endpoint: string, ms: number): void {
    this.limiter(endpoint).pauseUntil(this.clock.now() + ms);
  }

  /** Requests let through so far, per endpoint. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.limiters].map(([endpoint, limiter]) => [endpoint, limiter.acquired]));
  }

  private limiter(endpoint: string): SlidingWindowLimiter {
    let limiter = this.limiters.get(endpoint);
    if (limiter === undefined) {
      limiter = new SlidingWindowLimiter(this.windows, this.clock);
      this.limiters.set(endpoint, limiter);
    }
    return limiter;
  }
}
