import http from 'node:http';
import { originOf, startServer, stopServer } from './httpServer';

/**
 * A Bot Connector service that speaks the v3 REST protocol the bot calls as its serviceUrl: it records what the bot
 * sends (new activities, replies, edits) and answers roster look-ups, so the production client runs unchanged.
 */

export interface RecordedCall {
  method: string;
  path: string;
  conversationId: string;
  activityId: string | undefined;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

export interface Member {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
  userPrincipalName: string;
}

export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  /** Every POST of a message that reached this service, accepted or refused: what Teams would count. */
  readonly posts: string[] = [];
  readonly members = new Map<string, Member>();
  /** Team channels whose roster is limited to these users (other conversations: everyone in `members`). */
  readonly channelMembers = new Map<string, Set<string>>();
  /** Status codes to answer the next send calls with, first in first out (e.g. 429, 503). */
  readonly failNext: Array<{ status: number; body?: unknown; headers?: Record<string, string> }> = [];
  /** Per conversation: answers to give its next sends instead of accepting them. */
  readonly failFor = new Map<string, Array<{ status: number; body?: unknown }>>();
  /** Entra object ids of people who do not have the app: Teams refuses to open a 1:1 chat with them (403). */
  readonly appNotInstalledFor = new Set<string>();
  /** Once this many messages were accepted, further sends are held unanswered (and not delivered): a crash test's moment. */
  holdAfter: number | undefined;
  readonly held: http.ServerResponse[] = [];
  /** New messages are delivered but never answered: Teams accepted them and the answer was lost (a crash's moment). */
  holdAnswers = false;
  /** Each new message is answered this long after it arrives (Teams' own latency), so a test can act mid-send. */
  sendDelayMs = 0;
  /** Called as each new message arrives, before it is answered. */
  onSend: ((conversationId: string) => void) | undefined;
  private server: http.Server | undefined;
  private nextId = 1;

  get url(): string {
    return `${originOf(this.server)}/`;
  }

  async start(): Promise<void> {
    this.server = await startServer((req, raw, res) => this.handle(req, raw, res));
  }

  async stop(): Promise<void> {
    this.dropHeld();
    await stopServer(this.server);
  }

  /** Activities the bot sent to a conversation (new messages and replies, not edits). */
  sent(conversationId?: string): Array<Record<string, unknown>> {
    return this.calls
      .filter((c) => c.method === 'POST' && c.activityId !== 'members' && (conversationId === undefined || c.conversationId === conversationId))
      .filter((c) => c.path.includes('/activities'))
      .map((c) => c.body);
  }

  updates(conversationId?: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'PUT' && (conversationId === undefined || c.conversationId === conversationId));
  }

  reset(): void {
    this.calls.length = 0;
    this.posts.length = 0;
    this.failNext.length = 0;
    this.failFor.clear();
  }

  /** Drops held sends without delivering them, as a dead sender's connection would be. */
  dropHeld(): void {
    for (const res of this.held.splice(0)) res.destroy();
  }

  private handle(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    // v3/conversations/{id}/members/{userId}: the Teams roster entry, with e-mail and UPN.
    if (req.method === 'GET' && parts[0] === 'v3' && parts[1] === 'conversations' && parts[3] === 'members' && parts[4] !== undefined) {
      // A reply thread's id carries ";messageid=…": the roster is the channel's.
      const rosterOf = (parts[2] ?? '').split(';')[0] ?? '';
      this.calls.push({ method: 'GET', path: url.pathname, conversationId: rosterOf, activityId: undefined, body: {}, authorization: req.headers.authorization });
      const inChannel = this.channelMembers.get(rosterOf);
      const member = inChannel === undefined || inChannel.has(parts[4]) ? this.members.get(parts[4]) : undefined;
      if (member === undefined) return reply(404, { error: { code: 'MemberNotFoundInConversation', message: 'member not found' } });
      return reply(200, { ...member, tenantId: 'tenant-1', userRole: 'user' });
    }
    if (parts[0] !== 'v3' || parts[1] !== 'conversations') return reply(404, { error: { code: 'NotFound', message: req.url } });

    const body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
    if (req.method === 'POST' && parts.length === 2) {
      const refused = this.failNext.shift();
      if (refused !== undefined) return reply(refused.status, refused.body ?? { error: { code: 'Fake', message: 'fake failure' } });
      const members = (body['members'] as Array<{ id?: string }> | undefined) ?? [];
      if (members.some((m) => m.id !== undefined && this.appNotInstalledFor.has(m.id))) {
        return reply(403, { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } });
      }
      const id = `a:created-${this.nextId++}`;
      this.calls.push({ method: 'POST', path: url.pathname, conversationId: id, activityId: undefined, body, authorization: req.headers.authorization });
      return reply(201, { id, activityId: `activity-${this.nextId++}`, serviceUrl: this.url });
    }
    const conversationId = parts[2] ?? '';
    const activityId = parts[4];
    const isSend = req.method === 'POST' && parts[3] === 'activities';
    if (isSend) this.posts.push(conversationId);
    if (isSend && this.holdAfter !== undefined && this.sent().length >= this.holdAfter) {
      this.held.push(res);
      return;
    }
    const scoped = this.failFor.get(conversationId)?.shift();
    if (scoped !== undefined) return reply(scoped.status, scoped.body ?? { error: { code: 'Fake', message: 'fake failure' } });
    this.calls.push({ method: req.method ?? 'GET', path: url.pathname, conversationId, activityId, body, authorization: req.headers.authorization });
    const failure = this.failNext.shift();
    if (failure !== undefined) return reply(failure.status, failure.body ?? { error: { code: 'Fake', message: 'fake failure' } }, failure.headers);
    if (req.method === 'PUT') return reply(200, { id: activityId });
    if (isSend) this.onSend?.(conversationId);
    if (isSend && this.holdAnswers) {
      this.held.push(res);
      return;
    }
    const id = `activity-${this.nextId++}`;
    if (isSend && this.sendDelayMs > 0) {
      setTimeout(() => reply(201, { id }), this.sendDelayMs);
      return;
    }
    return reply(201, { id });
  }
}
