import { z } from 'zod';
import rawEntries from './knowledge-base.json';
import { supportNamePlaceholders, type Language, type Policy } from '../rules/policy';
import { formatDuration, type GrammaticalCase } from './phrases';

/** The rules Q&A as data: one entry per rule, written per language, with policy values as {placeholders}. */

const languageText = z
  .object({
    title: z.string().min(1),
    questions: z.array(z.string().min(1)).min(1),
    /** Situations people describe when this rule is what they need ("I interviewed a guest…"): found, never shown. */
    situations: z.array(z.string().min(1)).default([]),
    keywords: z.string(),
    answer: z.string().min(1),
  })
  .strict();

const entrySchema = z
  .object({ id: z.string().regex(/^[a-z_]+$/), related: z.array(z.string()), en: languageText, fi: languageText })
  .strict();

export type EntryId = string;

export interface EntryText {
  title: string;
  questions: string[];
  situations: string[];
  keywords: string;
  answer: string;
}

export interface Entry {
  id: EntryId;
  related: EntryId[];
  sourceUrl: Record<Language, string>;
  text: Record<Language, EntryText>;
}

function placeholderValues(policy: Policy, language: Language): Record<string, string> {
  const values: Record<string, string> = {
    institution: policy.institution.shortName,
    institutionName: policy.institution.name[language],
    provider: policy.provider.name,
    providerLocation: policy.provider.location[language],
    learn: policy.learningPlatform,
    panoptoUrl: policy.links.panopto,
    supportEmail: policy.support.email,
    ...supportNamePlaceholders(policy, language),
  };
  const durations = { lifecycle: policy.lifecycle, trashPeriod: policy.trashPeriod, captionDeadline: policy.captionDeadline };
  // A bare {lifecycle} says how long ("säilyy kaksi vuotta", "säilyy yhden vuoden"); :nom names it, :gen goes before a postposition.
  for (const [name, duration] of Object.entries(durations)) {
    for (const grammaticalCase of ['acc', 'nom', 'gen'] as GrammaticalCase[]) {
      const key = grammaticalCase === 'acc' ? name : `${name}:${grammaticalCase}`;
      values[key] = formatDuration(duration, language, grammaticalCase);
    }
  }
  return values;
}

export class UnknownPlaceholderError extends Error {}

export function fillPlaceholders(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-zA-Z]+(?::[a-z]+)?)\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new UnknownPlaceholderError(`Unknown placeholder {${key}} in "${template}"`);
    return value;
  });
}

/** Validates the entries and fills in the policy, so a bad entry fails at start, not in a user's chat. */
export function buildEntries(policy: Policy, raw: unknown = rawEntries): Entry[] {
  const parsed = z.array(entrySchema).parse(raw);
  const ids = new Set(parsed.map((e) => e.id));
  if (ids.size !== parsed.length) throw new Error('Knowledge entries have duplicate ids');
  const values = { en: placeholderValues(policy, 'en'), fi: placeholderValues(policy, 'fi') };
  return parsed.map((entry) => {
    for (const related of entry.related) {
      if (!ids.has(related)) throw new Error(`Entry ${entry.id} relates to unknown entry ${related}`);
    }
    const fill = (language: Language) => {
      const t = entry[language];
      return {
        title: fillPlaceholders(t.title, values[language]),
        questions: t.questions.map((q) => fillPlaceholders(q, values[language])),
        situations: t.situations.map((q) => fillPlaceholders(q, values[language])),
        keywords: fillPlaceholders(t.keywords, values[language]),
        answer: fillPlaceholders(t.answer, values[language]),
      };
    };
    return {
      id: entry.id,
      related: entry.related,
      sourceUrl: { en: policy.links.rulesPage.en, fi: policy.links.rulesPage.fi },
      text: { en: fill('en'), fi: fill('fi') },
    };
  });
}
