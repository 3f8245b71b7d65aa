import type { TokenCredential } from '@azure/identity';
import { RetryHandlerOptions, type Client } from '@microsoft/microsoft-graph-client';
import { createGraphClient, graphFailure } from './graphClient';

/**
 * Installs the bot's Teams app for a user who never opened it, so that the bot may write to them: Graph's "install
 * app for user" with the application permission TeamsAppInstallation.ReadWriteSelfForUser.All (the app may install
 * itself, nothing else), then the 1:1 chat the installation created.
 */

export type Installation =
  | { kind: 'installed'; chatId: string }
  /** Graph refused for this user, and asking again today would get the same answer. */
  | { kind: 'refused'; reason: string };

export interface AppInstaller {
  /** Installs (already installed counts as installed) and finds the chat; throws what may pass (429, 5xx, no answer). */
  install(userId: string): Promise<Installation>;
}

/** What a refusal means, said for support in the run summary. */
const REFUSALS: Record<number, string> = {
  403: 'not allowed: is TeamsAppInstallation.ReadWriteSelfForUser.All granted (admin consent), and does an app permission policy allow the app for them?',
  404: 'not found: is TEAMS_APP_CATALOG_ID the app\'s id in the organisation\'s app catalog, and does the user have Teams?',
};

export class GraphAppInstaller implements AppInstaller {
  private readonly client: Client;

  constructor(
    credential: TokenCredential,
    private readonly baseUrl: string,
    /** The app's id in the organisation's catalog (appCatalogs/teamsApps/{id}). */
    private readonly catalogAppId: string,
  ) {
    this.client = createGraphClient(credential, baseUrl);
  }

  async install(userId: string): Promise<Installation> {
    const apps = `/users/${encodeURIComponent(userId)}/teamwork/installedApps`;
    try {
      await this.call(apps).post({ 'teamsApp@odata.bind': new URL(`v1.0/appCatalogs/teamsApps/${this.catalogAppId}`, this.baseUrl).href });
    } catch (error) {
      const { status, code } = graphFailure(error);
      // 409: installed already (by the user, a setup policy, or an earlier run that stopped before recording it).
      if (status !== 409) return refusedOrThrow(error, status, code);
    }
    try {
      const found = (await this.call(apps).expand('teamsApp').filter(`teamsApp/id eq '${this.catalogAppId}'`).get()) as { value?: Array<{ id?: string }> };
      const installationId = found.value?.[0]?.id;
      // Graph may show a new installation a moment later: the sender tries again with its backoff.
      if (installationId === undefined) throw Object.assign(new Error('app installation: not listed yet'), { code: 'app installation: not listed yet' });
      const chat = (await this.call(`${apps}/${encodeURIComponent(installationId)}/chat`).get()) as { id?: string };
      if (chat.id === undefined) throw Object.assign(new Error('app installation: no chat yet'), { code: 'app installation: no chat yet' });
      return { kind: 'installed', chatId: chat.id };
    } catch (error) {
      const { status, code } = graphFailure(error);
      return refusedOrThrow(error, status, code);
    }
  }

  /** One request per call: the reminder sender retries what may pass with its own backoff and attempt count. */
  private call(path: string) {
    return this.client.api(path).middlewareOptions([new RetryHandlerOptions(0, 0)]);
  }
}

function refusedOrThrow(error: unknown, status: number | undefined, code: string | undefined): Installation {
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    const what = REFUSALS[status] ?? 'refused';
    return { kind: 'refused', reason: `could not install the app for them (Graph HTTP ${status}${code === undefined ? '' : ` ${code}`}): ${what}` };
  }
  // Kept as Graph's status, so that the sender retries it as it retries Teams (429 holds back, 5xx backs off).
  throw Object.assign(new Error(`app installation: ${(error as Error).message}`), { statusCode: status, code: `app installation${code === undefined ? '' : `: ${code}`}` });
}
