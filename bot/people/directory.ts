import type { TokenCredential } from '@azure/identity';
import { Client, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';

/** The organisation's directory: who an e-mail/UPN belongs to (Teams cannot message by e-mail). */
export interface Directory {
  /** The Entra object id of the user, or undefined when the directory has no such user. */
  userIdByEmail(emailOrUpn: string): Promise<string | undefined>;
}

/** Microsoft Graph `GET /users/{upn}`, with the bot's own identity (application permission User.Read.All). */
export class GraphDirectory implements Directory {
  private readonly client: Client;

  constructor(credential: TokenCredential, baseUrl = 'https://graph.microsoft.com/') {
    this.client = Client.initWithMiddleware({
      authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] }),
      baseUrl,
      defaultVersion: 'v1.0',
      // The client attaches the token only for hosts it knows as Graph (and only over https); a configured one
      // (national cloud, proxy) is added by host name.
      customHosts: new Set([new URL(baseUrl).hostname]),
    });
  }

  async userIdByEmail(emailOrUpn: string): Promise<string | undefined> {
    try {
      // One request per look-up: the reminder sender retries a failed one with its own backoff, and the client's
      // default (three retries, from 3 s up) would hold a sender for half a minute and multiply its attempts.
      const user = (await this.client.api(`/users/${encodeURIComponent(emailOrUpn)}`).middlewareOptions([new RetryHandlerOptions(0, 0)]).select('id').get()) as { id?: string };
      return user.id;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }
}
