import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { statusText } from './reminders/digestText';
import { scheduleReminders } from './reminders/schedule';
import { localDate } from './rules/dates';
import { videoStatus } from './rules/videoStatus';

/**
 * npm run reminders -- --once        one run: read Panopto (or the demo data), send what is due, print the summary
 * npm run reminders -- --once --dry-run   print what would be sent; send and record nothing
 * npm run reminders                  stay up and run daily at the policy's time
 *
 * The same composition as the bot (buildApp: the configured store, Teams, Graph, Panopto), so a run from here does
 * what the bot's daily run does, on SQLite or on Azure. Nothing listens.
 */
async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const unknown = [...args].filter((a) => !['--once', '--dry-run'].includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown option ${unknown.join(' ')}. Use --once [--dry-run].\n`);
    process.exit(2);
  }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = buildApp(config, logger);
  const { policy, store } = app;
  const { service } = app.reminders;

  if (!args.has('--once')) {
    scheduleReminders(service, policy, logger, { catchUpEveryMs: config.remindersCatchUpMs });
    return;
  }
  try {
    const report = await service.runOnce({ dryRun: args.has('--dry-run') });
    if (report.status === 'busy') {
      process.stdout.write('Another reminder run is in progress; nothing done.\n');
    } else if (report.status === 'dry-run') {
      process.stdout.write(`Dry run: ${report.digests.length} digest(s) would be sent (${report.skipped} notice(s) already sent earlier).\n`);
      for (const digest of report.digests) {
        process.stdout.write(`\n${digest.ownerKey}\n`);
        for (const n of digest.notices) {
          const video = await store.videos.getVideo(n.videoId);
          const captionState = video === undefined ? undefined : videoStatus(video, await store.declarations.get(n.videoId), policy, localDate(new Date(), policy.timeZone)).captions.state;
          process.stdout.write(`  - ${video?.title ?? n.videoId}: ${statusText(n.kind, n.date, n.daysLeft, 'en', captionState)}\n`);
        }
      }
    } else {
      const s = report.summary;
      process.stdout.write(
        `Reminder run ${report.runId}: planned ${s.planned} notice(s) in ${s.digests} digest(s); sent ${s.sent}, ` +
          `skipped ${s.skipped} (already sent), failed ${s.failed}, unreachable ${s.unreachable}.\n`,
      );
      if (s.unreachableOwners.length > 0) process.stdout.write(`Owners the bot cannot reach (for support):\n  ${s.unreachableOwners.join('\n  ')}\n`);
      if ((s.failedOwners ?? []).length > 0) process.stdout.write(`Owners not reached this time (tried again next run):\n  ${(s.failedOwners ?? []).join('\n  ')}\n`);
      if ((s.waitingForRetry ?? 0) > 0) process.stdout.write(`${s.waitingForRetry} digest(s) still failing for now; the next run tries them again.\n`);
      if ((s.redelivered ?? 0) + (s.expiredUndelivered ?? 0) > 0) {
        process.stdout.write(`Not delivered earlier: ${s.redelivered ?? 0} notice(s) planned again, ${s.expiredUndelivered ?? 0} no longer relevant.\n`);
      }
      if ((s.unreadableSessions ?? []).length > 0) process.stdout.write(`Sessions Panopto would not show (last known facts used):\n  ${(s.unreadableSessions ?? []).join('\n  ')}\n`);
      if (s.captionPreviewUnavailable !== undefined) {
        process.stdout.write(`Automatic captions could not be told from checked ones: ${s.captionPreviewUnavailable}. Caption files decided instead.\n`);
      }
      if (s.crawl?.budgetReached === true) {
        const c = s.crawl;
        process.stdout.write(
          `Panopto not fully read within the run's budget (the next run continues): ${c.passComplete ? 'every folder listed' : `${c.foldersLeft} folder(s) still to list`}, ` +
            `${c.sessionsNeverRead} of ${c.sessionsListed} listed session(s) never read, ${c.readsDeferred} read(s) left for the next run.\n`,
        );
      }
      if (s.crawl?.incrementalRefused !== undefined) {
        process.stdout.write(`Panopto refused the incremental sync (${s.crawl.incrementalRefused}): folders were listed instead; see README, "Panopto: what a real tenant must confirm".\n`);
      }
      if (s.leaseLost === true) process.stdout.write('This run lost its lease to another run and stopped sending.\n');
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Reminder run failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
