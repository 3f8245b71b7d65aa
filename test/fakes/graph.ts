import http from 'node:http';
import { originOf, startServer, stopServer } from './httpServer';

/** Microsoft Graph's `GET /v1.0/users/{id | userPrincipalName}`, answering from a small directory. */
export class FakeGraph {
  readonly users = new Map<string, string>();
  readonly requests: Array<{ path: string; authorization: string | undefined }> = [];
  failWith: number | undefined;
  /** Per user (e-mail/UPN, lower case): the status every look-up of that user gets, e.g. 503 during an outage. */
  readonly failFor = new Map<string, number>();
  private server: http.Server | undefined;

  get url(): string {
    return `${originOf(this.server)}/`;
  }

  async start(): Promise<void> {
    this.server = await startServer((req, _body, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      this.requests.push({ path: url.pathname, authorization: req.headers.authorization });
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (this.failWith !== undefined) return reply(this.failWith, { error: { code: 'serviceNotAvailable', message: 'down' } });
      const match = url.pathname.match(/^\/v1\.0\/users\/([^/]+)$/);
      const user = match === null ? '' : decodeURIComponent(match[1] ?? '').toLowerCase();
      const failure = this.failFor.get(user);
      if (failure !== undefined) return reply(failure, { error: { code: failure === 429 ? 'TooManyRequests' : 'serviceNotAvailable', message: 'injected' } });
      const id = match === null ? undefined : this.users.get(user);
      if (id === undefined) return reply(404, { error: { code: 'Request_ResourceNotFound', message: 'Resource does not exist' } });
      return reply(200, { id });
    });
  }

  async stop(): Promise<void> {
    await stopServer(this.server);
  }
}
