import type { TokenCredential } from '@azure/core-auth';
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { StoreConfig } from '../../config';
import { isLoopback } from '../../loopback';

type AzureStoreConfig = Extract<StoreConfig, { kind: 'azure' }>;

/**
 * The storage account the Azure backend keeps everything in: one table per kind of record, one container for dialog
 * state, one for leases. Names carry the configured prefix so several bots (or test runs) can share an account.
 * Tables and containers are created on first use, so opening the store stays synchronous and cheap.
 */
export class AzureAccount {
  private readonly tables = new Map<string, LazyTable>();
  private readonly containers = new Map<string, LazyContainer>();
  private readonly blobService: BlobServiceClient;

  constructor(
    readonly config: AzureStoreConfig,
    private readonly credential: () => TokenCredential = defaultCredential,
  ) {
    this.blobService =
      config.connectionString !== undefined
        ? BlobServiceClient.fromConnectionString(config.connectionString)
        : new BlobServiceClient(required(config.blobUrl, 'blob URL'), this.credential());
  }

  /** `name` is the record kind (letters only): the table is `${prefix}${name}`. */
  table(name: string): LazyTable {
    let table = this.tables.get(name);
    if (table === undefined) {
      const tableName = `${this.config.prefix}${name}`;
      const client =
        this.config.connectionString !== undefined
          ? TableClient.fromConnectionString(this.config.connectionString, tableName, { allowInsecureConnection: localEndpoints(this.config.connectionString) })
          : new TableClient(required(this.config.tableUrl, 'table URL'), tableName, this.credential());
      table = new CreatedOnFirstUse(client, (c) => c.createTable());
      this.tables.set(name, table);
    }
    return table;
  }

  /** `name` is lower-case letters and digits: the container is `${prefix}-${name}`, lower-cased as Blob storage requires. */
  container(name: string): LazyContainer {
    let container = this.containers.get(name);
    if (container === undefined) {
      container = new CreatedOnFirstUse(this.blobService.getContainerClient(this.containerName(name)), (c) => c.createIfNotExists());
      this.containers.set(name, container);
    }
    return container;
  }

  containerName(name: string): string {
    return `${this.config.prefix}-${name}`.toLowerCase();
  }

  /** What BlobsStorage needs to reach the same account. */
  blobAccess(): { connectionString: string; url?: undefined; credential?: undefined } | { connectionString: ''; url: string; credential: TokenCredential } {
    if (this.config.connectionString !== undefined) return { connectionString: this.config.connectionString };
    return { connectionString: '', url: required(this.config.blobUrl, 'blob URL'), credential: this.credential() };
  }
}

/**
 * A table or container created the first time it is used; every call awaits that once. A creation that failed (the
 * account unreachable for a moment) is tried again at the next call.
 */
export class CreatedOnFirstUse<T> {
  private created: Promise<T> | undefined;

  constructor(
    private readonly client: T,
    private readonly create: (client: T) => Promise<unknown>,
  ) {}

  async get(): Promise<T> {
    this.created ??= this.create(this.client).then(
      () => this.client,
      (error: unknown) => {
        this.created = undefined;
        throw error;
      },
    );
    return this.created;
  }
}

export type LazyTable = CreatedOnFirstUse<TableClient>;
export type LazyContainer = CreatedOnFirstUse<ContainerClient>;

/** HTTP status of an Azure SDK error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** 412 (If-Match failed) or 409 (already exists): someone else acted first. Never overwrite; re-read and decide. */
export function isConflict(error: unknown): boolean {
  const status = statusOf(error);
  return status === 412 || status === 409;
}

export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

function required(value: string | undefined, what: string): string {
  if (value === undefined) throw new Error(`Azure Storage: no ${what} configured`);
  return value;
}

function defaultCredential(): TokenCredential {
  // Loaded only for the managed-identity path: @azure/identity is not needed with a connection string.
  const identity = require('@azure/identity') as typeof import('@azure/identity');
  return new identity.DefaultAzureCredential();
}

/** Plain HTTP only to an emulator on this machine (Azurite): a real account's signed requests stay on TLS. */
function localEndpoints(connectionString: string): boolean {
  const endpoints = [...connectionString.matchAll(/(?:^|;)\s*TableEndpoint=([^;]+)/gi)].map((m) => m[1] ?? '');
  return endpoints.length > 0 && endpoints.every((endpoint) => URL.canParse(endpoint) && isLoopback(new URL(endpoint).hostname));
}
