import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { actionsOf, type Card } from './client';

// A loopback stand-in for the Bot Connector service: answers in the documented shapes, keeps only what the driver reads.

export interface LargestCard {
  bytes: number;
  where: string;
}

/** A card the bot posted, with the id of the message that holds it (what Teams sends back as replyToId on a click). */
export interface Posted {
  card: Card;
  activityId: string;
}

export interface Connector {
  serviceUrl: string;
  /** The last card posted to a conversation (and forgets it). */
  take(conversationId: string): Posted | undefined;
  /** The last card posted to a tracked conversation for one incident (the approval card in the approvers' chat). */
  takeFor(conversationId: string, incidentId: string): Posted | undefined;
  /** The last text message sent to a conversation (for error reports). */
  said(conversationId: string): string | undefined;
  counts: Record<'send' | 'update' | 'create' | 'other', number>;
  largest: LargestCard;
  close(): Promise<void>;
}

type Activity = { text?: string; attachments?: { content?: Card }[] };

const route = /^\/v3\/conversations(?:\/([^/]+))?(?:\/activities(?:\/([^/]+))?)?/;

/** `tracked`: conversations whose cards are kept per incident (the approvers' chat). */
export async function startConnector(tracked: readonly string[] = []): Promise<Connector> {
  const last = new Map<string, Posted>();
  const byIncident = new Map<string, Posted>();
  const texts = new Map<string, string>();
  const counts = { send: 0, update: 0, create: 0, other: 0 };
  const largest: LargestCard = { bytes: 0, where: '' };
  let next = 1;

  const note = (activity: Activity | undefined, conversationId: string, kind: string, activityId: string) => {
    if (kind === 'send' && activity?.text) texts.set(conversationId, activity.text);
    for (const a of activity?.attachments ?? []) {
      if (!a.content) continue;
      const bytes = Buffer.byteLength(JSON.stringify(a.content));
      if (bytes > largest.bytes) Object.assign(largest, { bytes, where: `${kind} to ${conversationId.split(';')[0]}` });
      if (kind !== 'send') continue;
      last.set(conversationId, { card: a.content, activityId });
      const incidentId = actionsOf(a.content)[0]?.data.incidentId;
      if (typeof incidentId === 'string' && tracked.includes(conversationId))
        byIncident.set(`${conversationId}|${incidentId}`, { card: a.content, activityId });
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse, text: string) => {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const m = route.exec(path);
    const id = `activity-${next++}`;
    if (req.method === 'POST' && path === '/v3/conversations') {
      counts.create++;
      const channel = (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? 'conv';
      note(body.activity as Activity, channel, 'new thread', id);
      return send(201, { id: `${channel};messageid=${id}`, activityId: id });
    }
    if (m?.[1] && path.includes('/activities') && (req.method === 'POST' || req.method === 'PUT')) {
      const kind = req.method === 'POST' ? 'send' : 'update';
      counts[kind]++;
      const activityId = kind === 'update' && m[2] ? decodeURIComponent(m[2]) : id;
      note(body as Activity, decodeURIComponent(m[1]), kind, activityId);
      return send(200, { id: activityId });
    }
    counts.other++;
    if (/\/members\//.test(path)) return send(200, { id: path.split('/').pop(), name: 'Member' });
    return send(200, {});
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const takeKey = (map: Map<string, Posted>, key: string) => {
    const posted = map.get(key);
    map.delete(key);
    return posted;
  };
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    take: (conversationId) => takeKey(last, conversationId),
    takeFor: (conversationId, incidentId) => takeKey(byIncident, `${conversationId}|${incidentId}`),
    said: (conversationId) => texts.get(conversationId),
    counts,
    largest,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
