import type { Logger } from '../logger';
import { WaitTooLong } from '../reminders/rateLimiter';
import { EndpointPacer, endpointOf } from './pacing';

/**
 * Panopto's REST API (https://{server}/Panopto/api/v1/) with OAuth2 tokens. Renews tokens before they expire, pages
 * with 0-based pageNumber until an empty page, retries 429/5xx and network failures with backoff, re-authenticates
 * once on 401/403, and fails with a message that names what failed (never a secret).
 */

export type PanoptoAuth =
  | { grant: 'password'; clientId: string; clientSecret: string; username: string; password: string }
  | { grant: 'client_credentials'; clientId: string; clientSecret: string };

export interface PanoptoClientOptions {
  /** e.g. https://xamk.cloud.panopto.eu */
  baseUrl: string;
  auth: PanoptoAuth;
  timeoutMs: number;
  maxAttempts: number;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Per-endpoint pacing shared by every call (Panopto's default limits unless given). */
  pacer?: EndpointPacer;
  /** The HTTP client; the global fetch unless given (the crawl bench answers in process, in simulated time). */
  fetch?: typeof fetch;
}

export class PanoptoError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PanoptoError';
  }
}

const RENEW_BEFORE_EXPIRY_MS = 60_000;
const MAX_PAGES = 100_000;
const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

interface Token {
  value: string;
  renewAt: number;
}

export class PanoptoClient {
  private token: Token | undefined;
  private tokenRequest: Promise<Token> | undefined;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly base: string;
  readonly pacer: EndpointPacer;

  constructor(private readonly options: PanoptoClientOptions) {
    this.pacer = options.pacer ?? new EndpointPacer();
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  /** GET an API path; undefined when Panopto says 404 (e.g. a session deleted since it was listed). */
  async get<T>(path: string, query: Record<string, string | number> = {}): Promise<T | undefined> {
    const url = new URL(`${this.base}/Panopto/api/v1/${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
    return this.send<T>('GET', path, url, undefined, { idempotent: true });
  }

  /**
   * POST a JSON body to an API path. `idempotent`: whether a call that may have reached Panopto (a timeout, a 5xx)
   * may be sent again; a 429 is always retried (Panopto did not act on it). 401/403 after a new token throws with
   * the status, so callers can tell "not permitted" from "not working".
   */
  async post<T>(path: string, body: unknown, idempotent: boolean): Promise<T> {
    const answer = await this.send<T>('POST', path, `${this.base}/Panopto/api/v1/${path}`, JSON.stringify(body), { idempotent });
    if (answer === undefined) throw new PanoptoError(`Panopto has no ${path} (HTTP 404)`, 404);
    return answer;
  }

  /**
   * One call, with what every call needs: a token (renewed once on 401/403), the endpoint's pace (every attempt counts,
   * retries and re-authenticated ones too), retries with backoff on network errors and 429/5xx (a call that may have
   * reached Panopto only when it is idempotent), and Retry-After on a 429 held for every caller of that endpoint.
   */
  private async send<T>(method: 'GET' | 'POST', path: string, url: URL | string, body: string | undefined, options: { idempotent: boolean }): Promise<T | undefined> {
    const endpoint = endpointOf(method, path);
    let reauthenticated = false;
    let lastProblem = '';
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      let response: Response;
      try {
        const token = await this.currentToken();
        await this.pacer.acquire(endpoint);
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
        if (body !== undefined) headers['content-type'] = 'application/json';
        response = await (this.options.fetch ?? fetch)(url, { method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(this.options.timeoutMs) });
      } catch (error) {
        if (error instanceof PanoptoError || error instanceof WaitTooLong) throw error;
        lastProblem = describeNetworkError(error);
        if (!options.idempotent) break;
        await this.backoff(attempt, undefined);
        continue;
      }
      if (response.ok) return (await response.json()) as T;
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      if ((response.status === 401 || response.status === 403) && !reauthenticated) {
        // Tokens can expire early or be revoked; a fresh one gets one more try.
        await response.body?.cancel();
        reauthenticated = true;
        this.token = undefined;
        attempt--;
        continue;
      }
      const detail = await errorMessage(response);
      if (response.status === 401 || response.status === 403) {
        throw new PanoptoError(`Panopto refused access to ${path} (HTTP ${response.status}) even with a new token: check the API user's permissions${detail}`, response.status);
      }
      if (!RETRYABLE.has(response.status) || (response.status !== 429 && !options.idempotent)) {
        throw new PanoptoError(`Panopto rejected ${path} (HTTP ${response.status})${detail}`, response.status);
      }
      lastProblem = `HTTP ${response.status}${detail}`;
      const retryAfter = response.headers.get('retry-after') ?? undefined;
      const pause = retryAfterMs(retryAfter);
      // Panopto's word on when to come back holds for every caller of this endpoint, not just this one.
      if (response.status === 429 && pause !== undefined) this.pacer.pauseFor(endpoint, pause);
      await this.backoff(attempt, retryAfter);
    }
    throw new PanoptoError(`Panopto did not answer ${path} after ${this.options.maxAttempts} attempts (last: ${lastProblem})`);
  }

  /** Every item of a paged list: pageNumber 0, 1, … until a page comes back empty. */
  async *pages<T>(path: string): AsyncGenerator<T> {
    for (let pageNumber = 0; pageNumber < MAX_PAGES; pageNumber++) {
      const page = await this.get<{ Results?: T[] }>(path, { pageNumber });
      const results = page?.Results ?? [];
      if (results.length === 0) return;
      yield* results;
    }
  }

  /** Signs in afresh (the readiness probe: can a token be had now?); the new token serves the calls that follow. */
  async signIn(): Promise<void> {
    this.token = undefined;
    await this.currentToken();
  }

  private async currentToken(): Promise<string> {
    if (this.token !== undefined && Date.now() < this.token.renewAt) return this.token.value;
    // One token request at a time, however many calls run concurrently.
    this.tokenRequest ??= this.requestToken().finally(() => (this.tokenRequest = undefined));
    this.token = await this.tokenRequest;
    return this.token.value;
  }

  private async requestToken(): Promise<Token> {
    const { auth } = this.options;
    const form = new URLSearchParams({ grant_type: auth.grant, scope: 'api' });
    if (auth.grant === 'password') {
      form.set('username', auth.username);
      form.set('password', auth.password);
    }
    const basic = Buffer.from(`${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`).toString('base64');
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(`${this.base}/Panopto/oauth2/connect/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw new PanoptoError(`Cannot reach Panopto at ${this.base} to sign in (${describeNetworkError(error)}): check PANOPTO_SERVER`);
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: unknown };
      // Only an OAuth error code (RFC 6749 5.2, e.g. invalid_grant): free text there may echo what was sent, the password included.
      const code = typeof body.error === 'string' && /^[a-z_]{1,40}$/.test(body.error) ? `, ${body.error}` : '';
      const which = auth.grant === 'password' ? 'PANOPTO_CLIENT_ID/PANOPTO_CLIENT_SECRET or PANOPTO_USERNAME/PANOPTO_PASSWORD' : 'PANOPTO_CLIENT_ID/PANOPTO_CLIENT_SECRET';
      throw new PanoptoError(`Panopto rejected the sign-in (HTTP ${response.status}${code}): check ${which}`, response.status);
    }
    const body = (await response.json()) as { access_token?: string; expires_in?: number };
    if (typeof body.access_token !== 'string') throw new PanoptoError('Panopto answered the sign-in without an access token');
    const lifetimeMs = (body.expires_in ?? 3600) * 1000;
    this.options.logger.debug({ expiresInSeconds: body.expires_in }, 'Panopto token obtained');
    return { value: body.access_token, renewAt: Date.now() + Math.max(0, lifetimeMs - RENEW_BEFORE_EXPIRY_MS) };
  }

  /** Retry-After when Panopto gives one, else exponential backoff with full jitter. */
  private async backoff(attempt: number, retryAfter: string | undefined): Promise<void> {
    if (attempt >= this.options.maxAttempts) return;
    const waitMs = retryAfterMs(retryAfter) ?? Math.round(this.random() * Math.min(30_000, 500 * 2 ** (attempt - 1)));
    await this.sleep(waitMs);
  }
}

export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function errorMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => undefined)) as { Error?: { Message?: string } } | undefined;
  const message = body?.Error?.Message;
  return typeof message === 'string' && message !== '' ? `: ${message.slice(0, 200)}` : '';
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  return cause ?? (error instanceof Error ? error.message : 'network error');
}
