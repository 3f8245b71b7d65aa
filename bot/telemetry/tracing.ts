import { isSpanContextValid, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

/**
 * Spans through the OpenTelemetry API only: with no SDK registered (tests, local mode, no Application Insights) they
 * cost nothing and have no valid trace id. Attributes carry kinds and outcomes, never text people typed.
 */

const TRACER = 'panopto-rules-bot';

/**
 * Runs `work` in a span named `name`; `work` gets the trace id when an SDK records one (for the log's correlation
 * id, so a log line leads to its trace in Application Insights), else undefined. A failure marks the span.
 */
export function inSpan<T>(name: string, attributes: Attributes, work: (traceId: string | undefined, span: Span) => Promise<T>): Promise<T> {
  return trace.getTracer(TRACER).startActiveSpan(name, { attributes }, async (span) => {
    const context = span.spanContext();
    try {
      return await work(isSpanContextValid(context) ? context.traceId : undefined, span);
    } catch (error) {
      // The error's name only: its message may quote input.
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}
