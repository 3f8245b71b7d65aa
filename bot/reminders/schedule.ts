import { Cron } from 'croner';
import type { Logger } from '../logger';
import type { Policy } from '../rules/policy';
import type { ReminderService } from './reminderService';

/** The daily run at the policy's local time (e.g. 09:00 Helsinki time, DST included). */
export function scheduleReminders(service: ReminderService, policy: Policy, logger: Logger): Cron {
  const [hour, minute] = policy.reminders.sendAt.split(':').map(Number);
  // protect: a run still going at the next tick is not started twice in this process (the store's lease covers others).
  const job = new Cron(`${minute} ${hour} * * *`, { timezone: policy.timeZone, protect: true }, async () => {
    try {
      await service.runOnce();
    } catch (error) {
      logger.error({ err: error }, 'reminder run failed');
    }
  });
  logger.info({ next: job.nextRun()?.toISOString(), at: policy.reminders.sendAt, timeZone: policy.timeZone }, 'daily reminders scheduled');
  return job;
}
