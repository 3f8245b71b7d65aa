import pino, { type Logger } from 'pino';

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
