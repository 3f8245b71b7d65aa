import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { isLoopback } from '../loopback';

/**
 * The shape of an activity, checked before the SDK or the bot sees it. The SDK trusts the body's types (a numeric
 * `locale` throws deep inside a turn), and nothing else bounds the sizes of what is cached and stored per id. Limits
 * are generous for what Teams sends (ids of tens of characters, messages of at most ~28 KB).
 */

export const LIMITS = { id: 256, conversationId: 512, name: 256, text: 30_000, members: 256 } as const;

const id = z.string().min(1).max(LIMITS.id);
const shortText = z.string().max(64);

// Accounts and the conversation are copied into every stored conversation reference (and the write cache): only the
// fields Teams sends are kept, so nothing else the caller adds there is stored.
const account = z.object({
  id,
  name: z.string().max(LIMITS.name).optional(),
  aadObjectId: z.string().max(LIMITS.id).optional(),
  role: shortText.optional(),
});

const serviceUrl = z
  .string()
  .max(2048)
  .refine((value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol), 'must be an http(s) URL');

const activitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: id.optional(),
  serviceUrl,
  channelId: shortText.optional(),
  timestamp: shortText.optional(),
  localTimestamp: shortText.optional(),
  expiration: shortText.optional(),
  locale: shortText.optional(),
  deliveryMode: shortText.optional(),
  action: shortText.optional(),
  replyToId: id.optional(),
  text: z.string().max(LIMITS.text).optional(),
  name: z.string().max(LIMITS.name).optional(),
  from: account,
  recipient: account,
  conversation: z.object({
    id: z.string().min(1).max(LIMITS.conversationId),
    name: z.string().max(LIMITS.name).optional(),
    conversationType: shortText.optional(),
    tenantId: z.string().max(LIMITS.id).optional(),
    isGroup: z.boolean().optional(),
    role: shortText.optional(),
  }),
  membersAdded: z.array(account).max(LIMITS.members).optional(),
  membersRemoved: z.array(account).max(LIMITS.members).optional(),
  channelData: z
    .looseObject({ tenant: z.looseObject({ id: z.string().max(LIMITS.id).optional() }).optional() })
    .optional(),
});

export type IncomingActivity = { ok: true; activity: Activity } | { ok: false; problems: string[] };

/**
 * Checks a request body. In local mode (no authentication) the bot also refuses to call any `serviceUrl` but this
 * machine's: otherwise one unauthenticated POST would make it fetch from, post to and store answers of any host.
 */
export function parseIncomingActivity(body: unknown, options: { loopbackOnly: boolean }): IncomingActivity {
  const parsed = activitySchema.safeParse(body);
  if (!parsed.success) {
    // Paths and rules only: the values are the caller's and may be huge.
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    return { ok: false, problems };
  }
  if (options.loopbackOnly && !isLoopback(new URL(parsed.data.serviceUrl).hostname)) {
    return { ok: false, problems: ['serviceUrl: local mode answers only a client on this machine (localhost)'] };
  }
  return { ok: true, activity: withDates(parsed.data) };
}

/** As the SDK's own HTTP entry does: timestamps as Dates, the sender's text kept beside them. */
function withDates(data: z.infer<typeof activitySchema>): Activity {
  const activity = { ...data } as Record<string, unknown>;
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    const value = data[field];
    if (value === undefined) continue;
    activity[raw] = value;
    activity[field] = new Date(value);
  }
  return activity as unknown as Activity;
}

export { isLoopback } from '../loopback';
