import path from 'node:path';
import { z } from 'zod';

/** The only place that reads process.env: everything else receives a typed Config. */

const DEFAULT_POLICY_FILE = path.join(__dirname, 'rules', 'policies', 'xamk.json');

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  POLICY_FILE: optionalText,
  DATABASE_FILE: optionalText,
  SUPPORT_CONVERSATION_ID: optionalText,
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMsi']).optional(),
  MicrosoftAppTenantId: optionalText,
});

export type Mode = 'local' | 'production';

export interface BotIdentity {
  appId: string;
  appPassword: string | undefined;
  appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMsi';
  tenantId: string | undefined;
}

export interface Config {
  mode: Mode;
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  logLevel: string;
  policyFile: string;
  databaseFile: string;
  /** Teams conversation (usually a support channel) that receives questions the bot could not answer. */
  supportConversationId: string | undefined;
  /** Absent in local mode only; authentication is off then. */
  identity: BotIdentity | undefined;
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
    identity = {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType,
      tenantId: e.MicrosoftAppTenantId,
    };
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    mode: identity === undefined ? 'local' : 'production',
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    policyFile: e.POLICY_FILE ?? DEFAULT_POLICY_FILE,
    databaseFile: e.DATABASE_FILE ?? path.join(process.cwd(), 'data', 'bot.db'),
    supportConversationId: e.SUPPORT_CONVERSATION_ID,
    identity,
  };
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
    supportConversationId: config.supportConversationId ?? '(not set)',
    identity:
      config.identity === undefined
        ? '(none: local mode)'
        : {
            appId: config.identity.appId,
            appType: config.identity.appType,
            tenantId: config.identity.tenantId,
            appPassword: config.identity.appPassword === undefined ? '(not set)' : '[REDACTED]',
          },
  };
}
