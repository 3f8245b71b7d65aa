import fs from 'node:fs';
import { z } from 'zod';

/** Every number and name the bot states or acts on comes from one policy file per institution. */

const localized = z.object({ en: z.string().min(1), fi: z.string().min(1) });

const duration = z
  .object({
    years: z.number().int().min(0).optional(),
    months: z.number().int().min(0).optional(),
    days: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((d) => (d.years ?? 0) + (d.months ?? 0) + (d.days ?? 0) > 0, 'must be a positive duration')
  .refine((d) => [d.years, d.months, d.days].filter((v) => v !== undefined).length === 1, 'use exactly one unit (years, months or days)');

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Helsinki');

const daysBefore = z.array(z.number().int().min(0).max(3650)).min(1);

/** When owners hear about a deadline; every offset is in days before the date, in the policy's time zone. */
const reminders = z
  .object({
    captionDaysBefore: daysBefore,
    /** One reminder after the caption deadline has passed, if it passed at most this many days ago. */
    captionOverdueWithinDays: z.number().int().min(0),
    deletionDaysBefore: daysBefore,
    finalDeletionDaysBefore: daysBefore,
    snoozeDays: z.number().int().min(1).max(90),
    /** Longer digests show this many items and "and N more". */
    digestMaxItems: z.number().int().min(1).max(25),
    /** Local time of the daily run, HH:MM. */
    sendAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)'),
  })
  .strict();

/** What an owner may ask for: the lengths offered, and how far ahead any requested date may be. */
const extensions = z
  .object({
    choices: z.array(duration).min(1).max(4),
    maxYears: z.number().int().min(1).max(20),
    /** Pending requests older than this are brought to support's attention once more. */
    resurfaceAfterDays: z.number().int().min(1).max(90),
  })
  .strict();

/** The Finnish forms of a name that sentences need: "Kysymyksesi lähetettiin Xamkin IT-palvelupisteelle." */
export const FINNISH_NAME_CASES = ['nom', 'gen', 'all', 'ill', 'ela'] as const;
export type FinnishNameCase = (typeof FINNISH_NAME_CASES)[number];

const finnishNameForms = z
  .object(
    Object.fromEntries(FINNISH_NAME_CASES.map((c) => [c, z.string().min(1)])) as Record<FinnishNameCase, z.ZodString>,
    { error: 'give the Finnish name in each case a sentence needs: nominative (nom), genitive (gen), allative (all), illative (ill), elative (ela)' },
  )
  .strict();

const supportName = z.object({ en: z.string().min(1), fi: finnishNameForms }).strict();

/**
 * Captions beyond "there are some": which of Panopto's states meet the deadline, and who makes captions on request.
 * Human-made captions, and automatic ones the owner has checked, always count; `countAsCaptioned` adds
 * `automatic` (unchecked speech-recognition captions) and/or `requested` (ordered from a provider, not yet delivered).
 */
const captions = z
  .object({
    countAsCaptioned: z.array(z.enum(['automatic', 'requested'])).default([]),
    /** Offers "Request captions" on the cards: the provider's name as Panopto shows it, and who pays, when said. */
    provider: z.object({ name: z.string().min(1), paidBy: localized.optional() }).strict().optional(),
  })
  .strict();

export const policySchema = z
  .object({
    institution: z.object({ shortName: z.string().min(1), name: localized }).strict(),
    provider: z.object({ name: z.string().min(1), location: localized }).strict(),
    learningPlatform: z.string().min(1),
    timeZone,
    lifecycle: duration,
    trashPeriod: duration,
    captionDeadline: duration,
    support: z.object({ name: supportName, email: z.string().email() }).strict(),
    links: z.object({ rulesPage: localized, panopto: z.string().url() }).strict(),
    reminders,
    extensions,
    captions: captions.default({ countAsCaptioned: [] }),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;
export type Duration = z.infer<typeof duration>;
export type Language = 'en' | 'fi';
export type Localized = z.infer<typeof localized>;
export type ReminderPolicy = z.infer<typeof reminders>;
export type CaptionPolicy = z.infer<typeof captions>;

export class PolicyError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Invalid policy file ${file}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'PolicyError';
  }
}

export function parsePolicy(raw: unknown, source = '(inline)'): Policy {
  const result = policySchema.safeParse(raw);
  if (!result.success) {
    throw new PolicyError(source, result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return result.data;
}

export function loadPolicy(file: string): Policy {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyError(file, [`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PolicyError(file, [`is not valid JSON: ${(error as Error).message}`]);
  }
  return parsePolicy(raw, file);
}

/**
 * The support team's name in the form a sentence needs, as text placeholders: {support}, {support:gen}, {support:all},
 * {support:ill}, {support:ela}. English has one form for all.
 */
export function supportNamePlaceholders(policy: Policy, language: Language): Record<string, string> {
  const name = policy.support.name;
  const values: Record<string, string> = {};
  for (const grammaticalCase of FINNISH_NAME_CASES) {
    values[grammaticalCase === 'nom' ? 'support' : `support:${grammaticalCase}`] = language === 'fi' ? name.fi[grammaticalCase] : name.en;
  }
  return values;
}
