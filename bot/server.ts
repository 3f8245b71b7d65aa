import restify from 'restify';
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Logger } from './logger';

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  mode: 'local' | 'production';
  store: 'reachable' | 'unreachable';
}

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  logger: Logger;
  health: () => Promise<Health>;
}

/** Builds the HTTP server without listening, so tests can start it on any port with their own collaborators. */
export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'panopto-rules-bot' });
  server.use(restify.plugins.bodyParser({ maxBodySize: 512 * 1024, mapParams: false }));

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await deps.adapter.process(req, res, (context) => deps.bot.run(context));
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const health = await deps.health();
    res.send(health.status === 'ok' ? 200 : 503, health);
  });

  server.on('restifyError', (req: restify.Request, _res: restify.Response, error: Error, callback: () => void) => {
    deps.logger.warn({ method: req.method, url: req.url, err: error.message }, 'request failed');
    callback();
  });
  return server;
}
