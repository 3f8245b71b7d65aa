import path from 'node:path';
import { z } from 'zod';
import { isLoopback } from './loopback';

/** The only place that reads process.env: everything else receives a typed Config. */

const DEFAULT_POLICY_FILE = path.join(__dirname, 'rules', 'policies', 'xamk.json');

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  // Empty counts as unset: coercing '' gives 0, a random port nobody would find.
  PORT: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.coerce.number().int().min(0).max(65535).default(3978)),
  HOST: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  POLICY_FILE: optionalText,
  DATABASE_FILE: optionalText,
  STORE: z.enum(['sqlite', 'azure']).default('sqlite'),
  AZURE_STORAGE_CONNECTION_STRING: optionalText,
  AZURE_STORAGE_ACCOUNT_URL: optionalText,
  AZURE_STORAGE_TABLE_URL: optionalText,
  AZURE_STORAGE_PREFIX: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9]{0,19}$/, 'letters and digits, starting with a letter, at most 20').default('panoptobot'),
  SUPPORT_CONVERSATION_ID: optionalText,
  SUPPORT_USERS: optionalText,
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMsi']).optional(),
  MicrosoftAppTenantId: optionalText,
  BOT_OPENID_METADATA_URL: optionalText,
  PANOPTO_SERVER: optionalText,
  PANOPTO_CLIENT_ID: optionalText,
  PANOPTO_CLIENT_SECRET: optionalText,
  PANOPTO_USERNAME: optionalText,
  PANOPTO_PASSWORD: optionalText,
  PANOPTO_GRANT: z.enum(['password', 'client_credentials']).default('password'),
  PANOPTO_FOLDER_IDS: optionalText,
  PANOPTO_OWNER_EMAIL_DOMAIN: optionalText,
  PANOPTO_USAGE_REPORT_CSV: optionalText,
  PANOPTO_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
  PANOPTO_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  PANOPTO_REQUESTS_PER_SECOND: z.coerce.number().int().min(1).max(1_000).default(5),
  PANOPTO_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(60_000).default(100),
  PANOPTO_REQUESTS_PER_HOUR: z.coerce.number().int().min(1).max(3_600_000).default(5_000),
  PANOPTO_USAGE_REPORT_FETCH: z.enum(['on', 'off']).default('off'),
  PANOPTO_CRAWL_BUDGET_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(120),
  REMINDERS_SCHEDULE: z.enum(['on', 'off']).default('on'),
  REMINDERS_LEASE_SECONDS: z.coerce.number().int().min(15).max(3600).default(300),
  REMINDERS_CATCH_UP_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  TEAMS_TENANT_RPS: z.coerce.number().int().min(1).max(10_000).default(50),
  INSTALL_FOR_OWNERS: z.enum(['on', 'off']).default('off'),
  TEAMS_APP_CATALOG_ID: optionalText,
  TEAMS_SERVICE_URL: z.string().url().default('https://smba.trafficmanager.net/teams/'),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText,
  GRAPH_BASE_URL: z.string().url().startsWith('https://', 'must be an https URL (Graph tokens are never sent over http)').default('https://graph.microsoft.com/'),
});

/** Every environment variable the bot reads (the deployment template's settings are checked against it). */
export const SETTING_NAMES: readonly string[] = Object.keys(envSchema.shape);

export type Mode = 'local' | 'production';

export interface BotIdentity {
  appId: string;
  appPassword: string | undefined;
  appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMsi';
  tenantId: string | undefined;
  /** Where the keys that sign Bot Framework tokens are published; unset: the public cloud's. */
  openIdMetadataUrl: string | undefined;
}

export interface PanoptoConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  grant: 'password' | 'client_credentials';
  username: string | undefined;
  password: string | undefined;
  folderIds: string[];
  ownerEmailDomain: string | undefined;
  usageReportCsv: string | undefined;
  timeoutMs: number;
  concurrency: number;
  /** Per endpoint (method + path template): Panopto answers 429 beyond these. */
  limits: { perSecond: number; perMinute: number; perHour: number };
  /** How long one run may read Panopto before it sends from what it knows; the next run continues. */
  crawlBudgetMs: number;
  /** Fetch the Session usage report from Panopto (SOAP, the service account's password) for last views in bulk. */
  usageReportFetch: boolean;
}

/**
 * Where the bot keeps its records. SQLite: one file, one instance. Azure: Tables for records, Blob storage for dialog
 * state and the reminder run's lease, so several instances share one state.
 */
export type StoreConfig =
  | { kind: 'sqlite'; file: string }
  | {
      kind: 'azure';
      /** A connection string (a secret), or unset when the account URL is used with a managed identity. */
      connectionString: string | undefined;
      /** The blob endpoint, https://<account>.blob.core.windows.net, used with DefaultAzureCredential. */
      blobUrl: string | undefined;
      /** The table endpoint; derived from the blob endpoint when unset. */
      tableUrl: string | undefined;
      /** Table and container names start with it, so several bots (or test runs) can share an account. */
      prefix: string;
    };

export interface Config {
  mode: Mode;
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  logLevel: string;
  policyFile: string;
  databaseFile: string;
  store: StoreConfig;
  /** Teams conversation (usually a support channel) that receives questions the bot could not answer. */
  supportConversationId: string | undefined;
  /** E-mails/UPNs or Entra object ids of the people who decide extension requests (besides the support channel's members). */
  supportUsers: string[];
  /** Absent in local mode only; authentication is off then. */
  identity: BotIdentity | undefined;
  /** Absent: reminders use the bundled demo data (local mode only). */
  panopto: PanoptoConfig | undefined;
  remindersSchedule: boolean;
  /**
   * The reminder run's lease: renewed every third of it while the run lives, so a run whose process died is taken
   * over within this plus one catch-up check by another instance.
   */
  remindersLeaseMs: number;
  /** How often each instance checks that today's run happened, and makes it up if not. */
  remindersCatchUpMs: number;
  /** Teams' limit on calls per second for this app in the tenant, shared by replies and reminders. */
  teamsTenantRps: number;
  /**
   * Install the Teams app (Graph) for owners who never opened it, so their reminders reach them; absent: off. The
   * id is the app's in the organisation's app catalog, not the manifest's (the same only for a Teams Store app).
   */
  installForOwners: { catalogAppId: string } | undefined;
  /** Where new 1:1 chats with owners are created (the Bot Connector for the tenant's region). */
  teamsServiceUrl: string;
  graphBaseUrl: string;
  /** Application Insights' connection string: traces and metrics are exported there when set (holds the ingestion key). */
  applicationInsightsConnectionString: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // Name the variable and the rule broken, never the value: it may be a secret.
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  let identity: BotIdentity | undefined;

  if (e.MicrosoftAppId === undefined) {
    const productionHints = [
      e.NODE_ENV === 'production' ? 'NODE_ENV=production' : undefined,
      e.MicrosoftAppPassword !== undefined ? 'MicrosoftAppPassword' : undefined,
      e.MicrosoftAppTenantId !== undefined ? 'MicrosoftAppTenantId' : undefined,
      e.MicrosoftAppType !== undefined ? 'MicrosoftAppType' : undefined,
      // A Panopto on this machine is a fake or a tunnel for development; a real one means a real deployment.
      e.PANOPTO_SERVER !== undefined && !isLoopbackServer(e.PANOPTO_SERVER) ? 'PANOPTO_SERVER' : undefined,
      // Azurite on this machine is development; a real storage account means a real deployment.
      e.STORE === 'azure' && !isLocalStorage(e) ? 'STORE=azure' : undefined,
      // Only the test suite names support people for a bot nobody authenticates to.
      e.SUPPORT_USERS !== undefined && e.NODE_ENV !== 'test' ? 'SUPPORT_USERS' : undefined,
    ].filter((hint): hint is string => hint !== undefined);
    if (productionHints.length > 0) {
      problems.push(
        `MicrosoftAppId is required when ${productionHints.join(', ')} is set; ` +
          'refusing to fall back to local mode (authentication off)',
      );
    }
  } else {
    const appType = e.MicrosoftAppType ?? 'SingleTenant';
    if (!GUID.test(e.MicrosoftAppId)) problems.push('MicrosoftAppId: must be a GUID (the bot\'s Entra app id)');
    if (appType !== 'UserAssignedMsi' && e.MicrosoftAppPassword === undefined) {
      problems.push(`MicrosoftAppPassword: required for MicrosoftAppType=${appType}`);
    }
    if (appType !== 'MultiTenant' && e.MicrosoftAppTenantId === undefined) {
      problems.push(`MicrosoftAppTenantId: required for MicrosoftAppType=${appType}`);
    }
    const metadata = e.BOT_OPENID_METADATA_URL;
    if (metadata !== undefined && !(URL.canParse(metadata) && (new URL(metadata).protocol === 'https:' || isLoopbackServer(metadata)))) {
      problems.push('BOT_OPENID_METADATA_URL: must be an https URL');
    }
    identity = {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType,
      tenantId: e.MicrosoftAppTenantId,
      openIdMetadataUrl: metadata,
    };
  }
  const supportUsers = (e.SUPPORT_USERS ?? '').split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  // Each entry is matched by its kind only, so one that is neither would silently match nobody.
  if (supportUsers.some((entry) => !GUID.test(entry) && !/^[^@\s]+@[^@\s]+$/.test(entry))) {
    problems.push('SUPPORT_USERS: each entry must be an e-mail/UPN (name@domain) or an Entra object id (GUID)');
  }
  const panopto = panoptoConfig(e, problems);
  const databaseFile = e.DATABASE_FILE ?? path.join(process.cwd(), 'data', 'bot.db');
  const store = storeConfig(e, databaseFile, problems);
  const insights = e.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (insights !== undefined && !/(^|;)\s*InstrumentationKey=[^;]+/i.test(insights)) {
    problems.push('APPLICATIONINSIGHTS_CONNECTION_STRING: must be the resource\'s connection string (InstrumentationKey=…;IngestionEndpoint=…)');
  }
  if (panopto === undefined && identity !== undefined) {
    problems.push('PANOPTO_SERVER: required in production (the demo data is for local mode only)');
  }
  const installForOwners = installConfig(e, identity, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    mode: identity === undefined ? 'local' : 'production',
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    // Local mode has authentication off: only this machine may reach it unless HOST says otherwise.
    host: e.HOST ?? (identity === undefined ? '127.0.0.1' : '0.0.0.0'),
    logLevel: e.LOG_LEVEL,
    policyFile: e.POLICY_FILE ?? DEFAULT_POLICY_FILE,
    databaseFile,
    store,
    supportConversationId: e.SUPPORT_CONVERSATION_ID,
    supportUsers,
    identity,
    panopto,
    remindersSchedule: e.REMINDERS_SCHEDULE === 'on',
    remindersLeaseMs: e.REMINDERS_LEASE_SECONDS * 1000,
    remindersCatchUpMs: e.REMINDERS_CATCH_UP_SECONDS * 1000,
    teamsTenantRps: e.TEAMS_TENANT_RPS,
    installForOwners,
    teamsServiceUrl: e.TEAMS_SERVICE_URL,
    graphBaseUrl: e.GRAPH_BASE_URL,
    applicationInsightsConnectionString: insights,
  };
}

function installConfig(e: z.infer<typeof envSchema>, identity: BotIdentity | undefined, problems: string[]): Config['installForOwners'] {
  if (e.INSTALL_FOR_OWNERS === 'off') return undefined;
  // Graph is called with the bot's own identity and its application permission: there is none in local mode.
  if (identity === undefined) problems.push('INSTALL_FOR_OWNERS=on: needs MicrosoftAppId (Graph is called with the bot\'s identity)');
  else if (identity.tenantId === undefined) problems.push('INSTALL_FOR_OWNERS=on: needs MicrosoftAppTenantId (the bot asks the tenant for its Graph token)');
  const catalogAppId = e.TEAMS_APP_CATALOG_ID;
  if (catalogAppId === undefined || !GUID.test(catalogAppId)) {
    problems.push('TEAMS_APP_CATALOG_ID: required with INSTALL_FOR_OWNERS=on: the app\'s id (GUID) in the organisation\'s Teams app catalog');
    return undefined;
  }
  return { catalogAppId };
}

function panoptoConfig(e: z.infer<typeof envSchema>, problems: string[]): PanoptoConfig | undefined {
  const given = [e.PANOPTO_SERVER, e.PANOPTO_CLIENT_ID, e.PANOPTO_CLIENT_SECRET, e.PANOPTO_USERNAME, e.PANOPTO_PASSWORD].some((v) => v !== undefined);
  if (!given) return undefined;
  const required: Array<[string, string | undefined]> = [
    ['PANOPTO_SERVER', e.PANOPTO_SERVER],
    ['PANOPTO_CLIENT_ID', e.PANOPTO_CLIENT_ID],
    ['PANOPTO_CLIENT_SECRET', e.PANOPTO_CLIENT_SECRET],
  ];
  if (e.PANOPTO_GRANT === 'password') required.push(['PANOPTO_USERNAME', e.PANOPTO_USERNAME], ['PANOPTO_PASSWORD', e.PANOPTO_PASSWORD]);
  const missing = required.filter(([, value]) => value === undefined).map(([name]) => name);
  if (missing.length > 0) {
    problems.push(`${missing.join(', ')}: required when Panopto is configured (PANOPTO_GRANT=${e.PANOPTO_GRANT})`);
    return undefined;
  }
  if (e.PANOPTO_USAGE_REPORT_FETCH === 'on' && e.PANOPTO_GRANT !== 'password') {
    problems.push('PANOPTO_USAGE_REPORT_FETCH: needs PANOPTO_GRANT=password (the report is fetched with the service account)');
  }
  const url = panoptoUrl(e.PANOPTO_SERVER as string);
  if (url === undefined || (url.protocol !== 'https:' && !isLoopbackServer(url.href))) {
    problems.push('PANOPTO_SERVER: must be a host name or an https URL, e.g. xamk.cloud.panopto.eu');
    return undefined;
  }
  return {
    baseUrl: url.origin,
    clientId: e.PANOPTO_CLIENT_ID as string,
    clientSecret: e.PANOPTO_CLIENT_SECRET as string,
    grant: e.PANOPTO_GRANT,
    username: e.PANOPTO_USERNAME,
    password: e.PANOPTO_PASSWORD,
    folderIds: (e.PANOPTO_FOLDER_IDS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
    ownerEmailDomain: e.PANOPTO_OWNER_EMAIL_DOMAIN,
    usageReportCsv: e.PANOPTO_USAGE_REPORT_CSV,
    timeoutMs: e.PANOPTO_TIMEOUT_MS,
    concurrency: e.PANOPTO_CONCURRENCY,
    limits: { perSecond: e.PANOPTO_REQUESTS_PER_SECOND, perMinute: e.PANOPTO_REQUESTS_PER_MINUTE, perHour: e.PANOPTO_REQUESTS_PER_HOUR },
    crawlBudgetMs: e.PANOPTO_CRAWL_BUDGET_MINUTES * 60_000,
    usageReportFetch: e.PANOPTO_USAGE_REPORT_FETCH === 'on',
  };
}

function storeConfig(e: z.infer<typeof envSchema>, databaseFile: string, problems: string[]): StoreConfig {
  if (e.STORE === 'sqlite') {
    if (e.AZURE_STORAGE_CONNECTION_STRING !== undefined || e.AZURE_STORAGE_ACCOUNT_URL !== undefined) {
      // Half a configuration would keep state in a file that a second instance cannot see.
      problems.push('STORE: set STORE=azure to use the Azure Storage settings given (AZURE_STORAGE_*)');
    }
    return { kind: 'sqlite', file: databaseFile };
  }
  const connectionString = e.AZURE_STORAGE_CONNECTION_STRING;
  const blobUrl = e.AZURE_STORAGE_ACCOUNT_URL;
  if ((connectionString === undefined) === (blobUrl === undefined)) {
    problems.push('STORE=azure: set exactly one of AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL (managed identity)');
  }
  for (const [name, value] of [['AZURE_STORAGE_ACCOUNT_URL', blobUrl], ['AZURE_STORAGE_TABLE_URL', e.AZURE_STORAGE_TABLE_URL]] as const) {
    if (value !== undefined && !(URL.canParse(value) && (new URL(value).protocol === 'https:' || isLoopbackServer(value)))) {
      problems.push(`${name}: must be an https URL, e.g. https://<account>.blob.core.windows.net`);
    } else if (value !== undefined && new URL(value).search !== '') {
      // A SAS token in the URL would be shown by the start log (the URLs are not secrets otherwise) and never renewed.
      problems.push(`${name}: must be the endpoint alone, without a query; a SAS token belongs in AZURE_STORAGE_CONNECTION_STRING`);
    }
  }
  let tableUrl = e.AZURE_STORAGE_TABLE_URL;
  if (tableUrl === undefined && blobUrl !== undefined && URL.canParse(blobUrl)) {
    const url = new URL(blobUrl);
    if (url.hostname.includes('.blob.')) tableUrl = `${url.protocol}//${url.host.replace('.blob.', '.table.')}${url.pathname}`.replace(/\/$/, '');
    else problems.push('AZURE_STORAGE_TABLE_URL: required when the account URL is not a *.blob.* endpoint');
  }
  return { kind: 'azure', connectionString, blobUrl, tableUrl, prefix: e.AZURE_STORAGE_PREFIX };
}

function isLocalStorage(e: z.infer<typeof envSchema>): boolean {
  const connection = e.AZURE_STORAGE_CONNECTION_STRING;
  if (connection !== undefined) {
    if (/(^|;)\s*UseDevelopmentStorage=true/i.test(connection)) return true;
    const endpoints = [...connection.matchAll(/(?:^|;)\s*(?:Blob|Table)Endpoint=([^;]+)/gi)].map((m) => m[1] ?? '');
    return endpoints.length > 0 && endpoints.every((endpoint) => isLoopbackServer(endpoint));
  }
  return e.AZURE_STORAGE_ACCOUNT_URL !== undefined && isLoopbackServer(e.AZURE_STORAGE_ACCOUNT_URL);
}

function panoptoUrl(server: string): URL | undefined {
  const baseUrl = /^https?:\/\//.test(server) ? server : `https://${server}`;
  return URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
}

function isLoopbackServer(server: string): boolean {
  const hostname = panoptoUrl(server)?.hostname;
  return hostname !== undefined && isLoopback(hostname);
}

/** What the start log may show. Every field is listed so a new secret cannot slip through unclassified. */
export function redactConfig(config: Config): Record<keyof Config, unknown> {
  return {
    mode: config.mode,
    nodeEnv: config.nodeEnv,
    port: config.port,
    host: config.host,
    logLevel: config.logLevel,
    policyFile: config.policyFile,
    databaseFile: config.databaseFile,
    store: config.store.kind === 'sqlite' ? config.store : { ...config.store, connectionString: config.store.connectionString === undefined ? '(not set)' : '[REDACTED]' },
    supportConversationId: config.supportConversationId ?? '(not set)',
    supportUsers: config.supportUsers,
    panopto:
      config.panopto === undefined
        ? '(none: demo data)'
        : { ...config.panopto, clientSecret: '[REDACTED]', password: config.panopto.password === undefined ? '(not set)' : '[REDACTED]' },
    remindersSchedule: config.remindersSchedule,
    remindersLeaseMs: config.remindersLeaseMs,
    remindersCatchUpMs: config.remindersCatchUpMs,
    teamsTenantRps: config.teamsTenantRps,
    installForOwners: config.installForOwners ?? '(off)',
    teamsServiceUrl: config.teamsServiceUrl,
    graphBaseUrl: config.graphBaseUrl,
    applicationInsightsConnectionString: config.applicationInsightsConnectionString === undefined ? '(not set)' : '[REDACTED]',
    identity:
      config.identity === undefined
        ? '(none: local mode)'
        : {
            appId: config.identity.appId,
            appType: config.identity.appType,
            tenantId: config.identity.tenantId,
            openIdMetadataUrl: config.identity.openIdMetadataUrl ?? '(public cloud)',
            appPassword: config.identity.appPassword === undefined ? '(not set)' : '[REDACTED]',
          },
  };
}
