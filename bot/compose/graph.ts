import { ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { Config } from '../config';
import { GraphDirectory, type Directory } from '../people/directory';

/** Microsoft Graph with the bot's own identity, when it has one that can ask for a token. */

function graphCredential(config: Config): TokenCredential | undefined {
  const identity = config.identity;
  if (identity === undefined) return undefined;
  if (identity.appType === 'UserAssignedMsi') return new ManagedIdentityCredential({ clientId: identity.appId });
  if (identity.appPassword === undefined || identity.tenantId === undefined) return undefined;
  return new ClientSecretCredential(identity.tenantId, identity.appId, identity.appPassword);
}

export function createDirectory(config: Config): Directory | undefined {
  const credential = graphCredential(config);
  return credential === undefined ? undefined : new GraphDirectory(credential, config.graphBaseUrl);
}
