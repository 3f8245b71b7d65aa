import { Cron } from 'croner';
import type { Logger } from '../logger';
import { localDate } from '../rules/dates';
import type { Policy } from '../rules/policy';
import type { ReminderService } from './reminderService';

/** How often the server checks that today's run happened (one small query): a missed run is made up within this. */
export const CATCH_UP_EVERY_MS = 15 * 60_000;

function wallTime(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('hour')}:${part('minute')}`;
}

/**
 * Is today's daily run still owed? Yes once the local time has reached `sendAt` and no run that finished started at
 * or after today's `sendAt` (local time, in the policy's zone). Pure: the caller gives the clock and the last run.
 */
export function missedDailyRun(now: Date, lastFinishedStart: string | undefined, sendAt: string, timeZone: string): boolean {
  if (wallTime(now, timeZone) < sendAt) return false;
  if (lastFinishedStart === undefined) return true;
  const last = new Date(lastFinishedStart);
  return !(localDate(last, timeZone) === localDate(now, timeZone) && wallTime(last, timeZone) >= sendAt);
}

/**
 * The daily run at the policy's local time (e.g. 09:00 Helsinki time, DST included), and a catch-up: at start and
 * every CATCH_UP_EVERY_MS, today's run is made if it is owed (the bot was down at 09:00, the run crashed, or the
 * lease was held by a run that died).
 */
export function scheduleReminders(service: ReminderService, policy: Policy, logger: Logger, options: { catchUpEveryMs?: number } = {}): { stop(): void } {
  const [hour, minute] = policy.reminders.sendAt.split(':').map(Number);
  let running: Promise<unknown> | undefined;
  // One run at a time in this process (the store's lease covers other processes).
  const once = (work: () => Promise<unknown>) => {
    if (running !== undefined) return;
    running = work()
      .catch((error: unknown) => logger.error({ err: error }, 'reminder run failed'))
      .finally(() => (running = undefined));
  };
  const job = new Cron(`${minute} ${hour} * * *`, { timezone: policy.timeZone, protect: true }, () => once(() => service.runOnce()));
  const catchUp = setInterval(() => once(() => service.runIfMissed()), options.catchUpEveryMs ?? CATCH_UP_EVERY_MS);
  catchUp.unref();
  once(() => service.runIfMissed());
  logger.info({ next: job.nextRun()?.toISOString(), at: policy.reminders.sendAt, timeZone: policy.timeZone }, 'daily reminders scheduled');
  return {
    stop() {
      job.stop();
      clearInterval(catchUp);
    },
  };
}
