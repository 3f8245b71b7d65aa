import type { MiddlewareHandler } from 'botbuilder';
import type { SlidingWindowLimiter } from '../reminders/rateLimiter';

/** Activities the adapter never posts to Teams: an invoke's answer rides in the HTTP response, a delay is a pause. */
const LOCAL_ONLY = new Set(['invokeResponse', 'delay', 'trace']);

/**
 * Counts every message and card edit the bot makes through this adapter (replies, and proactive posts to support and
 * owners) against Teams' per-tenant limit, which the reminder sender shares: a daily run and people talking to the
 * bot at the same time stay within it together.
 */
export function paceOutgoing(limiter: SlidingWindowLimiter): MiddlewareHandler {
  return async (context, next) => {
    context.onSendActivities(async (_context, activities, send) => {
      for (const activity of activities) if (!LOCAL_ONLY.has(activity.type ?? '')) await limiter.acquire('reply');
      return send();
    });
    context.onUpdateActivity(async (_context, _activity, update) => {
      await limiter.acquire('reply');
      return update();
    });
    await next();
  };
}
