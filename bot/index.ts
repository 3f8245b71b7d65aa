import { ConfigError, loadConfig, redactConfig } from './config';
import { createLogger, routeConsoleTo } from './logger';
import { isLoopback } from './loopback';
import { startTelemetry } from './telemetry/start';

/** Starts the bot: the only entry point that reads the environment and listens. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee README.md (Configuration) and .env.example.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  routeConsoleTo(logger);
  // Node would print these as raw stacks on stderr; they go into the JSON log, and the process stops as Node's would.
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });
  logger.info({ config: redactConfig(config) }, 'starting');
  if (config.mode === 'local') {
    logger.warn(
      '*** LOCAL MODE: no MicrosoftAppId is set, so Bot Framework authentication is OFF and any caller can post to ' +
        '/api/messages. Use this only on your own machine with the Agents Playground. ***',
    );
    if (!isLoopback(config.host)) {
      logger.warn({ host: config.host }, '*** LOCAL MODE on a network address: anyone who can reach this port can use the bot. ***');
    }
  }

  const telemetry = startTelemetry(config, logger);
  // Loaded after telemetry started, so that its instrumentation sees the HTTP server and clients being loaded.
  const { buildApp } = require('./app') as typeof import('./app');
  const { scheduleReminders } = require('./reminders/schedule') as typeof import('./reminders/schedule');
  const app = buildApp(config, logger);
  await new Promise<void>((resolve) => app.server.listen(config.port, config.host, resolve));
  logger.info({ url: app.server.url, version: app.version, mode: config.mode }, 'listening');
  const schedule = config.remindersSchedule ? scheduleReminders(app.reminders.service, app.policy, logger, { catchUpEveryMs: config.remindersCatchUpMs }) : undefined;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    schedule?.stop();
    await app.close();
    await telemetry.shutdown().catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'could not flush telemetry'));
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
