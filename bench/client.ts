import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

// The Teams channel's side of the wire: posts activities to a bot over keep-alive HTTP and times each answer.

export type Card = Record<string, unknown>;
export type Json = Record<string, unknown>;
export type Conversation = { id: string; conversationType: string; isGroup?: boolean };
export type Person = { id: string; name: string; aadObjectId: string };

export interface Answer {
  status: number;
  body: Json | undefined;
  ms: number;
  bytes: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
let counter = 0;

export class BotClient {
  constructor(
    readonly base: URL,
    readonly serviceUrl: string,
  ) {}

  /** Posts one activity (a fresh id is stamped on it) and resolves with the status, JSON answer and latency. */
  post(activity: Json): Promise<Answer> {
    const body = JSON.stringify({
      ...activity,
      id: `bench-${++counter}`,
      serviceUrl: this.serviceUrl,
      recipient: { id: '28:bot', name: 'Runbook Incident Bot' },
    });
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          host: this.base.hostname,
          port: this.base.port,
          path: '/api/messages',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - started;
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Json) : undefined, ms, bytes: text.length });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

export function message(text: string, from: Person, conversation: Conversation): Json {
  return { type: 'message', text, channelId: 'msteams', from, conversation: { ...conversation, name: '', isGroup: conversation.isGroup ?? false } };
}

/** A click: `replyToId` is the id of the message holding the card, as Teams sends it. */
export function invoke(verb: string, data: Json, from: Person, conversation: Conversation, replyToId: string): Json {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    channelId: 'msteams',
    value: { action: { type: 'Action.Execute', verb, data } },
    from,
    conversation: { ...conversation, name: '', isGroup: conversation.isGroup ?? false },
  };
}

/** Every Action.Execute in a card, with its data. */
export function actionsOf(card: unknown): { verb: string; data: Json }[] {
  const found: { verb: string; data: Json }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Json;
      if (o.type === 'Action.Execute') found.push({ verb: String(o.verb), data: (o.data ?? {}) as Json });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

export function findAction(card: Card, verb: string, match: Json = {}): { verb: string; data: Json } {
  const hit = actionsOf(card).find((a) => a.verb === verb && Object.entries(match).every(([k, v]) => a.data[k] === v));
  if (!hit)
    throw new Error(
      `no ${verb} ${JSON.stringify(match)} on the card (it has ${
        actionsOf(card)
          .map((a) => a.verb)
          .join(', ') || 'no actions'
      })`,
    );
  return hit;
}

/** The incident version a card was rendered at (highest data.version of its actions). */
export function versionOf(card: Card): number {
  return Math.max(0, ...actionsOf(card).map((a) => Number(a.data.version) || 0));
}

export function cardOfAnswer(answer: Answer): Card | undefined {
  const b = answer.body as { type?: string; value?: Card } | undefined;
  return b?.type === 'application/vnd.microsoft.card.adaptive' ? b.value : undefined;
}
