import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import pkg from '../package.json';

/** The Teams app manifest, filled from the environment (its own small schema: packaging is a separate program). */

export const MANIFEST_DIR = __dirname;
const SCHEMA_DIR = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build/json-schemas/teams/v1.30');
export const SCHEMA_FILE = path.join(SCHEMA_DIR, 'MicrosoftTeams.schema.json');
const LOCALIZATION_SCHEMA_FILE = path.join(SCHEMA_DIR, 'MicrosoftTeams.Localization.schema.json');

/**
 * The official localization schema, made compilable: one of its key patterns (activities.activityTypes[…]) has an
 * unescaped "]", which JSON Schema validators reject in Unicode regular expressions; escaping it keeps its meaning.
 */
export function localizationSchema(): Record<string, unknown> {
  const schema = JSON.parse(fs.readFileSync(LOCALIZATION_SCHEMA_FILE, 'utf8')) as { patternProperties?: Record<string, unknown> };
  if (schema.patternProperties !== undefined) {
    schema.patternProperties = Object.fromEntries(Object.entries(schema.patternProperties).map(([pattern, rule]) => [pattern.replace(/\\b\]/g, '\\b\\]'), rule]));
  }
  return schema;
}

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');
const httpsUrl = z.string().url().startsWith('https://', 'must be an https URL');

const manifestEnv = z.object({
  MicrosoftAppId: guid,
  TEAMS_APP_ID: guid.optional(),
  BOT_DOMAIN: z.string().regex(/^[a-z0-9.-]+$/i, 'must be a host name such as bot.example.edu'),
  BOT_NAME: z.string().min(1).max(30).default('Panopto rules'),
  DEVELOPER_NAME: z.string().min(1).max(32).default('Xamk'),
  DEVELOPER_WEBSITE_URL: httpsUrl.default('https://www.xamk.fi'),
  DEVELOPER_PRIVACY_URL: httpsUrl.default('https://www.xamk.fi/en/privacy'),
  DEVELOPER_TERMS_URL: httpsUrl.default('https://www.xamk.fi/en/terms'),
});

function templateValues(env: NodeJS.ProcessEnv): Record<string, string> {
  const parsed = manifestEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Cannot build the Teams manifest:\n  - ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  - ')}`);
  }
  const e = parsed.data;
  return {
    version: pkg.version,
    teamsAppId: e.TEAMS_APP_ID ?? e.MicrosoftAppId,
    botId: e.MicrosoftAppId,
    botName: e.BOT_NAME,
    domain: e.BOT_DOMAIN,
    developerName: e.DEVELOPER_NAME,
    websiteUrl: e.DEVELOPER_WEBSITE_URL,
    privacyUrl: e.DEVELOPER_PRIVACY_URL,
    termsOfUseUrl: e.DEVELOPER_TERMS_URL,
  };
}

function fillTemplate(file: string, values: Record<string, string>): Record<string, unknown> {
  const template = fs.readFileSync(path.join(MANIFEST_DIR, file), 'utf8');
  // Values go in as JSON strings, so a quote in a name cannot break the document.
  // Every placeholder of a string, not only its last: webApplicationInfo.resource holds two.
  const filled = template.replace(/"([^"]*\{\{\w+\}\}[^"]*)"/g, (_m, text: string) =>
    JSON.stringify(
      text.replace(/\{\{(\w+)\}\}/g, (_p, key: string) => {
        const value = values[key];
        if (value === undefined) throw new Error(`manifest template names unknown value {{${key}}}`);
        return value;
      }),
    ),
  );
  return JSON.parse(filled) as Record<string, unknown>;
}

export function buildManifest(env: NodeJS.ProcessEnv): Record<string, unknown> {
  return fillTemplate('manifest.template.json', templateValues(env));
}

/** Languages besides English that Teams shows the app in (its name, description and command menu): manifest localizationInfo. */
export const MANIFEST_LANGUAGES = ['fi'] as const;

/** A localization file (`fi.json`): the manifest's user-visible strings in another language, keyed by their JSON path. */
export function buildLocalization(env: NodeJS.ProcessEnv, language: (typeof MANIFEST_LANGUAGES)[number]): Record<string, unknown> {
  return fillTemplate(`${language}.template.json`, templateValues(env));
}
