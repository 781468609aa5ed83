import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer: status, JSON body, headers, and an optional delay before answering. */
export interface StandInAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** May answer later (a promise), e.g. to hold Graph until a test releases it. */
export type Route = (req: IncomingMessage, url: URL) => StandInAnswer | StandInAnswer[] | Promise<StandInAnswer | StandInAnswer[]>;

/** A loopback Graph stand-in: routes by decoded path, answers in order when a route lists several answers. */
export class GraphStandIn {
  readonly requests: { path: string; url: URL; authorization?: string }[] = [];
  private readonly routes = new Map<string, { route: Route; calls: number }>();
  private server?: Server;
  baseUrl = '';

  on(path: string, route: Route | StandInAnswer | StandInAnswer[]): this {
    const fn: Route = typeof route === 'function' ? route : () => route;
    this.routes.set(path, { route: fn, calls: 0 });
    return this;
  }

  callsTo(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}/v1.0`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const path = decodeURIComponent(url.pathname.replace(/^\/v1\.0/, ''));
    this.requests.push({ path, url, authorization: req.headers.authorization });
    const entry = this.routes.get(path);
    if (!entry) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: `no stand-in route for ${path}` } }));
      return;
    }
    const answers = await entry.route(req, url);
    const list = Array.isArray(answers) ? answers : [answers];
    const answer = list[Math.min(entry.calls, list.length - 1)]!;
    entry.calls++;
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    if (res.destroyed) return;
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }
}

export const staticToken = (token = 'test-token') => ({ getToken: async () => token });
