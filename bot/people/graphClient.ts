import type { TokenCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';

/** Microsoft Graph with the bot's own identity (application permissions). */
export function createGraphClient(credential: TokenCredential, baseUrl: string): Client {
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] }),
    baseUrl,
    defaultVersion: 'v1.0',
    // The client attaches the token only for hosts it knows as Graph (and only over https); a configured one
    // (national cloud, proxy) is added by host name.
    customHosts: new Set([new URL(baseUrl).hostname]),
  });
}

/** Graph's answer to a failed call: its HTTP status (undefined: no answer) and error code. */
export function graphFailure(error: unknown): { status: number | undefined; code: string | undefined } {
  const e = error as { statusCode?: number; code?: string };
  // The client reports a network failure with statusCode -1.
  const status = typeof e.statusCode === 'number' && e.statusCode > 0 ? e.statusCode : undefined;
  return { status, code: typeof e.code === 'string' ? e.code : undefined };
}
