import pino, { type Logger } from 'pino';
import { format } from 'node:util';
import { correlationFields } from './telemetry/correlation';

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
  // Every record written during a turn or a reminder run carries its id (turnId / runId), whichever logger wrote it.
  // A copy: pino merges each record's fields into the object the mixin returns.
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' }, base: { app: 'panopto-rules-bot' }, mixin: () => ({ ...correlationFields() }) }, destination);
}

/**
 * Sends what libraries print with console.error/warn (the Bot Framework SDK prints whole stacks and key material
 * for a rejected token) into the JSON log as one record each, at warn level. Returns a function that undoes it.
 */
/** JSON Web Tokens (three base64url parts, the first starting "eyJ") and Bearer values, replaced by a marker. */
export function withoutTokens(text: string): string {
  return text.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[TOKEN]').replace(/(Bearer\s+)\S+/gi, '$1[TOKEN]');
}

export function routeConsoleTo(logger: Logger): () => void {
  const original = { error: console.error, warn: console.warn };
  // The text is one string that pino's redaction cannot reach into: tokens in it are cut out here.
  const toLog = (...args: unknown[]) => logger.warn({ console: withoutTokens(format(...args)) }, 'library output');
  console.error = toLog;
  console.warn = toLog;
  return () => Object.assign(console, original);
}
