import { z } from 'zod';
import raw from './out-of-scope.json';
import type { OutOfScopeTopic } from './retriever';

/** Kinds of question that share the rules' words but are about something else, validated once at start. */

const topicSchema = z
  .object({ id: z.string().regex(/^[a-z_]+$/), names: z.array(z.string().min(2)).default([]), en: z.array(z.string().min(1)).min(1), fi: z.array(z.string().min(1)).min(1) })
  .strict();
const fileSchema = z.object({ about: z.string(), topics: z.array(topicSchema) }).strict();

export function outOfScopeTopics(input: unknown = raw): OutOfScopeTopic[] {
  return fileSchema.parse(input).topics.map((t) => ({ id: t.id, names: t.names, text: { en: t.en, fi: t.fi } }));
}
