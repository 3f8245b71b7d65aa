import type { Span } from '@opentelemetry/api';

/**
 * A span processor for the Azure Monitor distro that cuts what could name a person out of the URLs automatic
 * instrumentation records: Graph is asked for `/users/{e-mail}`, table keys may be e-mails, queries may carry
 * anything. The query is dropped and each path segment with an @ (or its encoding) or a quoted key is replaced.
 * It speaks the SDK's SpanProcessor shape without importing the SDK, which only a deployment installs.
 */

const URL_ATTRIBUTES = ['url.full', 'http.url', 'http.target', 'url.path', 'url.query'];

export function scrubUrl(value: string): string {
  const [withoutQuery = ''] = value.split(/[?#]/, 1);
  return withoutQuery
    .split('/')
    .map((segment) => (/@|%40|'|%27/i.test(segment) ? '{redacted}' : segment))
    .join('/');
}

export const urlScrubber = {
  onStart(span: Span & { attributes?: Record<string, unknown> }): void {
    const attributes = span.attributes ?? {};
    for (const key of URL_ATTRIBUTES) {
      const value = attributes[key];
      if (typeof value === 'string') span.setAttribute(key, key === 'url.query' ? '' : scrubUrl(value));
    }
  },
  onEnd(): void {},
  forceFlush: async (): Promise<void> => {},
  shutdown: async (): Promise<void> => {},
};
