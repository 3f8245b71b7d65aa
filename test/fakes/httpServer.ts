import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What every fake service shares: a server on a free loopback port that hands each request over with its body. */

export type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

export async function startServer(handler: Handler): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** http://127.0.0.1:PORT, without a trailing slash. */
export function originOf(server: http.Server | undefined): string {
  const address = server?.address() as AddressInfo | null | undefined;
  if (address === undefined || address === null) throw new Error('fake server not started');
  return `http://127.0.0.1:${address.port}`;
}

export async function stopServer(server: http.Server | undefined): Promise<void> {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
}
