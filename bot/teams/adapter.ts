import { randomUUID } from 'node:crypto';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Config } from '../config';
import { languageFromLocale } from '../knowledge/language';
import type { Logger } from '../logger';
import { supportNamePlaceholders, type Policy } from '../rules/policy';
import { userMessage } from './userMessages';

/** The Bot Framework adapter: validates incoming tokens (unless in local mode) and signs outgoing calls. */
export function createAdapter(config: Config, logger: Logger, policy: Policy): CloudAdapter {
  const identity = config.identity;
  const auth = new ConfigurationBotFrameworkAuthentication(
    identity === undefined
      ? {}
      : {
          MicrosoftAppId: identity.appId,
          MicrosoftAppPassword: identity.appPassword,
          MicrosoftAppType: identity.appType,
          MicrosoftAppTenantId: identity.tenantId,
        },
  );
  const adapter = new CloudAdapter(auth);
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

/** The app id proactive calls are made as; empty in local mode, where outgoing calls are unsigned. */
export const botAppId = (config: Config): string => config.identity?.appId ?? '';
