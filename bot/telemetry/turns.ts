import { randomUUID } from 'node:crypto';
import { withCorrelation } from './correlation';
import { botMetrics } from './metrics';
import { inSpan } from './tracing';

/**
 * One activity from Teams, observed: a span, its duration by activity type and HTTP status, and a turn id on every
 * log line written while it runs. The turn id is the trace id when an SDK records traces (a log line then leads to
 * its trace in Application Insights), else the activity's id, which Teams keeps when it delivers the activity again.
 */
export function observeTurn(activity: { type: string; id?: string | undefined }, status: () => number, work: () => Promise<void>): Promise<void> {
  const started = performance.now();
  return inSpan('bot.turn', { 'bot.activity_type': activity.type }, (traceId, span) =>
    withCorrelation({ turnId: traceId ?? activity.id ?? randomUUID() }, async () => {
      try {
        await work();
      } finally {
        span.setAttribute('http.response.status_code', status());
        botMetrics.turn(activity.type, status(), performance.now() - started);
      }
    }),
  );
}
