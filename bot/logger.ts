import pino, { type Logger } from 'pino';
import { format } from 'node:util';

export type { Logger };

/** Keys that can carry secrets anywhere in a logged object; pino replaces their values. */
const REDACT_PATHS = [
  '*.password',
  '*.appPassword',
  '*.MicrosoftAppPassword',
  '*.clientSecret',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'req.headers.authorization',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' }, base: { app: 'panopto-rules-bot' } }, destination);
}

/**
 * Sends what libraries print with console.error/warn (the Bot Framework SDK prints whole stacks and key material
 * for a rejected token) into the JSON log as one record each, at warn level. Returns a function that undoes it.
 */
export function routeConsoleTo(logger: Logger): () => void {
  const original = { error: console.error, warn: console.warn };
  const toLog = (...args: unknown[]) => logger.warn({ console: format(...args) }, 'library output');
  console.error = toLog;
  console.warn = toLog;
  return () => Object.assign(console, original);
}
