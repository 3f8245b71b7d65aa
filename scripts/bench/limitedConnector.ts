import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Bot Connector stub that enforces Teams' published limits on its own (not with the bot's limiter): 50 requests
 * per second per tenant, and 7/1 s, 8/2 s, 60/30 s, 1800/h per conversation. Over a limit it answers 429 with
 * Retry-After, as Teams does. It counts what it accepted per conversation, to find lost or duplicated messages.
 */
export class LimitedConnector {
  readonly accepted = new Map<string, number>();
  throttled = 0;
  firstAt = 0;
  lastAt = 0;
  private readonly tenant: number[] = [];
  private readonly perConversation = new Map<string, number[]>();
  private server: http.Server | undefined;

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => this.handle(req, res));
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private over(stamps: number[], now: number, limit: number, ms: number): boolean {
    let count = 0;
    for (let i = stamps.length - 1; i >= 0 && (stamps[i] as number) > now - ms; i--) count++;
    return count >= limit;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const now = Date.now();
    const conversationId = decodeURIComponent((req.url ?? '').split('/')[3] ?? '');
    const mine = this.perConversation.get(conversationId) ?? [];
    const limited =
      this.over(this.tenant, now, 50, 1_000) ||
      this.over(mine, now, 7, 1_000) ||
      this.over(mine, now, 8, 2_000) ||
      this.over(mine, now, 60, 30_000) ||
      this.over(mine, now, 1_800, 3_600_000);
    // Every call counts against the tenant, throttled ones too, as in Teams.
    this.tenant.push(now);
    while (this.tenant.length > 0 && (this.tenant[0] as number) <= now - 1_000) this.tenant.shift();
    if (limited) {
      this.throttled++;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ error: { code: 'Throttled', message: 'Too many requests' } }));
      return;
    }
    mine.push(now);
    this.perConversation.set(conversationId, mine);
    this.accepted.set(conversationId, (this.accepted.get(conversationId) ?? 0) + 1);
    if (this.firstAt === 0) this.firstAt = now;
    this.lastAt = now;
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `activity-${now}` }));
  }
}
