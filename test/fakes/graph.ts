import http from 'node:http';
import { originOf, startServer, stopServer } from './httpServer';

/**
 * Microsoft Graph as the bot uses it: `GET /v1.0/users/{id | userPrincipalName}` from a small directory, and a user's
 * Teams apps as documented for "install app for user": `POST /v1.0/users/{id}/teamwork/installedApps` with
 * `teamsApp@odata.bind` (201 with no body, 409 when installed already), the list filtered by the catalog id with
 * `$expand=teamsApp`, and `GET …/installedApps/{installationId}/chat`. With `tls` and `token` it serves https and
 * answers 401 to any request without that bearer token, as Graph does.
 */

export interface GraphRequest {
  method: string;
  path: string;
  query: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

export class FakeGraph {
  /** E-mail/UPN (lower case) → Entra object id. */
  readonly users = new Map<string, string>();
  readonly requests: GraphRequest[] = [];
  failWith: number | undefined;
  /** Per user (e-mail/UPN, lower case): the status every look-up of that user gets, e.g. 503 during an outage. */
  readonly failFor = new Map<string, number>();
  /** Ids of the apps in the organisation's app catalog. */
  readonly catalog = new Set<string>();
  /** Per Entra object id: the app installed for them (catalog id), its installation id and the 1:1 chat it created. */
  readonly installed = new Map<string, { appId: string; installationId: string; chatId: string }>();
  /** Per Entra object id: statuses to answer their next installs with, first in first out (403 policy, 503 outage…). */
  readonly installFailFor = new Map<string, number[]>();
  /** Called when an install succeeds (201), e.g. to let the fake connector open chats with that user from then on. */
  onInstall: ((userId: string) => void) | undefined;
  private server: http.Server | undefined;
  private nextInstallation = 1;

  constructor(private readonly options: { tls?: { key: string; cert: string }; token?: string } = {}) {}

  get url(): string {
    return `${originOf(this.server)}/`;
  }

  /** The installs asked for (POSTs), answered or not. */
  installRequests(userId?: string): GraphRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/teamwork/installedApps') && (userId === undefined || r.path.includes(`/users/${userId}/`)));
  }

  async start(): Promise<void> {
    this.server = await startServer((req, body, res) => this.handle(req, body, res), this.options.tls);
  }

  async stop(): Promise<void> {
    await stopServer(this.server);
  }

  private handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, query: url.search, authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
    const reply = (status: number, answer?: unknown) => {
      if (answer === undefined) {
        res.writeHead(status);
        res.end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    };
    const error = (status: number, code: string, message: string) => reply(status, { error: { code, message } });
    if (this.options.token !== undefined && req.headers.authorization !== `Bearer ${this.options.token}`) {
      return error(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    }
    if (this.failWith !== undefined) return error(this.failWith, 'serviceNotAvailable', 'down');

    const apps = url.pathname.match(/^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps(?:\/([^/]+)(\/chat)?)?$/);
    if (apps !== null) return this.installedApps(method, decodeURIComponent(apps[1] ?? ''), apps[2], apps[3] !== undefined, url, body, req, reply, error);

    const match = url.pathname.match(/^\/v1\.0\/users\/([^/]+)$/);
    const user = match === null ? '' : decodeURIComponent(match[1] ?? '').toLowerCase();
    const failure = this.failFor.get(user);
    if (failure !== undefined) return error(failure, failure === 429 ? 'TooManyRequests' : 'serviceNotAvailable', 'injected');
    const id = match === null ? undefined : this.users.get(user);
    if (id === undefined) return error(404, 'Request_ResourceNotFound', 'Resource does not exist');
    return reply(200, { id });
  }

  private installedApps(
    method: string,
    userId: string,
    installationId: string | undefined,
    chat: boolean,
    url: URL,
    body: string,
    req: http.IncomingMessage,
    reply: (status: number, answer?: unknown) => void,
    error: (status: number, code: string, message: string) => void,
  ): void {
    if (![...this.users.values()].includes(userId)) return error(404, 'NotFound', 'User not found');
    const installation = this.installed.get(userId);
    if (method === 'POST' && installationId === undefined) {
      const injected = this.installFailFor.get(userId)?.shift();
      if (injected !== undefined) {
        const code = injected === 403 ? 'Forbidden' : injected === 404 ? 'NotFound' : injected === 429 ? 'TooManyRequests' : 'ServiceUnavailable';
        return error(injected, code, 'injected');
      }
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return error(415, 'UnsupportedMediaType', 'Content-Type must be application/json');
      let request: Record<string, unknown>;
      try {
        request = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return error(400, 'BadRequest', 'Body is not JSON');
      }
      const bind = request['teamsApp@odata.bind'];
      const bound = typeof bind === 'string' ? bind.match(/\/v1\.0\/appCatalogs\/teamsApps\/([^/]+)$/) : null;
      if (Object.keys(request).length !== 1 || bound === null || !String(bind).startsWith(this.url)) {
        return error(400, 'BadRequest', 'Expected exactly teamsApp@odata.bind naming appCatalogs/teamsApps/{id} of this service');
      }
      const appId = bound[1] ?? '';
      if (!this.catalog.has(appId)) return error(404, 'NotFound', 'The app is not in the app catalog');
      if (installation?.appId === appId) return error(409, 'Conflict', 'App is already installed for the user');
      const id = `installation-${this.nextInstallation++}`;
      this.installed.set(userId, { appId, installationId: id, chatId: `19:${userId}_bot@unq.gbl.spaces` });
      this.onInstall?.(userId);
      return reply(201);
    }
    if (method === 'GET' && installationId === undefined) {
      const filter = url.searchParams.get('$filter')?.match(/^teamsApp\/id eq '([^']+)'$/);
      if (filter === null || filter === undefined || url.searchParams.get('$expand') !== 'teamsApp') {
        return error(400, 'BadRequest', "Expected $expand=teamsApp&$filter=teamsApp/id eq '{id}'");
      }
      const listed = installation !== undefined && installation.appId === filter[1] ? [{ id: installation.installationId, teamsApp: { id: installation.appId, externalId: 'manifest-id', displayName: 'Panopto rules', distributionMethod: 'organization' } }] : [];
      return reply(200, { value: listed });
    }
    if (method === 'GET' && chat && installation !== undefined && installation.installationId === installationId) {
      return reply(200, { id: installation.chatId, chatType: 'oneOnOne' });
    }
    return error(404, 'NotFound', 'No such installation');
  }
}
