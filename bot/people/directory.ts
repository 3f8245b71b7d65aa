import type { TokenCredential } from '@azure/identity';
import { RetryHandlerOptions, type Client } from '@microsoft/microsoft-graph-client';
import { createGraphClient } from './graphClient';

/** The organisation's directory: who an e-mail/UPN belongs to (Teams cannot message by e-mail). */
export interface Directory {
  /** The Entra object id of the user, or undefined when the directory has no such user. */
  userIdByEmail(emailOrUpn: string): Promise<string | undefined>;
}

/** Microsoft Graph `GET /users/{upn}`, with the bot's own identity (application permission User.Read.All). */
export class GraphDirectory implements Directory {
  private readonly client: Client;

  constructor(credential: TokenCredential, baseUrl = 'https://graph.microsoft.com/') {
    this.client = createGraphClient(credential, baseUrl);
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
