import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback stand-in for the Bot Connector service: records what the bot sends, answers in the documented shapes.

export interface ConnectorCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  body: Record<string, unknown>;
}

export interface LoopbackConnector {
  serviceUrl: string;
  calls: ConnectorCall[];
  /** Answer the next calls matching the predicate with this status (e.g. 403 for a removed bot). */
  failWhen(predicate: (call: ConnectorCall) => boolean, status: number): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startLoopbackConnector(): Promise<LoopbackConnector> {
  const calls: ConnectorCall[] = [];
  let failure: { predicate: (c: ConnectorCall) => boolean; status: number } | undefined;
  let next = 1;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const m = /^\/v3\/conversations(?:\/([^/]+))?(?:\/activities(?:\/([^/]+))?)?(?:\/(members|pagedmembers)(?:\/([^/]+))?)?/.exec(url.pathname);
    const call: ConnectorCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      conversationId: m?.[1] ? decodeURIComponent(m[1]) : undefined,
      activityId: m?.[2] ? decodeURIComponent(m[2]) : undefined,
      body,
    };
    calls.push(call);
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (failure?.predicate(call)) return send(failure.status, { error: { code: 'BotDisabledByAdmin', message: 'The bot is not allowed here' } });
    if (call.method === 'POST' && url.pathname === '/v3/conversations') {
      const channel = ((body.channelData as { channel?: { id?: string } })?.channel?.id ?? 'conv') as string;
      const id = String(next++);
      return send(201, { id: `${channel};messageid=${id}`, activityId: id });
    }
    if (m?.[3]) return send(200, { id: decodeURIComponent(m[4] ?? '29:x'), name: 'Member', aadObjectId: 'a6000000-0000-4000-8000-000000000006' });
    if (url.pathname.startsWith('/v3/teams/')) return send(200, { conversations: [] });
    return send(200, { id: `activity-${next++}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    failWhen: (predicate, status) => {
      failure = { predicate, status };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
