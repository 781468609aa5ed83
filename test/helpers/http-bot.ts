import type { Activity } from 'botbuilder';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { makeInvoke } from './activities';
import { type Card, findAction } from './card-driver';
import { conversations, type Person, people } from './teams-fakes';

// Talks to a running bot over HTTP like the Teams channel does; can start the built bot as a process.

type Conversation = { id: string; conversationType: string; isGroup?: boolean };

export class HttpBot {
  constructor(
    readonly base: string,
    readonly serviceUrl: string,
  ) {}

  async post(activity: Partial<Activity>): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...activity, serviceUrl: this.serviceUrl, recipient: { id: '28:bot', name: 'Runbook Incident Bot' } }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Posts an invoke and returns the card of its answer; throws unless HTTP 200 with a card. */
  async invoke(verb: string, data: Record<string, unknown>, from: Person = people.staff, conversation: Conversation = conversations.personal): Promise<Card> {
    const res = await this.post(makeInvoke(verb, data, from, conversation));
    const body = res.body as { type?: string; value?: Card } | undefined;
    if (res.status !== 200 || body?.type !== 'application/vnd.microsoft.card.adaptive' || !body.value) {
      throw new Error(`invoke ${verb} answered ${res.status}: ${JSON.stringify(res.body)?.slice(0, 300)}`);
    }
    return body.value;
  }

  click(
    card: Card,
    verb: string,
    match: Record<string, unknown> = {},
    inputs: Record<string, unknown> = {},
    from?: Person,
    conversation?: Conversation,
  ): Promise<Card> {
    return this.invoke(verb, { ...findAction(card, verb, match).data, ...inputs }, from, conversation);
  }
}

export interface BotProcess {
  base: string;
  stop(): Promise<void>;
  output(): string;
}

/** Starts dist/src/index.js with the given environment on a port; resolves when /healthz answers. */
export async function startBotProcess(port: number, env: Record<string, string>): Promise<BotProcess> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'index.js')], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bot exited ${child.exitCode}: ${out}`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`bot did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
