import assert from 'node:assert/strict';
import { classify } from '../../bot/reminders/sender';
import { SlidingWindowLimiter, TEAMS_PER_CONVERSATION, TEAMS_PER_TENANT, type Clock } from '../../bot/reminders/rateLimiter';

/** A clock that only moves when someone waits: tests never sleep. */
function fakeClock(): Clock & { t: number } {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}

async function sendTimes(limiter: SlidingWindowLimiter, clock: Clock, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await limiter.acquire();
    times.push(clock.now());
  }
  return times;
}

function maxInWindow(times: number[], ms: number): number {
  let max = 0;
  for (let i = 0; i < times.length; i++) max = Math.max(max, times.filter((t) => t >= (times[i] as number) && t < (times[i] as number) + ms).length);
  return max;
}

describe("Teams' rate limits", () => {
  it('sends at most 50 per second per tenant, evenly paced, within 3 % of the fastest the limit allows', async () => {
    const clock = fakeClock();
    const times = await sendTimes(new SlidingWindowLimiter(TEAMS_PER_TENANT, clock), clock, 500);
    assert.ok(maxInWindow(times, 1000) <= 50);
    assert.ok(times.slice(1).every((t, i) => t - (times[i] as number) >= 20), 'no two sends closer than 20 ms');
    const last = times.at(-1) as number;
    assert.ok(last >= 9_980 && last <= 9_980 * 1.03, `500 sends took ${last} ms`);
  });

  it('a reply to a person is not spaced out like a drain, but counts in the per-second window with it', async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter(TEAMS_PER_TENANT, clock);
    await limiter.acquire('bulk');
    await limiter.acquire('reply');
    assert.equal(clock.now(), 0, 'the reply went at once');
    const times: number[] = [];
    for (let i = 0; i < 60; i++) {
      await limiter.acquire('reply');
      times.push(clock.now());
    }
    assert.ok(maxInWindow([0, 0, ...times], 1000) <= 50, 'replies and bulk sends together stay within 50 per second');
    await limiter.acquire('bulk');
    const afterBulk = clock.now();
    await limiter.acquire('bulk');
    assert.ok(clock.now() - afterBulk >= 20, 'bulk sends are still paced');
  });

  it('keeps every per-conversation window: 7/1 s, 8/2 s, 60/30 s', async () => {
    const clock = fakeClock();
    const times = await sendTimes(new SlidingWindowLimiter(TEAMS_PER_CONVERSATION, clock), clock, 130);
    assert.ok(maxInWindow(times, 1_000) <= 7);
    assert.ok(maxInWindow(times, 2_000) <= 8);
    assert.ok(maxInWindow(times, 30_000) <= 60);
  });

  it('holds every sender after a 429 until the pause ends', async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter(TEAMS_PER_TENANT, clock);
    await limiter.acquire();
    limiter.pauseUntil(5_000);
    await limiter.acquire();
    assert.equal(clock.now(), 5_000);
  });

  it('serves concurrent callers in order without exceeding the limit', async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter([{ limit: 2, ms: 1000 }], clock);
    const times: number[] = [];
    await Promise.all(Array.from({ length: 6 }, async () => {
      await limiter.acquire();
      times.push(clock.now());
    }));
    assert.deepEqual(times, [0, 0, 1000, 1000, 2000, 2000]);
  });
});

describe('What a Teams error means for a reminder', () => {
  const err = (statusCode: number | undefined, code = '') => Object.assign(new Error('x'), { statusCode, code });
  const cases: Array<[string, unknown, string]> = [
    ['429: wait and retry', err(429, 'Throttled'), 'retry'],
    ['412: retry with backoff', err(412), 'retry'],
    ['502/503/504: retry with backoff', err(503), 'retry'],
    ['a network failure: retry', err(undefined), 'retry'],
    ['403 app not installed: stop, reinstall', err(403, 'BotNotInConversationRoster'), 'gone'],
    ['403 blocked by the user: stop until they write', err(403, 'ConversationBlockedByUser'), 'gone'],
    ['403 disabled by an admin', err(403, 'BotDisabledByAdmin'), 'gone'],
    ['404 conversation gone: drop the reference', err(404, 'ConversationNotFound'), 'gone'],
    ['413 too big: never retried', err(413, 'MessageSizeTooBig'), 'dead'],
    ['400 bad request: never retried', err(400), 'dead'],
  ];
  for (const [name, error, kind] of cases) it(name, () => assert.equal(classify(error).kind, kind));
});
