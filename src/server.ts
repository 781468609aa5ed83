import './http-parser-warning';
import * as restify from 'restify';
import { envelopeProblem } from './teams/activity-envelope';
import { withAfterResponse } from './app/after-response';
import type { Logger } from './app/logger';

// restify: POST /api/messages through the CloudAdapter, GET /healthz (liveness), GET /readyz (store answers).

/** Runs one activity through the Teams layer and writes the answer (src/teams/activity-processor.ts). */
export interface ActivityProcessor {
  process(req: restify.Request, res: restify.Response): Promise<void>;
}

export interface ServerDeps {
  activities: ActivityProcessor;
  ready: () => Promise<void>;
  log: Logger;
  maxBodyBytes?: number;
}

export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'runbook-incident-bot', handleUncaughtExceptions: false });
  // restify counts compressed bytes against maxBodySize and inflates without a cap; the Bot Connector sends plain JSON.
  server.use((req, res, next) => {
    const encoding = req.headers['content-encoding'];
    if (encoding === undefined || encoding === 'identity') return next();
    res.send(415, { error: 'Compressed request bodies are not accepted.' });
    return next(false);
  });
  server.use(restify.plugins.bodyParser({ maxBodySize: deps.maxBodyBytes ?? 256 * 1024, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    // A body botbuilder would choke on (no type, an object where an id goes, 30,000 levels deep) is a 400 in words, never a 500.
    const problem = envelopeProblem(req.body);
    if (problem) {
      deps.log.warn({ problem }, 'malformed activity refused');
      res.send(400, { error: problem });
      return;
    }
    try {
      // Jobs deferred during the turn (live checks) start once the response is written.
      await withAfterResponse(() => deps.activities.process(req, res));
    } catch (err) {
      deps.log.error({ err: err instanceof Error ? err.message : String(err) }, 'activity processing failed');
      if (!res.headersSent) res.send(500, { error: 'The bot could not process this activity.' });
    }
  });
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req, res) => {
    try {
      await deps.ready();
      res.send(200, { status: 'ready' });
    } catch (err) {
      res.send(503, { status: 'not ready', reason: err instanceof Error ? err.message : 'store unavailable' });
    }
  });
  return server;
}

/** Starts listening; resolves with the bound port (0 picks a free one). */
export function listen(server: restify.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
