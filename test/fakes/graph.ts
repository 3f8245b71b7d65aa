import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Microsoft Graph's `GET /v1.0/users/{id | userPrincipalName}`, answering from a small directory. */
export class FakeGraph {
  readonly users = new Map<string, string>();
  readonly requests: Array<{ path: string; authorization: string | undefined }> = [];
  failWith: number | undefined;
  private server: http.Server | undefined;

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      this.requests.push({ path: url.pathname, authorization: req.headers.authorization });
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (this.failWith !== undefined) return reply(this.failWith, { error: { code: 'serviceNotAvailable', message: 'down' } });
      const match = url.pathname.match(/^\/v1\.0\/users\/([^/]+)$/);
      const id = match === null ? undefined : this.users.get(decodeURIComponent(match[1] ?? '').toLowerCase());
      if (id === undefined) return reply(404, { error: { code: 'Request_ResourceNotFound', message: 'Resource does not exist' } });
      return reply(200, { id });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
