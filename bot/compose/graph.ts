import { ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { Config } from '../config';
import { GraphAppInstaller, type AppInstaller } from '../people/appInstaller';
import { GraphDirectory, type Directory } from '../people/directory';

/** Microsoft Graph with the bot's own identity, when it has one that can ask for a token. */

export function graphCredential(config: Config): TokenCredential | undefined {
  const identity = config.identity;
  if (identity === undefined) return undefined;
  if (identity.appType === 'UserAssignedMsi') return new ManagedIdentityCredential({ clientId: identity.appId });
  if (identity.appPassword === undefined || identity.tenantId === undefined) return undefined;
  return new ClientSecretCredential(identity.tenantId, identity.appId, identity.appPassword);
}

export function createDirectory(config: Config, credential: TokenCredential | undefined): Directory | undefined {
  return credential === undefined ? undefined : new GraphDirectory(credential, config.graphBaseUrl);
}

/** Off unless INSTALL_FOR_OWNERS=on. */
export function createAppInstaller(config: Config, credential: TokenCredential | undefined): AppInstaller | undefined {
  if (config.installForOwners === undefined || credential === undefined) return undefined;
  return new GraphAppInstaller(credential, config.graphBaseUrl, config.installForOwners.catalogAppId);
}
