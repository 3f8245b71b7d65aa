import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StoreConfig } from '../../bot/config';
import { azurite } from './azurite';

type AzureConfig = Extract<StoreConfig, { kind: 'azure' }>;

export interface TableRequest {
  method: string;
  url: string;
  /** The request body as text: a batch names its table only in there. */
  body: string;
}

/**
 * An instance that loses its table storage at a chosen point, as a crash there would leave things: a proxy in front
 * of Azurite's table service that forwards requests until `cutAt` picks one, and from then on answers every request
 * 403 (not retried by the SDK), so nothing more is written. Blobs go straight to Azurite.
 */
export async function cutTables(store: AzureConfig, cutAt: (request: TableRequest) => boolean): Promise<{ config: AzureConfig; cut: () => boolean; close: () => Promise<void> }> {
  const { tablePort } = await azurite();
  let cut = false;
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      cut ||= cutAt({ method: req.method ?? '', url: req.url ?? '', body: body.toString() });
      if (cut) {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ 'odata.error': { code: 'AuthorizationFailure', message: { lang: 'en-US', value: 'cut off (test)' } } }));
        return;
      }
      const forward = http.request({ host: '127.0.0.1', port: tablePort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const connectionString = (store.connectionString ?? '').replace(/TableEndpoint=http:\/\/127\.0\.0\.1:\d+\//, `TableEndpoint=http://127.0.0.1:${port}/`);
  return {
    config: { ...store, connectionString },
    cut: () => cut,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
