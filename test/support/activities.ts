import { randomUUID } from 'node:crypto';

/** Activities shaped as Microsoft Teams sends them to a bot. */

export const BOT = { id: '28:bot-app-id', name: 'Panopto rules' };
export const TENANT = 'tenant-1';

export interface User {
  id: string;
  name: string;
  aadObjectId: string;
}

export const MAIJA: User = { id: '29:maija', name: 'Maija Meikäläinen', aadObjectId: '00000000-0000-0000-0000-0000000000a1' };
export const MATTI: User = { id: '29:matti', name: 'Matti Virtanen', aadObjectId: '00000000-0000-0000-0000-0000000000b2' };

export const personalConversation = (user: User) => ({ id: `a:personal-${user.id}`, conversationType: 'personal', tenantId: TENANT });
export const SUPPORT_CHANNEL = { id: '19:support@thread.tacv2', conversationType: 'channel', tenantId: TENANT, isGroup: true };

function base(user: User, conversation: Record<string, unknown>, locale: string) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    timestamp: new Date().toISOString(),
    locale,
    from: { ...user },
    recipient: { ...BOT },
    conversation,
    channelData: { tenant: { id: TENANT } },
  };
}

export function message(text: string, options: { user?: User; locale?: string; conversation?: Record<string, unknown> } = {}) {
  const user = options.user ?? MAIJA;
  return { ...base(user, options.conversation ?? personalConversation(user), options.locale ?? 'en-US'), type: 'message', text };
}

/** The message an Action.Submit button sends: its data arrives in value, with no text. */
export function submit(value: Record<string, unknown>, replyToId: string, options: { user?: User; locale?: string } = {}) {
  const user = options.user ?? MAIJA;
  return { ...base(user, personalConversation(user), options.locale ?? 'en-US'), type: 'message', value, replyToId };
}

export function botAdded(options: { user?: User; locale?: string; conversation?: Record<string, unknown> } = {}) {
  const user = options.user ?? MAIJA;
  return {
    ...base(user, options.conversation ?? personalConversation(user), options.locale ?? 'en-US'),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT.id }],
  };
}

export function installed(options: { user?: User; locale?: string } = {}) {
  const user = options.user ?? MAIJA;
  return { ...base(user, personalConversation(user), options.locale ?? 'en-US'), type: 'installationUpdate', action: 'add' };
}

/** Action.Execute: an adaptiveCard/action invoke whose answer is the HTTP response body. */
export function execute(verb: string, data: unknown, options: { user?: User; locale?: string; replyToId?: string } = {}) {
  const user = options.user ?? MAIJA;
  return {
    ...base(user, personalConversation(user), options.locale ?? 'en-US'),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: options.replyToId ?? 'activity-1',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}
