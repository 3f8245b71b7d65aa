import type { StoreConfig } from '../config';
import type { Store } from './repositories';

/** The one place the backend is chosen; the Azure SDKs load only when Azure is configured. */
export function openStore(config: StoreConfig): Store {
  if (config.kind === 'sqlite') {
    const { openSqliteStore } = require('./sqlite/sqliteStore') as typeof import('./sqlite/sqliteStore');
    return openSqliteStore(config.file);
  }
  const { openAzureStore } = require('./azure/azureStore') as typeof import('./azure/azureStore');
  return openAzureStore(config);
}
