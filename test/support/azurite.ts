import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { StoreConfig } from '../../bot/config';

/**
 * A real Azure Storage API for the tests: Azurite (npm), in memory, on loopback ports the OS picks. One per mocha
 * process, started on first use and stopped when the process exits; each test takes its own name prefix, so tests
 * never see each other's tables or containers.
 */

// Azurite's well-known development account (public, documented; not a secret).
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  blobPort: number;
  tablePort: number;
  connectionString: string;
  process: ChildProcess;
}

let running: Promise<Azurite> | undefined;
let counter = 0;

export function azurite(): Promise<Azurite> {
  running ??= startAzurite();
  return running;
}

/** Settings for a store of its own on the shared Azurite. */
export async function freshAzureStore(): Promise<Extract<StoreConfig, { kind: 'azure' }>> {
  const { connectionString } = await azurite();
  counter += 1;
  return { kind: 'azure', connectionString, blobUrl: undefined, tableUrl: undefined, prefix: `t${process.pid}x${counter}x${Date.now().toString(36)}` };
}

/** The environment a bot process needs to use that store. */
export function azureEnv(store: Extract<StoreConfig, { kind: 'azure' }>): Record<string, string> {
  return { STORE: 'azure', AZURE_STORAGE_CONNECTION_STRING: store.connectionString ?? '', AZURE_STORAGE_PREFIX: store.prefix };
}

export async function startAzurite(): Promise<Azurite> {
  const bin = path.join(__dirname, '..', '..', 'node_modules', 'azurite', 'dist', 'src', 'azurite.js');
  const child = spawn(
    process.execPath,
    [bin, '--inMemoryPersistence', '--skipApiVersionCheck', '--disableProductStyleUrl', '--disableTelemetry', '--loose',
      '--blobHost', '127.0.0.1', '--blobPort', '0', '--queueHost', '127.0.0.1', '--queuePort', '0', '--tableHost', '127.0.0.1', '--tablePort', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  process.once('exit', () => child.kill('SIGKILL'));
  const ports = await new Promise<{ blob: number; table: number }>((resolve, reject) => {
    let out = '';
    const found: { blob?: number; table?: number } = {};
    const timer = setTimeout(() => reject(new Error(`Azurite did not start in 20 s:\n${out}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      for (const match of out.matchAll(/Azurite (Blob|Table) service is successfully listening at http:\/\/127\.0\.0\.1:(\d+)/g)) {
        found[match[1] === 'Blob' ? 'blob' : 'table'] = Number(match[2]);
      }
      if (found.blob !== undefined && found.table !== undefined) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve({ blob: found.blob, table: found.table });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`Azurite exited (${code}):\n${out}`)));
  });
  child.stdout?.resume();
  child.stderr?.resume();
  child.unref();
  (child.stdout as { unref?: () => void } | null)?.unref?.();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
    `BlobEndpoint=http://127.0.0.1:${ports.blob}/${AZURITE_ACCOUNT};TableEndpoint=http://127.0.0.1:${ports.table}/${AZURITE_ACCOUNT};`;
  return { blobPort: ports.blob, tablePort: ports.table, connectionString, process: child };
}
