import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { scrubUrl, urlScrubber } from '../../bot/telemetry/scrubUrls';
import { startTelemetry, type AzureMonitorDistro } from '../../bot/telemetry/start';

/** Application Insights is switched on by its connection string alone, and its absence never stops the bot. */

const CONNECTION = 'InstrumentationKey=00000000-1111-2222-3333-444444444444;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString('utf8')), done()) });
  return { lines, logger: createLogger('info', sink) };
}

/** The distro's two calls as the bot makes them, kept for the test to read. */
function distro() {
  const calls: Array<Record<string, unknown>> = [];
  let shutdowns = 0;
  const module: AzureMonitorDistro = {
    useAzureMonitor: (options) => void calls.push(options),
    shutdownAzureMonitor: async () => void shutdowns++,
  };
  return { module, calls, shutdowns: () => shutdowns };
}

describe('Starting telemetry', () => {
  it('loads nothing without APPLICATIONINSIGHTS_CONNECTION_STRING', async () => {
    const { logger } = capture();
    let loaded = false;
    const telemetry = startTelemetry(loadConfig({}), logger, () => ((loaded = true), distro().module));
    assert.equal(loaded, false);
    await telemetry.shutdown();
  });

  it('hands the connection string to the Azure Monitor distro, leaves the probes out of the requests, and never logs the key', async () => {
    const { lines, logger } = capture();
    const fake = distro();
    const telemetry = startTelemetry(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION }), logger, () => fake.module);
    assert.equal(fake.calls.length, 1);
    const options = fake.calls[0] as { azureMonitorExporterOptions: { connectionString: string }; instrumentationOptions: { http: { ignoreIncomingRequestHook: (req: { url?: string }) => boolean } } };
    assert.equal(options.azureMonitorExporterOptions.connectionString, CONNECTION);
    assert.deepEqual((options as unknown as { spanProcessors: unknown[] }).spanProcessors, [urlScrubber]);
    const ignored = options.instrumentationOptions.http.ignoreIncomingRequestHook;
    assert.deepEqual(['/healthz', '/readyz?x=1', '/api/messages'].map((url) => ignored({ url })), [true, true, false]);
    assert.ok(!lines.join('').includes('00000000-1111'));
    assert.match(lines.join(''), /Application Insights/);
    await telemetry.shutdown();
    assert.equal(fake.shutdowns(), 1, 'what is buffered is sent on shutdown');
  });

  it('keeps the bot running, and says so loudly, when the distro cannot be loaded', async () => {
    const { lines, logger } = capture();
    const telemetry = startTelemetry(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION }), logger, () => {
      throw Object.assign(new Error("Cannot find module '@azure/monitor-opentelemetry'"), { code: 'MODULE_NOT_FOUND' });
    });
    const [record] = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    assert.equal(record?.level, 50);
    assert.match(record?.msg ?? '', /telemetry is off/);
    assert.ok(!lines.join('').includes('00000000-1111'));
    await telemetry.shutdown();
  });

  it('cuts e-mails, table keys and queries out of the URLs that HTTP and Azure SDK instrumentation record', () => {
    assert.equal(scrubUrl('https://graph.microsoft.com/v1.0/users/maija%40xamk.fi?$select=id'), 'https://graph.microsoft.com/v1.0/users/{redacted}');
    assert.equal(scrubUrl("https://acct.table.core.windows.net/people(PartitionKey='p',RowKey='maija@xamk.fi')"), 'https://acct.table.core.windows.net/{redacted}');
    assert.equal(scrubUrl('https://smba.trafficmanager.net/teams/v3/conversations/a:1xyz/activities'), 'https://smba.trafficmanager.net/teams/v3/conversations/a:1xyz/activities');
    const attributes: Record<string, unknown> = { 'url.full': 'https://graph.microsoft.com/v1.0/users/maija@xamk.fi', 'url.query': '?filter=maija', 'http.method': 'GET' };
    const span = { attributes, setAttribute: (key: string, value: unknown) => ((attributes[key] = value), span) };
    urlScrubber.onStart(span as never);
    assert.deepEqual(attributes, { 'url.full': 'https://graph.microsoft.com/v1.0/users/{redacted}', 'url.query': '', 'http.method': 'GET' });
  });
});
