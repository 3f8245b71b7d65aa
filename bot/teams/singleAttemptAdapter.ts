import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { ClaimsIdentity, ConnectorFactory } from 'botframework-connector';
import type { Config } from '../config';

/**
 * An adapter for proactive sends whose connector calls are made once each. The SDK's HTTP pipeline retries every
 * call up to three more times on its own (5xx, network errors), which would turn the sender's "at most 5 attempts"
 * into 20 POSTs and hide the real count from its backoff, limiter and outbox. The sender does the retrying.
 */
class SingleAttemptAuthentication extends ConfigurationBotFrameworkAuthentication {
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const inner = super.createConnectorFactory(claimsIdentity);
    return {
      create: async (serviceUrl: string, audience?: string) => {
        const client = await inner.create(serviceUrl, audience);
        // The compat layer keeps its core-client ServiceClient as `client`; its pipeline names the retry policy.
        const pipeline = (client as unknown as { client?: { pipeline?: { removePolicy(options: { name: string }): unknown } } }).client?.pipeline;
        if (pipeline === undefined) throw new Error('the Bot Framework connector client has changed shape; cannot turn off its retries');
        pipeline.removePolicy({ name: 'defaultRetryPolicy' });
        return client;
      },
    } as ConnectorFactory;
  }
}

export function createSingleAttemptAdapter(config: Config): CloudAdapter {
  const identity = config.identity;
  return new CloudAdapter(
    new SingleAttemptAuthentication(
      identity === undefined
        ? {}
        : { MicrosoftAppId: identity.appId, MicrosoftAppPassword: identity.appPassword, MicrosoftAppType: identity.appType, MicrosoftAppTenantId: identity.tenantId },
    ),
  );
}
