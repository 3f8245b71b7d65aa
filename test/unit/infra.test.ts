import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, SETTING_NAMES } from '../../bot/config';

/**
 * No Bicep compiler is reachable here, so the template's app settings are read from its text and checked against
 * bot/config.ts: every setting it gives is one the bot reads, and what it gives makes loadConfig succeed in production.
 */

const INFRA = path.resolve(__dirname, '../../infra');
const TEMPLATE = fs.readFileSync(path.join(INFRA, 'main.bicep'), 'utf8');

/** Settings read by the platform or a library rather than bot/config.ts, each for a reason. */
const PLATFORM_SETTINGS: Record<string, string> = {
  AZURE_CLIENT_ID: "@azure/identity's DefaultAzureCredential: which user-assigned identity signs in to storage",
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'App Service: deploy the built package as it is',
};

/** Values a university's deployment gives, for settings whose value the template computes or takes from a parameter. */
const SAMPLE: Record<string, string> = {
  MicrosoftAppId: '5f1c2e3d-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  MicrosoftAppTenantId: '0d2c1b3a-4e5f-4a6b-9c7d-8e9f0a1b2c3d',
  AZURE_STORAGE_ACCOUNT_URL: 'https://xamkrulesabc.blob.core.windows.net/',
  AZURE_CLIENT_ID: '5f1c2e3d-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://northeurope-0.in.applicationinsights.azure.com/',
  PANOPTO_SERVER: 'xamk.cloud.panopto.eu',
  PANOPTO_CLIENT_ID: '3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d',
  PANOPTO_USERNAME: 'svc-panopto-bot',
  PANOPTO_OWNER_EMAIL_DOMAIN: 'xamk.fi',
  SUPPORT_CONVERSATION_ID: '19:abc@thread.tacv2',
  SUPPORT_USERS: 'it-support@xamk.fi',
  TEAMS_TENANT_RPS: '25',
};

/** What App Service puts in place of a Key Vault reference: the secret. */
const SECRET_VALUE = 'a-secret-from-key-vault';
const SECRETS = ['MicrosoftAppPassword', 'PANOPTO_CLIENT_SECRET', 'PANOPTO_PASSWORD'];

interface Param {
  name: string;
  defaultValue: string | undefined;
  allowed: string[];
}

interface SettingsGroup {
  variable: string;
  /** Given only when the parameter has this value (`var x = param == 'value' ? [...] : []`). */
  condition: { param: string; equals: string } | undefined;
  settings: Array<{ name: string; value: string }>;
}

function parseParams(text: string): Map<string, Param> {
  const params = new Map<string, Param>();
  let allowed: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('@allowed([')) allowed = [];
    else if (allowed !== undefined && /^\s+'[^']*'$/.test(line)) allowed.push(line.trim().slice(1, -1));
    const param = /^param (\w+) \w+(?: = (.+))?$/.exec(line);
    if (param !== null) {
      params.set(param[1] ?? '', { name: param[1] ?? '', defaultValue: param[2], allowed: allowed ?? [] });
      allowed = undefined;
    }
  }
  return params;
}

function parseSettingsGroups(text: string): SettingsGroup[] {
  const groups: SettingsGroup[] = [];
  const declaration = /^var (settings\w*) = (?:(\w+) == '([^']*)' \? )?\[$/gm;
  for (const match of text.matchAll(declaration)) {
    const body = text.slice((match.index ?? 0) + match[0].length);
    const end = body.search(/^\](?: : \[\])?$/m);
    assert.ok(end > 0, `the end of ${match[1]}`);
    const entries = [...body.slice(0, end).matchAll(/name: '([^']+)'\s*\n\s*value: (.+)/g)].map((m) => ({ name: m[1] ?? '', value: (m[2] ?? '').trim() }));
    groups.push({ variable: match[1] ?? '', condition: match[2] === undefined ? undefined : { param: match[2], equals: match[3] ?? '' }, settings: entries });
  }
  return groups;
}

function appSettingsOf(text: string): string[] {
  const used = /appSettings: concat\(([^)]*)\)/.exec(text);
  assert.ok(used !== null, 'the site sets appSettings: concat(settings…)');
  return (used[1] ?? '').split(',').map((s) => s.trim());
}

/** Names the template sets that the bot (or the platform) does not read: a renamed setting shows up here. */
function unreadSettings(text: string): string[] {
  const known = new Set([...SETTING_NAMES, ...Object.keys(PLATFORM_SETTINGS)]);
  return parseSettingsGroups(text).flatMap((g) => g.settings.map((s) => s.name)).filter((name) => !known.has(name));
}

const params = parseParams(TEMPLATE);
const groups = parseSettingsGroups(TEMPLATE);

/** Every combination of the parameters that decide which settings are given. */
function scenarios(): Array<Record<string, string>> {
  const deciding = [...new Set(groups.flatMap((g) => (g.condition === undefined ? [] : [g.condition.param])))];
  return deciding.reduce<Array<Record<string, string>>>(
    (combos, name) => combos.flatMap((combo) => (params.get(name)?.allowed ?? []).map((value) => ({ ...combo, [name]: value }))),
    [{}],
  );
}

/** The environment App Service gives the bot for one scenario, Key Vault references resolved. */
function environment(scenario: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const group of groups) {
    if (group.condition !== undefined && scenario[group.condition.param] !== group.condition.equals) continue;
    for (const { name, value } of group.settings) env[name] = resolve(name, value, scenario);
  }
  return env;
}

function resolve(name: string, value: string, scenario: Record<string, string>): string {
  if (value.startsWith("'@Microsoft.KeyVault(")) return SECRET_VALUE;
  const literal = /^'([^'$]*)'$/.exec(value);
  if (literal !== null) return literal[1] ?? '';
  const fromScenario = scenario[value];
  if (fromScenario !== undefined) return fromScenario;
  const sample = SAMPLE[name];
  if (sample !== undefined) return sample;
  const fromDefault = /^'([^'$]*)'$/.exec(params.get(value)?.defaultValue ?? '');
  assert.ok(fromDefault !== null, `${name}: give a sample value in this test (the template computes it: ${value})`);
  return fromDefault[1] ?? '';
}

describe('Deployment template (infra/main.bicep) against bot/config.ts', () => {
  it('gives the site exactly the settings groups it declares', () => {
    assert.deepEqual(appSettingsOf(TEMPLATE).sort(), groups.map((g) => g.variable).sort());
    assert.ok(groups.every((g) => g.settings.length > 0));
  });

  it('sets only settings the bot reads (or the platform does, for a stated reason)', () => {
    assert.deepEqual(unreadSettings(TEMPLATE), []);
    const names = groups.flatMap((g) => g.settings.map((s) => s.name));
    assert.equal(new Set(names).size, names.length, 'no setting twice');
    for (const name of Object.keys(PLATFORM_SETTINGS)) assert.ok(!SETTING_NAMES.includes(name), `${name} is the bot's own now: drop it from PLATFORM_SETTINGS`);
  });

  it('catches a renamed setting', () => {
    assert.deepEqual(unreadSettings(TEMPLATE.replace("name: 'PANOPTO_CLIENT_ID'", "name: 'PANOPTO_CLIENTID'")), ['PANOPTO_CLIENTID']);
  });

  it('decides by the bot identity type and the Panopto grant, over every value the parameters allow', () => {
    assert.deepEqual(scenarios(), [
      { botAppType: 'UserAssignedMsi', panoptoGrant: 'password' },
      { botAppType: 'UserAssignedMsi', panoptoGrant: 'client_credentials' },
      { botAppType: 'SingleTenant', panoptoGrant: 'password' },
      { botAppType: 'SingleTenant', panoptoGrant: 'client_credentials' },
    ]);
  });

  for (const scenario of scenarios()) {
    describe(`with ${scenario['botAppType']} and the Panopto ${scenario['panoptoGrant']} grant`, () => {
      const env = environment(scenario);

      it('sets everything production requires', () => {
        const required = [
          'NODE_ENV',
          'MicrosoftAppId',
          'MicrosoftAppType',
          'MicrosoftAppTenantId',
          'STORE',
          'AZURE_STORAGE_ACCOUNT_URL',
          'PANOPTO_SERVER',
          'PANOPTO_CLIENT_ID',
          'PANOPTO_CLIENT_SECRET',
          'PANOPTO_GRANT',
          'APPLICATIONINSIGHTS_CONNECTION_STRING',
          'REMINDERS_SCHEDULE',
          ...(scenario['botAppType'] === 'SingleTenant' ? ['MicrosoftAppPassword'] : []),
          ...(scenario['panoptoGrant'] === 'password' ? ['PANOPTO_USERNAME', 'PANOPTO_PASSWORD'] : []),
        ];
        assert.deepEqual(required.filter((name) => env[name] === undefined || env[name] === ''), []);
        assert.equal(env['MicrosoftAppPassword'] !== undefined, scenario['botAppType'] === 'SingleTenant', 'a password only where it is used');
      });

      it('makes loadConfig succeed: production, Azure Storage with the managed identity (no key), Panopto', () => {
        const config = loadConfig(env);
        assert.equal(config.mode, 'production');
        assert.equal(config.nodeEnv, 'production');
        assert.equal(config.identity?.appType, scenario['botAppType']);
        assert.deepEqual(config.store, {
          kind: 'azure',
          connectionString: undefined,
          blobUrl: SAMPLE['AZURE_STORAGE_ACCOUNT_URL'],
          tableUrl: 'https://xamkrulesabc.table.core.windows.net',
          prefix: 'panoptobot',
        });
        assert.equal(config.panopto?.grant, scenario['panoptoGrant']);
        assert.equal(config.panopto?.clientSecret, SECRET_VALUE);
        assert.equal(config.remindersSchedule, true);
        assert.equal(config.teamsTenantRps, 25, 'two instances share the tenant\'s 50 calls a second');
        assert.equal(config.host, '0.0.0.0', 'App Service reaches the process from outside its container');
      });
    });
  }

  it('with installForOwners=on and the catalog id, the bot installs its app for owners', () => {
    const env = { ...environment({ botAppType: 'UserAssignedMsi', panoptoGrant: 'client_credentials' }), INSTALL_FOR_OWNERS: 'on', TEAMS_APP_CATALOG_ID: '7c6b5a4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d' };
    assert.deepEqual(loadConfig(env).installForOwners, { catalogAppId: '7c6b5a4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d' });
    assert.equal(loadConfig(environment({ botAppType: 'UserAssignedMsi', panoptoGrant: 'password' })).installForOwners, undefined, 'off by default');
  });

  it('keeps every secret in Key Vault: the settings are references to secrets the template writes', () => {
    const secretNames = [...TEMPLATE.matchAll(/resource \w+ 'Microsoft\.KeyVault\/vaults\/secrets@[^']+' = [^{]*\{\s*\n\s*parent: vault\s*\n\s*name: '([^']+)'/g)].map((m) => m[1]);
    for (const name of SECRETS) {
      const setting = groups.flatMap((g) => g.settings).find((s) => s.name === name);
      assert.ok(setting !== undefined, name);
      const reference = /^'@Microsoft\.KeyVault\(VaultName=\$\{vault\.name\};SecretName=([\w-]+)\)'$/.exec(setting.value);
      assert.ok(reference !== null, `${name} is a Key Vault reference`);
      assert.ok(secretNames.includes(reference[1]), `${name}: the vault has the secret ${reference[1]}`);
    }
    for (const param of ['microsoftAppPassword', 'panoptoClientSecret', 'panoptoPassword']) {
      assert.match(TEMPLATE, new RegExp(`@secure\\(\\)\\nparam ${param} string`), `${param} is a secure parameter`);
    }
    assert.match(TEMPLATE, /keyVaultReferenceIdentity: identity\.id/, 'App Service reads the vault as the identity that has the Secrets User role');
  });

  it('gives the identity the storage data roles, and the storage account no public blobs and no keys', () => {
    for (const role of ['0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe']) {
      assert.match(TEMPLATE, new RegExp(`'${role}'`), role);
    }
    assert.match(TEMPLATE, /scope: storage\n[^}]*roleStorageTableDataContributor/);
    assert.match(TEMPLATE, /scope: storage\n[^}]*roleStorageBlobDataContributor/);
    assert.match(TEMPLATE, /allowBlobPublicAccess: false/);
    assert.match(TEMPLATE, /allowSharedKeyAccess: false/);
  });

  it('the example parameters name only parameters the template has, and every one it requires but secrets', () => {
    const example = JSON.parse(fs.readFileSync(path.join(INFRA, 'main.parameters.example.json'), 'utf8')) as { parameters: Record<string, unknown> };
    const given = Object.keys(example.parameters);
    assert.deepEqual(given.filter((name) => !params.has(name)), []);
    const required = [...params.values()].filter((p) => p.defaultValue === undefined).map((p) => p.name);
    assert.deepEqual(required.filter((name) => !given.includes(name)), []);
    assert.ok(!given.some((name) => /password|secret/i.test(name)), 'secrets are given on the command line, not in a file');
  });
});
