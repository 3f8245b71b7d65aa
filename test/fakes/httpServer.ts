import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** What every fake service shares: a server on a free loopback port that hands each request over with its body. */

export type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

/** `tls`: serve https with this key and certificate (test/support/tls.ts), as services whose clients send tokens only over https. */
export async function startServer(handler: Handler, tls?: { key: string; cert: string }): Promise<http.Server> {
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => handler(req, body, res));
  };
  const server = tls === undefined ? http.createServer(listener) : https.createServer(tls, listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** http://127.0.0.1:PORT (https for a server started with tls), without a trailing slash. */
export function originOf(server: http.Server | undefined): string {
  const address = server?.address() as AddressInfo | null | undefined;
  if (address === undefined || address === null) throw new Error('fake server not started');
  return `${server instanceof https.Server ? 'https' : 'http'}://127.0.0.1:${address.port}`;
}

export async function stopServer(server: http.Server | undefined): Promise<void> {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
}
