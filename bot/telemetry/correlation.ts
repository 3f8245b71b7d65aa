import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id that ties together every log line of one turn or one reminder run, however deep the code that writes it:
 * kept in the async context, so no logger has to be handed down. The logger adds it to each record (logger.ts).
 */
export type Correlation = { turnId: string } | { runId: string };

const current = new AsyncLocalStorage<Correlation>();

export function withCorrelation<T>(correlation: Correlation, work: () => Promise<T>): Promise<T> {
  return current.run(correlation, work);
}

/** The fields to add to a log record: the current turn's or run's id, or nothing outside one. */
export function correlationFields(): Correlation | Record<string, never> {
  return current.getStore() ?? {};
}
