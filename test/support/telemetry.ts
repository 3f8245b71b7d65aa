import { randomBytes } from 'node:crypto';
import {
  createNoopMeter,
  metrics,
  trace,
  TraceFlags,
  type Attributes,
  type Meter,
  type MeterProvider,
  type Span,
  type SpanContext,
  type SpanOptions,
  type SpanStatus,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';

/**
 * A meter and tracer provider that keep what they are given, registered globally the way an SDK registers its own
 * (startTelemetry's distro, in production). The bot's code is the same either way: it only speaks the API.
 */

export interface Point {
  instrument: string;
  value: number;
  attributes: Attributes;
}

export interface RecordedSpan {
  name: string;
  traceId: string;
  attributes: Attributes;
  status: SpanStatus | undefined;
  ended: boolean;
}

export class RecordingTelemetry {
  readonly points: Point[] = [];
  readonly spans: RecordedSpan[] = [];

  /** Registers both providers; returns what undoes it (other test files must not see them). */
  install(): () => void {
    metrics.disable();
    trace.disable();
    metrics.setGlobalMeterProvider(this.meterProvider());
    trace.setGlobalTracerProvider(this.tracerProvider());
    return () => {
      metrics.disable();
      trace.disable();
    };
  }

  reset(): void {
    this.points.length = 0;
    this.spans.length = 0;
  }

  /** The sum of an instrument's values whose attributes include `where`. */
  sum(instrument: string, where: Attributes = {}): number {
    return this.points
      .filter((p) => p.instrument === instrument && Object.entries(where).every(([key, value]) => p.attributes[key] === value))
      .reduce((total, p) => total + p.value, 0);
  }

  /** How many values an instrument (a histogram, say) was given. */
  recordings(instrument: string): number {
    return this.points.filter((p) => p.instrument === instrument).length;
  }

  /** Every attribute value given to a metric or a span. */
  attributeValues(): unknown[] {
    return [...this.points.map((p) => p.attributes), ...this.spans.map((s) => s.attributes)].flatMap((attributes) => Object.values(attributes));
  }

  private meterProvider(): MeterProvider {
    const record = (instrument: string) => (value: number, attributes: Attributes = {}) => this.points.push({ instrument, value, attributes });
    return {
      getMeter: (): Meter =>
        Object.assign(Object.create(createNoopMeter()) as Meter, {
          createCounter: (name: string) => ({ add: record(name) }),
          createUpDownCounter: (name: string) => ({ add: record(name) }),
          createHistogram: (name: string) => ({ record: record(name) }),
          createGauge: (name: string) => ({ record: record(name) }),
        }),
    };
  }

  private tracerProvider(): TracerProvider {
    const spans = this.spans;
    const startSpan = (name: string, options: SpanOptions = {}): Span => {
      const recorded: RecordedSpan = { name, traceId: randomBytes(16).toString('hex'), attributes: { ...options.attributes }, status: undefined, ended: false };
      spans.push(recorded);
      const context: SpanContext = { traceId: recorded.traceId, spanId: randomBytes(8).toString('hex'), traceFlags: TraceFlags.SAMPLED };
      const span: Span = {
        spanContext: () => context,
        setAttribute: (key, value) => ((recorded.attributes[key] = value), span),
        setAttributes: (attributes) => (Object.assign(recorded.attributes, attributes), span),
        addEvent: () => span,
        addLink: () => span,
        addLinks: () => span,
        setStatus: (status) => ((recorded.status = status), span),
        updateName: (newName) => ((recorded.name = newName), span),
        end: () => void (recorded.ended = true),
        isRecording: () => !recorded.ended,
        recordException: () => undefined,
      };
      return span;
    };
    const tracer: Tracer = {
      startSpan,
      // (name, fn), (name, options, fn) or (name, options, context, fn): the function comes last.
      startActiveSpan: ((name: string, ...args: unknown[]) => {
        const fn = args[args.length - 1] as (span: Span) => unknown;
        const options = args.length > 1 ? (args[0] as SpanOptions) : {};
        return fn(startSpan(name, options));
      }) as Tracer['startActiveSpan'],
    };
    return { getTracer: () => tracer };
  }
}
