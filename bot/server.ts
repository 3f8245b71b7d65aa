import { randomUUID } from 'node:crypto';
import restify from 'restify';
import type { Activity, ActivityHandler, TurnContext } from 'botbuilder';
import type { Logger } from './logger';
import type { Readiness } from './readiness';
import type { ReceivedActivities } from './storage/repositories';
import { RequestRefused, type TeamsAdapter } from './teams/adapter';
import { parseIncomingActivity } from './teams/incomingActivity';
import { observeTurn } from './telemetry/turns';

/** Liveness: the process answers. Nothing here does I/O, so a slow store or Panopto never gets an instance restarted. */
export interface Health {
  status: 'ok';
  version: string;
  mode: 'local' | 'production';
}

export interface ServerDeps {
  adapter: TeamsAdapter;
  bot: ActivityHandler;
  logger: Logger;
  health: () => Health;
  readiness: () => Promise<Readiness>;
  /** Local mode: authentication is off, so the bot talks only to a client on this machine. */
  loopbackOnly: boolean;
  received: ReceivedActivities;
}

/** Servers told to stop: they answer what is in flight and take nothing new. */
const draining = new WeakSet<restify.Server>();
const inFlight = new WeakMap<restify.Server, Set<restify.Response>>();

/** Builds the HTTP server without listening, so tests can start it on any port with their own collaborators. */
export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'panopto-rules-bot' });
  const responses = new Set<restify.Response>();
  inFlight.set(server, responses);

  server.pre((_req: restify.Request, res: restify.Response, next: restify.Next) => {
    if (draining.has(server)) {
      // A request on a connection kept alive from before the stop: refused (the sender retries elsewhere or later),
      // and the connection closed, so nothing keeps the process alive.
      res.setHeader('connection', 'close');
      res.setHeader('retry-after', '5');
      res.send(503, { error: 'ShuttingDown' });
      return next(false);
    }
    responses.add(res);
    res.once('close', () => responses.delete(res));
    res.once('finish', () => responses.delete(res));
    return next();
  });
  server.use(restify.plugins.bodyParser({ maxBodySize: 512 * 1024, mapParams: false }));

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    const incoming = parseIncomingActivity(req.body, { loopbackOnly: deps.loopbackOnly });
    if (!incoming.ok) {
      deps.logger.warn({ problems: incoming.problems }, 'rejected a malformed activity');
      res.send(400, { error: 'BadRequest', message: `Not a valid activity: ${incoming.problems.join('; ')}` });
      return;
    }
    await observeTurn(incoming.activity, () => res.statusCode, async () => {
      const authorization = req.headers.authorization;
      try {
        const result = await deps.adapter.receive(incoming.activity, typeof authorization === 'string' ? authorization : '', (context) => runOnce(deps, context));
        if (result.body === undefined) res.send(result.status);
        else res.send(result.status, result.body);
      } catch (error) {
        if (error instanceof RequestRefused) {
          deps.logger.warn({ status: error.status, reason: error.reason }, 'request refused');
          if (error.status === 503) res.setHeader('retry-after', '10');
          res.send(error.status, { error: error.status === 401 ? 'Unauthorized' : 'ServiceUnavailable' });
          return;
        }
        const correlationId = randomUUID();
        deps.logger.error({ err: error, correlationId, activityType: incoming.activity.type }, 'request failed');
        if (!res.headersSent) res.send(500, { error: 'InternalError', correlationId });
      }
    });
  });

  server.get('/healthz', (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    res.send(200, deps.health());
    next();
  });

  server.get('/readyz', async (_req: restify.Request, res: restify.Response) => {
    const readiness = await deps.readiness();
    res.send(readiness.status === 'ready' ? 200 : 503, readiness);
  });

  server.on('restifyError', (req: restify.Request, _res: restify.Response, error: Error & { body?: unknown }, callback: () => void) => {
    deps.logger.warn({ method: req.method, url: req.url, err: error.message }, 'request failed');
    // The JSON parser's own message describes our parser, not the caller's mistake.
    if (error.name === 'InvalidContentError') error.body = { code: 'InvalidContent', message: 'The body is not valid JSON' };
    callback();
  });
  return server;
}

/**
 * Runs a turn unless this activity was taken before: Teams delivers it again when the answer was slow, and both
 * copies may be in flight together. Checked after authentication, so nobody can spend another's activity id.
 * Invokes are left out: their answer is the HTTP response, and every card action is idempotent on its own.
 */
async function runOnce(deps: ServerDeps, context: TurnContext): Promise<void> {
  const key = deliveryKey(context.activity);
  if (key !== undefined && !(await deps.received.first(key, new Date()))) {
    deps.logger.info({ activityType: context.activity.type }, 'activity delivered again; already taken');
    return;
  }
  try {
    await deps.bot.run(context);
  } catch (error) {
    if (key !== undefined) await deps.received.forget(key);
    throw error;
  }
}

function deliveryKey(activity: Activity): string | undefined {
  if (activity.type === 'invoke' || activity.id === undefined) return undefined;
  return `${activity.channelId ?? ''}|${activity.conversation.id}|${activity.id}`;
}

/**
 * Stops taking requests on every connection, lets those in flight finish, and resolves when the last connection is
 * closed. Idle keep-alive connections are closed at once; busy ones close after their current response.
 */
export function closeGracefully(server: restify.Server): Promise<void> {
  draining.add(server);
  for (const res of inFlight.get(server) ?? []) if (!res.headersSent) res.setHeader('connection', 'close');
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.server.closeIdleConnections();
  });
}
