import assert from 'node:assert/strict';
import { ConfigError, loadConfig, redactConfig } from '../../bot/config';

const PANOPTO = { PANOPTO_SERVER: 'xamk.cloud.panopto.eu', PANOPTO_CLIENT_ID: 'client', PANOPTO_CLIENT_SECRET: 'panopto-secret-value', PANOPTO_USERNAME: 'svc-bot', PANOPTO_PASSWORD: 'panopto-password-value' };
const APP = { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'p@ss-w0rd-secret', MicrosoftAppTenantId: 'tenant-1', ...PANOPTO };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail('expected a configuration error');
}

describe('Configuration', () => {
  it('defaults to local mode on port 3978 with the seed policy and an embedded store', () => {
    const config = loadConfig({});
    assert.equal(config.mode, 'local');
    assert.equal(config.port, 3978);
    assert.equal(config.identity, undefined);
    assert.match(config.policyFile, /xamk\.json$/);
    assert.match(config.databaseFile, /data\/bot\.db$/);
  });

  it('is production mode with an app id, single-tenant unless told otherwise', () => {
    const config = loadConfig(APP);
    assert.equal(config.mode, 'production');
    assert.equal(config.identity?.appType, 'SingleTenant');
  });

  it('refuses to fall into local mode when production settings are given', () => {
    assert.match(problemsOf({ NODE_ENV: 'production' }), /MicrosoftAppId is required when NODE_ENV=production/);
    assert.match(problemsOf({ MicrosoftAppPassword: 'x' }), /MicrosoftAppId is required when MicrosoftAppPassword/);
    assert.match(problemsOf({ MicrosoftAppTenantId: 't' }), /refusing to fall back to local mode/);
  });

  it('names each wrong setting, and never its value', () => {
    const message = problemsOf({ MicrosoftAppId: 'not-a-guid', MicrosoftAppPassword: 'hunter2-secret', PORT: 'eighty' });
    assert.match(message, /PORT/);
    assert.doesNotMatch(message, /hunter2-secret/);
    assert.match(problemsOf({ MicrosoftAppId: 'not-a-guid', MicrosoftAppPassword: 'x', MicrosoftAppTenantId: 't' }), /MicrosoftAppId: must be a GUID/);
    assert.match(problemsOf({ MicrosoftAppId: APP.MicrosoftAppId, MicrosoftAppTenantId: 't' }), /MicrosoftAppPassword: required/);
    assert.match(problemsOf({ MicrosoftAppId: APP.MicrosoftAppId, MicrosoftAppPassword: 'x' }), /MicrosoftAppTenantId: required for MicrosoftAppType=SingleTenant/);
    assert.match(problemsOf({ MicrosoftAppType: 'Anything' }), /MicrosoftAppType/);
  });

  it('accepts a managed identity without a password', () => {
    const config = loadConfig({ MicrosoftAppId: APP.MicrosoftAppId, MicrosoftAppType: 'UserAssignedMsi', MicrosoftAppTenantId: 't', ...PANOPTO });
    assert.equal(config.identity?.appPassword, undefined);
  });

  it('installs the app for owners only when asked (INSTALL_FOR_OWNERS=on), with the app\'s catalog id and the bot\'s identity', () => {
    const catalog = '99999999-8888-7777-6666-555555555555';
    assert.equal(loadConfig(APP).installForOwners, undefined);
    assert.deepEqual(loadConfig({ ...APP, INSTALL_FOR_OWNERS: 'on', TEAMS_APP_CATALOG_ID: catalog }).installForOwners, { catalogAppId: catalog });
    assert.match(problemsOf({ ...APP, INSTALL_FOR_OWNERS: 'on' }), /TEAMS_APP_CATALOG_ID: required with INSTALL_FOR_OWNERS=on/);
    assert.match(problemsOf({ ...APP, INSTALL_FOR_OWNERS: 'on', TEAMS_APP_CATALOG_ID: 'com.example.app' }), /TEAMS_APP_CATALOG_ID: required/);
    assert.match(problemsOf({ INSTALL_FOR_OWNERS: 'on', TEAMS_APP_CATALOG_ID: catalog }), /INSTALL_FOR_OWNERS=on: needs MicrosoftAppId/);
    const multiTenant = { MicrosoftAppId: APP.MicrosoftAppId, MicrosoftAppPassword: 'x', MicrosoftAppType: 'MultiTenant', ...PANOPTO };
    assert.match(problemsOf({ ...multiTenant, INSTALL_FOR_OWNERS: 'on', TEAMS_APP_CATALOG_ID: catalog }), /INSTALL_FOR_OWNERS=on: needs MicrosoftAppTenantId/);
    assert.match(problemsOf({ ...APP, INSTALL_FOR_OWNERS: 'yes' }), /INSTALL_FOR_OWNERS/);
    assert.deepEqual(redactConfig(loadConfig({ ...APP, INSTALL_FOR_OWNERS: 'on', TEAMS_APP_CATALOG_ID: catalog })).installForOwners, { catalogAppId: catalog });
    assert.equal(redactConfig(loadConfig(APP)).installForOwners, '(off)');
  });

  it('reads Panopto settings: host or https URL, password grant by default', () => {
    const config = loadConfig(APP);
    assert.equal(config.panopto?.baseUrl, 'https://xamk.cloud.panopto.eu');
    assert.equal(config.panopto?.grant, 'password');
    assert.equal(loadConfig({ ...PANOPTO, PANOPTO_SERVER: 'http://127.0.0.1:8080' }).panopto?.baseUrl, 'http://127.0.0.1:8080');
    assert.match(problemsOf({ ...PANOPTO, PANOPTO_SERVER: 'http://panopto.example.edu' }), /PANOPTO_SERVER: must be a host name or an https URL/);
    assert.match(problemsOf({ PANOPTO_SERVER: 'x.panopto.eu' }), /PANOPTO_CLIENT_ID, PANOPTO_CLIENT_SECRET, PANOPTO_USERNAME, PANOPTO_PASSWORD: required/);
    const { PANOPTO_USERNAME: _u, PANOPTO_PASSWORD: _p, ...withoutServiceAccount } = APP;
    assert.equal(loadConfig({ ...withoutServiceAccount, PANOPTO_GRANT: 'client_credentials' }).panopto?.grant, 'client_credentials');
  });

  it("paces Panopto at its published limits per endpoint unless told otherwise, and bounds a run's crawl", () => {
    assert.deepEqual(loadConfig(APP).panopto?.limits, { perSecond: 5, perMinute: 100, perHour: 5_000 });
    assert.equal(loadConfig(APP).panopto?.crawlBudgetMs, 120 * 60_000);
    const tuned = loadConfig({ ...APP, PANOPTO_REQUESTS_PER_HOUR: '20000', PANOPTO_CRAWL_BUDGET_MINUTES: '30' }).panopto;
    assert.equal(tuned?.limits.perHour, 20_000);
    assert.equal(tuned?.crawlBudgetMs, 30 * 60_000);
    assert.match(problemsOf({ ...APP, PANOPTO_REQUESTS_PER_SECOND: '0' }), /PANOPTO_REQUESTS_PER_SECOND/);
    assert.equal(loadConfig(APP).panopto?.usageReportFetch, false);
    assert.equal(loadConfig({ ...APP, PANOPTO_USAGE_REPORT_FETCH: 'on' }).panopto?.usageReportFetch, true);
    assert.match(problemsOf({ ...APP, PANOPTO_SERVER: 'x.panopto.eu', PANOPTO_CLIENT_ID: 'c', PANOPTO_CLIENT_SECRET: 's', PANOPTO_GRANT: 'client_credentials', PANOPTO_USAGE_REPORT_FETCH: 'on' }), /PANOPTO_USAGE_REPORT_FETCH: needs PANOPTO_GRANT=password/);
  });

  it("times the reminder run's lease and catch-up check: 5 and 15 minutes unless told otherwise, within bounds", () => {
    const defaults = loadConfig({});
    assert.deepEqual([defaults.remindersLeaseMs, defaults.remindersCatchUpMs], [300_000, 900_000]);
    const short = loadConfig({ REMINDERS_LEASE_SECONDS: '15', REMINDERS_CATCH_UP_SECONDS: '2' });
    assert.deepEqual([short.remindersLeaseMs, short.remindersCatchUpMs], [15_000, 2_000]);
    // Renewed every third of it: a shorter lease would be renewed more often than storage is worth asking.
    assert.match(problemsOf({ REMINDERS_LEASE_SECONDS: '5' }), /REMINDERS_LEASE_SECONDS/);
    assert.match(problemsOf({ REMINDERS_CATCH_UP_SECONDS: '0' }), /REMINDERS_CATCH_UP_SECONDS/);
  });

  it('needs Panopto in production: the demo data is for local mode only', () => {
    const { PANOPTO_SERVER: _s, PANOPTO_CLIENT_ID: _c, PANOPTO_CLIENT_SECRET: _x, PANOPTO_USERNAME: _u, PANOPTO_PASSWORD: _p, ...withoutPanopto } = APP;
    assert.match(problemsOf(withoutPanopto), /PANOPTO_SERVER: required in production/);
  });

  it('redacts the passwords from what is logged', () => {
    const shown = JSON.stringify(redactConfig(loadConfig(APP)));
    assert.doesNotMatch(shown, /p@ss-w0rd-secret|panopto-secret-value|panopto-password-value/);
    assert.match(shown, /REDACTED/);
    assert.match(shown, new RegExp(APP.MicrosoftAppId));
  });

  it('treats empty variables as unset (as .env files often leave them)', () => {
    assert.equal(loadConfig({ MicrosoftAppId: '', MicrosoftAppPassword: '', SUPPORT_CONVERSATION_ID: ' ' }).mode, 'local');
  });

  it('reads an empty PORT or HOST as unset, not as port 0 (a random port)', () => {
    assert.equal(loadConfig({ PORT: '' }).port, 3978);
    assert.equal(loadConfig({ PORT: ' ', HOST: '' }).port, 3978);
    assert.equal(loadConfig({ PORT: '8080' }).port, 8080);
  });

  it('listens only on this machine in local mode (authentication is off), on every interface with an app id', () => {
    assert.equal(loadConfig({}).host, '127.0.0.1');
    assert.equal(loadConfig({ HOST: '' }).host, '127.0.0.1');
    assert.equal(loadConfig(APP).host, '0.0.0.0');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0', 'an explicit HOST is obeyed');
  });

  it('takes a real Panopto or SUPPORT_USERS without an app id as a production setting, not as local mode', () => {
    assert.match(problemsOf(PANOPTO), /MicrosoftAppId is required when PANOPTO_SERVER is set/);
    assert.match(problemsOf({ SUPPORT_USERS: 'sanna@xamk.fi' }), /MicrosoftAppId is required when SUPPORT_USERS is set/);
    assert.match(problemsOf({ ...PANOPTO, SUPPORT_USERS: 'sanna@xamk.fi' }), /PANOPTO_SERVER, SUPPORT_USERS is set; refusing/);
    // A Panopto on this machine (a fake, a tunnel) is development; the test suite may name support people.
    assert.equal(loadConfig({ ...PANOPTO, PANOPTO_SERVER: 'http://127.0.0.1:8080' }).mode, 'local');
    assert.equal(loadConfig({ NODE_ENV: 'test', SUPPORT_USERS: 'sanna@xamk.fi' }).mode, 'local');
  });

  describe('Where state is kept', () => {
    const KEY = 'DefaultEndpointsProtocol=https;AccountName=xamkbot;AccountKey=c2VjcmV0LWtleS12YWx1ZQ==;EndpointSuffix=core.windows.net';

    it('is an SQLite file unless STORE=azure', () => {
      assert.deepEqual(loadConfig({ DATABASE_FILE: '/var/bot.db' }).store, { kind: 'sqlite', file: '/var/bot.db' });
    });

    it('on Azure takes a connection string, or the account URL for a managed identity (the table endpoint derived)', () => {
      const byKey = loadConfig({ ...APP, STORE: 'azure', AZURE_STORAGE_CONNECTION_STRING: KEY }).store;
      assert.equal(byKey.kind === 'azure' && byKey.connectionString, KEY);
      const byIdentity = loadConfig({ ...APP, STORE: 'azure', AZURE_STORAGE_ACCOUNT_URL: 'https://xamkbot.blob.core.windows.net' }).store;
      assert.deepEqual(byIdentity, { kind: 'azure', connectionString: undefined, blobUrl: 'https://xamkbot.blob.core.windows.net', tableUrl: 'https://xamkbot.table.core.windows.net', prefix: 'panoptobot' });
    });

    it('refuses half an Azure configuration rather than keeping state where a second instance cannot see it', () => {
      assert.match(problemsOf({ ...APP, STORE: 'azure' }), /exactly one of AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL/);
      assert.match(problemsOf({ ...APP, AZURE_STORAGE_CONNECTION_STRING: KEY }), /set STORE=azure/);
      assert.match(problemsOf({ ...APP, STORE: 'azure', AZURE_STORAGE_ACCOUNT_URL: 'http://xamkbot.blob.core.windows.net' }), /AZURE_STORAGE_ACCOUNT_URL: must be an https URL/);
      assert.match(problemsOf({ ...APP, STORE: 'azure', AZURE_STORAGE_PREFIX: 'bad-prefix!' }), /AZURE_STORAGE_PREFIX/);
    });

    it('takes a real storage account without an app id as a deployment, Azurite on this machine as development', () => {
      assert.match(problemsOf({ STORE: 'azure', AZURE_STORAGE_CONNECTION_STRING: KEY }), /MicrosoftAppId is required when STORE=azure/);
      const azurite = 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;';
      assert.equal(loadConfig({ STORE: 'azure', AZURE_STORAGE_CONNECTION_STRING: azurite }).mode, 'local');
    });

    it('refuses an account URL carrying a SAS token, which the start log would show, without repeating it', () => {
      const sas = 'https://xamkbot.blob.core.windows.net/?sv=2022-11-02&ss=bt&sig=c2lnbmF0dXJlLXNlY3JldA%3D%3D';
      const problems = problemsOf({ ...APP, STORE: 'azure', AZURE_STORAGE_ACCOUNT_URL: sas });
      assert.match(problems, /AZURE_STORAGE_ACCOUNT_URL: must be the endpoint alone/);
      assert.doesNotMatch(problems, /c2lnbmF0dXJl/);
      assert.match(problemsOf({ ...APP, STORE: 'azure', AZURE_STORAGE_ACCOUNT_URL: 'https://xamkbot.blob.core.windows.net', AZURE_STORAGE_TABLE_URL: `https://xamkbot.table.core.windows.net?sig=x` }), /AZURE_STORAGE_TABLE_URL: must be the endpoint alone/);
    });

    it('never shows the storage key in what is logged', () => {
      const shown = JSON.stringify(redactConfig(loadConfig({ ...APP, STORE: 'azure', AZURE_STORAGE_CONNECTION_STRING: KEY })));
      assert.doesNotMatch(shown, /c2VjcmV0LWtleS12YWx1ZQ|AccountKey/);
      assert.match(shown, /REDACTED/);
    });
  });

  it('reads the Application Insights connection string, refuses anything else, and never shows it', () => {
    const key = 'InstrumentationKey=00000000-1111-2222-3333-444444444444;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';
    const config = loadConfig({ ...APP, APPLICATIONINSIGHTS_CONNECTION_STRING: key });
    assert.equal(config.applicationInsightsConnectionString, key);
    assert.equal(loadConfig(APP).applicationInsightsConnectionString, undefined, 'unset: no telemetry');
    assert.equal(loadConfig({ ...APP, APPLICATIONINSIGHTS_CONNECTION_STRING: ' ' }).applicationInsightsConnectionString, undefined);
    const shown = JSON.stringify(redactConfig(config));
    assert.doesNotMatch(shown, /00000000-1111|applicationinsights\.azure/);
    assert.match(JSON.stringify(redactConfig(config).applicationInsightsConnectionString), /REDACTED/);
    const problems = problemsOf({ ...APP, APPLICATIONINSIGHTS_CONNECTION_STRING: 'https://westeurope-5.in.applicationinsights.azure.com/' });
    assert.match(problems, /APPLICATIONINSIGHTS_CONNECTION_STRING: must be the resource's connection string/);
    assert.doesNotMatch(problems, /westeurope/, 'the value is never repeated');
  });
});
