import http from 'node:http';
import AdmZip from 'adm-zip';
import { originOf, startServer, stopServer } from './httpServer';

/**
 * A Panopto server speaking the documented REST API: OAuth2 token endpoint (password and client_credentials grants),
 * folders/{id}/children, folders/{id}/sessions, sessions/{id}, sessions/{id}/viewers, accessibility/bulk/preview and
 * /schedule (admin-only), with 0-based pageNumber paging
 * until an empty page, Panopto's error bodies, and tokens that expire. Failures can be injected per path.
 */

export interface FakeSession {
  Id: string;
  Name: string;
  StartTime: string;
  FolderId: string;
  Username: string;
  CaptionDownloadUrl: string | null;
  viewers: string[];
  /**
   * The accessibility preview's ReasonCode for a transcription: 'None' (no captions), 'AlreadyHasCaptions',
   * 'AlreadyHasAsrCaptions', 'PendingRequest', 'PendingEdits'... By default from CaptionDownloadUrl.
   */
  captionReason?: string;
}

export interface FakePanoptoOptions {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  pageSize: number;
  tokenLifetimeSeconds: number;
  /** Whether the bot's account is an administrator: the accessibility calls answer 403 otherwise. */
  admin: boolean;
  /**
   * Panopto's per-endpoint limits (method + path template), enforced with 429 + Retry-After beyond. Off unless given.
   * `timeScale` shrinks the windows (60: a minute lasts a second), the same factor the client's pacer is given.
   */
  limits?: { perSecond: number; perMinute: number; perHour: number; timeScale: number };
}

const ROOT = '00000000-0000-0000-0000-000000000000';

export class FakePanopto {
  readonly folders = new Map<string, string[]>([[ROOT, []]]);
  readonly sessions = new Map<string, FakeSession>();
  readonly requests: Array<{ method: string; path: string; pageNumber: string | null; authorization: string | undefined }> = [];
  /** Answers to give instead of the real one: path prefix → queue of statuses (with optional Retry-After). */
  readonly failures = new Map<string, Array<{ status: number; retryAfter?: string }>>();
  readonly options: FakePanoptoOptions;
  /** Caption providers the accessibility preview offers. */
  readonly providers = [{ ProviderInstanceId: 7, DisplayName: 'Verbit', PricePerMinute: 1, PriceKnown: true }];
  /** The session ids of each preview call, in order. */
  readonly previewed: string[][] = [];
  /** Caption requests scheduled, in order. */
  readonly scheduled: Array<{ sessionId: string; providerInstanceId: number }> = [];
  /** What searchIndexSync/updates reports (the index-connector's incremental feed), oldest first. */
  readonly updates: Array<{ VideoId: string; UpdateTime: string }> = [];
  /**
   * The incremental feed answers only where a test turns it on (tests that change sessions between runs without
   * writing `updates` expect the folder walk); 404 otherwise, like a tenant without it. 403/401: no permission.
   */
  incrementalSync = false;
  syncRefusal: number | undefined;
  /** SOAP UsageReporting: reports queued (by id), and whether GetReport has them ready. */
  readonly reportsQueued: Array<{ id: string; reportType: string; userKey: string }> = [];
  reportsReady = true;
  /** While set, every request waits for it before it is answered: a test holds a run in the middle of its crawl. */
  gate: Promise<void> | undefined;
  /** Requests refused because an endpoint was over its limits. */
  rateLimited = 0;
  /** Arrival times per endpoint, for the limits. */
  private readonly arrivals = new Map<string, number[]>();
  private readonly validTokens = new Map<string, number>();
  private tokenCount = 0;
  private server: http.Server | undefined;

  constructor(options: Partial<FakePanoptoOptions> = {}) {
    this.options = { clientId: 'bot-client', clientSecret: 'bot-secret', username: 'svc-bot', password: 'svc-password', pageSize: 2, tokenLifetimeSeconds: 3600, admin: true, ...options };
  }

  get url(): string {
    return originOf(this.server);
  }

  /** Environment for the bot's configuration pointing at this server. */
  env(): Record<string, string> {
    return {
      PANOPTO_SERVER: this.url,
      PANOPTO_CLIENT_ID: this.options.clientId,
      PANOPTO_CLIENT_SECRET: this.options.clientSecret,
      PANOPTO_USERNAME: this.options.username,
      PANOPTO_PASSWORD: this.options.password,
    };
  }

  addFolder(id: string, parent = ROOT): void {
    this.folders.set(id, this.folders.get(id) ?? []);
    this.folders.get(parent)?.push(id);
  }

  addSession(session: Partial<FakeSession> & Pick<FakeSession, 'Id' | 'FolderId' | 'Username' | 'StartTime'>): void {
    this.sessions.set(session.Id, { Name: `Session ${session.Id}`, CaptionDownloadUrl: null, viewers: [], ...session });
  }

  /** A day passes as far as the limits go: every window is empty again. */
  forgetRequestWindows(): void {
    this.arrivals.clear();
  }

  /** Makes every token issued so far invalid, as if they had expired. */
  expireTokens(): void {
    this.validTokens.clear();
  }

  fail(pathPrefix: string, ...answers: Array<{ status: number; retryAfter?: string }>): void {
    this.failures.set(pathPrefix, [...(this.failures.get(pathPrefix) ?? []), ...answers]);
  }

  count(pathPrefix: string): number {
    return this.requests.filter((r) => r.path.startsWith(pathPrefix)).length;
  }

  async start(): Promise<void> {
    this.server = await startServer((req, raw, res) => this.handle(req, raw, res));
  }

  async stop(): Promise<void> {
    await stopServer(this.server);
  }

  private handle(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    if (this.gate !== undefined) {
      void this.gate.then(() => this.handle(req, raw, res));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/^\/Panopto\//, '');
    this.requests.push({ method: req.method ?? 'GET', path, pageNumber: url.searchParams.get('pageNumber'), authorization: req.headers.authorization });
    const json = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    const panoptoError = (status: number, message: string) => json(status, { Error: { Success: false, ErrorCode: status, Message: message } });

    for (const [prefix, queue] of this.failures) {
      if (path.startsWith(prefix) && queue.length > 0) {
        const failure = queue.shift() as { status: number; retryAfter?: string };
        if (failure.status === 401 || failure.status === 403) return json(failure.status);
        return json(failure.status, { Error: { Success: false, ErrorCode: failure.status, Message: `injected ${failure.status}` } }, failure.retryAfter === undefined ? {} : { 'retry-after': failure.retryAfter });
      }
    }

    if (req.method === 'POST' && path === 'oauth2/connect/token') return this.token(req, raw, json);
    if (req.method === 'POST' && path === 'PublicAPI/4.6/UsageReporting.svc') return this.usageReporting(req, raw, res);
    if (!path.startsWith('api/v1/')) return panoptoError(404, 'Not found');
    const overLimit = this.overLimit(req.method ?? 'GET', path.slice('api/v1/'.length));
    if (overLimit !== undefined) {
      this.rateLimited++;
      return json(429, { Error: { Success: false, ErrorCode: 429, Message: 'Too many requests' } }, { 'retry-after': String(overLimit) });
    }
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const expiresAt = this.validTokens.get(token);
    if (expiresAt === undefined || expiresAt < Date.now()) return json(401);

    if (req.method === 'POST' && path.startsWith('api/v1/accessibility/bulk/')) return this.accessibility(path.slice('api/v1/accessibility/bulk/'.length), raw, json, panoptoError);

    const parts = path.slice('api/v1/'.length).split('/');
    const page = Number(url.searchParams.get('pageNumber') ?? '0');
    const paged = <T>(items: T[]) => json(200, { Results: items.slice(page * this.options.pageSize, (page + 1) * this.options.pageSize) });
    if (parts[0] === 'folders' && parts[2] === 'children') {
      const children = this.folders.get(parts[1] ?? '');
      if (children === undefined) return panoptoError(404, 'Folder not found');
      return paged(children.map((id) => ({ Id: id, Name: `Folder ${id}` })));
    }
    if (parts[0] === 'folders' && parts[2] === 'sessions') {
      if (!this.folders.has(parts[1] ?? '')) return panoptoError(404, 'Folder not found');
      return paged([...this.sessions.values()].filter((s) => s.FolderId === parts[1]).map((s) => ({ Id: s.Id, Name: s.Name, StartTime: s.StartTime, Duration: 600 })));
    }
    if (parts[0] === 'sessions' && parts.length === 2) {
      const s = this.sessions.get(parts[1] ?? '');
      if (s === undefined) return panoptoError(404, 'Session not found');
      return json(200, {
        Id: s.Id,
        Name: s.Name,
        StartTime: s.StartTime,
        Duration: 600,
        CreatedBy: { Id: `user-${s.Username}`, Username: s.Username },
        Urls: { ViewerUrl: `${this.url}/Panopto/Pages/Viewer.aspx?id=${s.Id}`, CaptionDownloadUrl: s.CaptionDownloadUrl },
      });
    }
    if (parts[0] === 'searchIndexSync' && parts[1] === 'updates') {
      if (!this.incrementalSync) return panoptoError(404, 'Not found');
      if (this.syncRefusal !== undefined) return json(this.syncRefusal);
      const from = url.searchParams.get('fromDate') ?? '';
      const offset = Number(url.searchParams.get('nextToken') ?? '0');
      const since = this.updates.filter((u) => u.UpdateTime >= from);
      const next = offset + this.options.pageSize;
      return json(200, { Updates: since.slice(offset, next), NextToken: next < since.length ? String(next) : null });
    }
    if (parts[0] === 'sessions' && parts[2] === 'viewers') {
      const s = this.sessions.get(parts[1] ?? '');
      if (s === undefined) return panoptoError(404, 'Session not found');
      return paged(s.viewers.map((at, i) => ({ UserId: `viewer-${i}`, LastViewedDateTime: at })));
    }
    return panoptoError(404, 'Not found');
  }

  private reasonOf(session: FakeSession | undefined): string {
    if (session === undefined) return 'NotFound';
    return session.captionReason ?? (session.CaptionDownloadUrl === null ? 'None' : 'AlreadyHasCaptions');
  }

  /** POST accessibility/bulk/preview and /schedule, as Panopto's REST description has them (admin-only). */
  private accessibility(operation: string, raw: string, json: (status: number, body?: unknown) => void, panoptoError: (status: number, message: string) => void): void {
    if (!this.options.admin) return json(403);
    let body: { Type?: string; SessionIds?: string[]; ProviderInstanceId?: number };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return panoptoError(400, 'Invalid JSON');
    }
    const ids = body.SessionIds ?? [];
    if (body.Type !== 'Transcription' && body.Type !== 'Translation' && body.Type !== 'AudioDescription') return panoptoError(400, 'Invalid Type');
    if (ids.length > 100) return panoptoError(400, 'Maximum 100 IDs');
    const stateOf = (reason: string) => (reason === 'None' ? 'Eligible' : reason === 'AlreadyHasAsrCaptions' ? 'ConditionallyEligible' : 'Excluded');
    if (operation === 'preview') {
      this.previewed.push(ids);
      const evaluations = ids.map((id) => {
        const session = this.sessions.get(id);
        const reason = this.reasonOf(session);
        return { SessionId: id, SessionName: session?.Name ?? null, DurationSeconds: session === undefined ? 0 : 600, EligibilityState: stateOf(reason), ReasonCode: reason };
      });
      const count = (state: string) => evaluations.filter((e) => e.EligibilityState === state).length;
      return json(200, {
        Type: body.Type,
        SiteOverwriteBehavior: 'OverwriteASR',
        Providers: this.providers,
        SessionEvaluations: evaluations,
        Summary: { TotalSessions: ids.length, EligibleCount: count('Eligible'), ConditionallyEligibleCount: count('ConditionallyEligible'), ExcludedCount: count('Excluded'), TotalDurationSeconds: 600 * ids.length },
      });
    }
    if (operation === 'schedule') {
      if (!this.providers.some((p) => p.ProviderInstanceId === body.ProviderInstanceId)) return panoptoError(400, 'Unknown ProviderInstanceId');
      const results = ids.map((id) => {
        const session = this.sessions.get(id);
        const reason = this.reasonOf(session);
        if (session === undefined || (reason !== 'None' && reason !== 'AlreadyHasAsrCaptions')) return { SessionId: id, Scheduled: false, ReasonCode: reason, RequestCount: 0 };
        session.captionReason = 'PendingRequest';
        this.scheduled.push({ sessionId: id, providerInstanceId: body.ProviderInstanceId as number });
        return { SessionId: id, SessionName: session.Name, Scheduled: true, ReasonCode: 'None', RequestCount: 1 };
      });
      const scheduled = results.filter((r) => r.Scheduled).length;
      return json(200, { Type: body.Type, Results: results, ScheduledCount: scheduled, SkippedCount: results.length - scheduled });
    }
    return panoptoError(404, 'Not found');
  }

  /** QueueReport answers an id; GetReport a zip holding the Session usage CSV (last view per session). */
  private usageReporting(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const field = (name: string) => new RegExp(`<(?:a:)?${name}>([^<]*)</(?:a:)?${name}>`).exec(raw)?.[1] ?? '';
    const fault = (message: string) => {
      res.writeHead(500, { 'content-type': 'text/xml' });
      res.end(`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>${message}</faultstring></s:Fault></s:Body></s:Envelope>`);
    };
    if (field('UserKey') !== this.options.username || field('Password') !== this.options.password) return fault('Invalid credentials');
    const action = String(req.headers.soapaction ?? '');
    if (action.includes('QueueReport')) {
      const id = `report-${this.reportsQueued.length + 1}`;
      this.reportsQueued.push({ id, reportType: field('reportType'), userKey: field('UserKey') });
      res.writeHead(200, { 'content-type': 'text/xml' });
      return void res.end(`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><QueueReportResponse xmlns="http://tempuri.org/"><QueueReportResult>${id}</QueueReportResult></QueueReportResponse></s:Body></s:Envelope>`);
    }
    if (action.includes('GetReport')) {
      if (!this.reportsReady || !this.reportsQueued.some((r) => r.id === field('reportId'))) return fault('Report not available');
      const rows = [...this.sessions.values()].map((s) => `${s.Id},"${s.Name}",${[...s.viewers].sort().pop() ?? ''}`);
      const zip = new AdmZip();
      zip.addFile('SessionUsage.csv', Buffer.from(`\ufeffSession ID,Session Name,Most Recent View Date\n${rows.join('\n')}\n`, 'utf8'));
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return void res.end(zip.toBuffer());
    }
    return fault('Unknown operation');
  }

  /** The endpoint as Panopto counts it: `GET sessions/{id}/viewers`. */
  static endpoint(method: string, apiPath: string): string {
    const parts = apiPath.split('/');
    return `${method} ${parts.map((p, i) => (i > 0 && ['folders', 'sessions', 'reports'].includes(parts[i - 1] as string) ? '{id}' : p)).join('/')}`;
  }

  /** Seconds (fractional, as the scaled limits need) to wait when this request is over one of its endpoint's limits; undefined (and counted) otherwise. */
  private overLimit(method: string, apiPath: string): number | undefined {
    const limits = this.options.limits;
    if (limits === undefined) return undefined;
    const key = FakePanopto.endpoint(method, apiPath);
    const now = performance.now();
    const windows = [
      { limit: limits.perSecond, ms: 1_000 / limits.timeScale },
      { limit: limits.perMinute, ms: 60_000 / limits.timeScale },
      { limit: limits.perHour, ms: 3_600_000 / limits.timeScale },
    ];
    const stamps = this.arrivals.get(key) ?? [];
    this.arrivals.set(key, stamps);
    const longest = windows[2]?.ms ?? 0;
    while (stamps.length > 0 && (stamps[0] as number) <= now - longest) stamps.shift();
    for (const window of windows) {
      const inWindow = stamps.filter((t) => t > now - window.ms);
      if (inWindow.length >= window.limit) return Math.max(0.001, ((inWindow[0] as number) + window.ms - now) / 1000);
    }
    stamps.push(now);
    return undefined;
  }

  private token(req: http.IncomingMessage, raw: string, json: (status: number, body?: unknown) => void): void {
    const form = new URLSearchParams(raw);
    const [id, secret] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8').split(':').map(decodeURIComponent);
    if (id !== this.options.clientId || secret !== this.options.clientSecret) return json(400, { error: 'invalid_client' });
    const grant = form.get('grant_type');
    if (grant === 'password' && (form.get('username') !== this.options.username || form.get('password') !== this.options.password)) return json(400, { error: 'invalid_grant' });
    if (grant !== 'password' && grant !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
    const token = `token-${++this.tokenCount}`;
    this.validTokens.set(token, Date.now() + this.options.tokenLifetimeSeconds * 1000);
    return json(200, { access_token: token, token_type: 'Bearer', expires_in: this.options.tokenLifetimeSeconds, scope: 'api' });
  }
}
