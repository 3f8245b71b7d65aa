import { randomUUID } from 'node:crypto';
import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config';
import { languageFromLocale } from '../knowledge/language';
import type { Logger } from '../logger';
import { supportNamePlaceholders, type Policy } from '../rules/policy';
import { userMessage } from './userMessages';

/** Why a request was not let in: the caller's token (401), or our own way of checking it failed (503). */
export class RequestRefused extends Error {
  constructor(
    readonly status: 401 | 503,
    /** For the log only. */
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'RequestRefused';
  }
}

/** The Bot Framework adapter: validates incoming tokens (unless in local mode) and signs outgoing calls. */
export class TeamsAdapter extends CloudAdapter {
  /**
   * Authenticates, then runs the turn. The SDK's own HTTP entry answers 500 with the error's text for a bad
   * signature or an unreachable key server and prints the stack to stderr; here those become RequestRefused.
   */
  async receive(activity: Activity, authHeader: string, logic: (context: TurnContext) => Promise<void>): Promise<{ status: number; body: unknown }> {
    let authenticated: Awaited<ReturnType<TeamsAdapter['botFrameworkAuthentication']['authenticateRequest']>>;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (error) {
      throw refusal(error);
    }
    const response = await this.processActivity(authenticated, activity, logic);
    return { status: response?.status ?? 200, body: response?.body };
  }
}

/** Errors of the token itself are the caller's; anything else while checking it (keys unreachable, bad metadata) is ours. */
function refusal(error: unknown): RequestRefused {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // The SDK's AuthenticationError carries the status it means: 401 for the token, 500 when the keys could not be read.
  if ((error as { statusCode?: unknown } | undefined)?.statusCode === 401) return new RequestRefused(401, reason);
  if (error instanceof Error && ['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError'].includes(error.name)) return new RequestRefused(401, reason);
  return new RequestRefused(503, reason);
}

export function createAdapter(config: Config, logger: Logger, policy: Policy): TeamsAdapter {
  const identity = config.identity;
  const options: ConfigurationBotFrameworkAuthenticationOptions =
    identity === undefined
      ? {}
      : {
          MicrosoftAppId: identity.appId,
          MicrosoftAppPassword: identity.appPassword,
          MicrosoftAppType: identity.appType,
          MicrosoftAppTenantId: identity.tenantId,
          ...(identity.openIdMetadataUrl === undefined ? {} : publicCloudWithKeysFrom(identity.openIdMetadataUrl)),
        };
  const adapter = new TeamsAdapter(new ConfigurationBotFrameworkAuthentication(options));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const correlationId = randomUUID();
    logger.error({ err: error, correlationId, activityType: context.activity.type }, 'unhandled error in turn');
    // Invokes answer in the HTTP response; a message there would not reach the person.
    if (context.activity.type !== 'message') return;
    const language = languageFromLocale(context.activity.locale) ?? 'en';
    try {
      await context.sendActivity(userMessage(language, 'Unexpected', { ...supportNamePlaceholders(policy, language), correlationId }));
    } catch (sendError) {
      logger.error({ err: sendError, correlationId }, 'could not tell the user about the error');
    }
  };
  return adapter;
}

/**
 * Setting any one endpoint makes the SDK expect them all: the public cloud's (the values of botframework-connector's
 * AuthenticationConstants, which botbuilder does not re-export), with the signing keys read elsewhere.
 */
function publicCloudWithKeysFrom(openIdMetadataUrl: string): Partial<ConfigurationBotFrameworkAuthenticationOptions> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/** The app id proactive calls are made as; empty in local mode, where outgoing calls are unsigned. */
export const botAppId = (config: Config): string => config.identity?.appId ?? '';
