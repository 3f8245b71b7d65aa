import type { IncomingMessage } from 'node:http';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { urlScrubber } from './scrubUrls';

/**
 * Exports traces and metrics to Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is set, with the
 * Azure Monitor OpenTelemetry distro. Everything else in the bot speaks only @opentelemetry/api, so without the
 * connection string nothing is loaded and every span and metric is a no-op. Call it before the rest of the bot is
 * loaded: the distro's HTTP instrumentation patches Node's http module for the modules required after it.
 */

export interface Telemetry {
  /** Sends what is buffered; called on shutdown. */
  shutdown(): Promise<void>;
}

/** The part of @azure/monitor-opentelemetry the bot uses. */
export interface AzureMonitorDistro {
  useAzureMonitor(options: Record<string, unknown>): void;
  shutdownAzureMonitor(): Promise<void>;
}

const OFF: Telemetry = { shutdown: async () => {} };

/** Probes poll every few seconds; as requests in Application Insights they would drown the real traffic. */
const PROBES = new Set(['/healthz', '/readyz']);

export function startTelemetry(config: Config, logger: Logger, load: () => AzureMonitorDistro = loadDistro): Telemetry {
  const connectionString = config.applicationInsightsConnectionString;
  if (connectionString === undefined) return OFF;
  let distro: AzureMonitorDistro;
  try {
    distro = load();
  } catch (error) {
    // Not a reason to stop answering staff: the bot runs, and says loudly that nothing is exported.
    logger.error({ err: (error as Error).message }, 'APPLICATIONINSIGHTS_CONNECTION_STRING is set but @azure/monitor-opentelemetry cannot be loaded; telemetry is off');
    return OFF;
  }
  distro.useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    // Live Metrics streams samples of requests and failures on a channel of its own; the bot's counts are enough.
    enableLiveMetrics: false,
    spanProcessors: [urlScrubber],
    instrumentationOptions: {
      http: { enabled: true, ignoreIncomingRequestHook: (request: IncomingMessage) => PROBES.has((request.url ?? '').split('?')[0] ?? '') },
      azureSdk: { enabled: true },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
  });
  logger.info('telemetry: traces and metrics go to Application Insights');
  return { shutdown: () => distro.shutdownAzureMonitor() };
}

function loadDistro(): AzureMonitorDistro {
  // Required, not imported: only a deployment with Application Insights loads it (and its instrumentations).
  return require('@azure/monitor-opentelemetry') as AzureMonitorDistro;
}
