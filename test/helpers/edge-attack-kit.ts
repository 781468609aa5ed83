import { type Activity, TestAdapter } from 'botbuilder';
import { createApp } from '../../src/app';
import type { Config } from '../../src/config';
import type { Logger } from '../../src/app/logger';
import type { RateLimit } from '../../src/app/rate-limit';
import type { Incident, Origin } from '../../src/incident/types';
import type { IncidentStore } from '../../src/store/incident-store';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import type { Transport } from '../../src/app/outbound';
import { type Card } from './card-driver';
import { type Recorded, recordingInConversation, recordingTransport, testConfig } from './teams-fakes';
import { finishPhase, makeIncident } from './incident-builders';
import type { Phase } from '../../src/incident/types';

// Edge-attack kit: the real bot (createApp on a TestAdapter) whose sendings outside the turn can be held at a gate,
// so a test can interleave clicks, deliveries and sweeps on purpose; several instances may share one store
// (a scale-out). Answers are matched to their activity by id, so concurrent turns can be told apart.

/** A gate: `wait` resolves once `open` is called; `reached` resolves when something first waits on it. */
export interface Gate {
  wait(): Promise<void>;
  open(): void;
  reached: Promise<void>;
  waiting: number;
}

export function gate(): Gate {
  let release!: () => void;
  let arrive!: () => void;
  const opened = new Promise<void>((r) => (release = r));
  const reached = new Promise<void>((r) => (arrive = r));
  const g: Gate = {
    waiting: 0,
    reached,
    wait: () => {
      g.waiting++;
      arrive();
      return opened;
    },
    open: () => release(),
  };
  return g;
}

export type HeldOp =
  | { op: 'enter'; incidentId: string }
  | { op: 'send'; conversationId: string; text?: string; card: boolean }
  | { op: 'update'; conversationId: string; activityId: string }
  | { op: 'post'; channelId: string };

/** Decides, per sending outside the turn, whether it waits at a gate first. */
export type Hold = (what: HeldOp) => Gate | undefined;

function heldTransport(t: Transport, holds: { fn?: Hold }): Transport {
  const hold = async (what: HeldOp) => {
    const g = holds.fn?.(what);
    if (g) await g.wait();
  };
  return {
    conversationId: t.conversationId,
    currentReference: () => t.currentReference(),
    referenceTo: (id, kind) => t.referenceTo(id, kind),
    reply: (a) => t.reply(a),
    async send(reference, activity) {
      await hold({ op: 'send', conversationId: reference.conversation?.id ?? '', text: activity.text, card: (activity.attachments?.length ?? 0) > 0 });
      return t.send(reference, activity);
    },
    async update(posted, activity) {
      await hold({ op: 'update', conversationId: posted.reference.conversation?.id ?? '', activityId: posted.activityId });
      return t.update(posted, activity);
    },
    async postToChannel(channelId, activity) {
      await hold({ op: 'post', channelId });
      return t.postToChannel(channelId, activity);
    },
  };
}

export interface LogLine {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

/** One instance of the bot. Pass `store` (and `recorded`) of another instance for a scale-out. */
export function attackBot(options: { config?: Config; now?: () => Date; rateLimit?: RateLimit; store?: IncidentStore; recorded?: Recorded } = {}) {
  const recorded: Recorded = options.recorded ?? { sends: [], updates: [], channelPosts: [] };
  const logs: LogLine[] = [];
  const line = (level: string) => (fields: Record<string, unknown>, message: string) => void logs.push({ level, message, fields });
  const log: Logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), with: () => log };
  const holds: { fn?: Hold } = {};
  const base = recordingInConversation(recorded);
  const inConversation = async (incident: Incident, work: (t: Transport) => Promise<void>) => {
    const g = holds.fn?.({ op: 'enter', incidentId: incident.id });
    if (g) await g.wait();
    return base(incident, (t) => work(heldTransport(t, holds)));
  };
  const store = options.store ?? new MemoryIncidentStore();
  const app = createApp(options.config ?? testConfig(), {
    log,
    store,
    now: options.now,
    transport: (c) => recordingTransport(c, recorded),
    inConversation,
    rateLimit: options.rateLimit ?? { take: () => ({ ok: true }) },
  });
  const adapter = new TestAdapter(async (context) => app.bot.run(context));
  return { ...app, store, adapter, recorded, logs, holds };
}
export type AttackBot = ReturnType<typeof attackBot>;

export interface Answer {
  status: number;
  card: Card;
  replies: Partial<Activity>[];
}

/** Runs one activity's turn (deliveries after it are NOT awaited) and returns its own invoke answer and replies. */
export async function fire(bot: AttackBot, activity: Partial<Activity>): Promise<Answer> {
  const id = activity.id;
  await bot.adapter.receiveActivity(activity);
  const queue = bot.adapter.activeQueue;
  const mine = queue.filter((a) => a.replyToId === id);
  const others = queue.filter((a) => a.replyToId !== id);
  queue.splice(0, queue.length, ...others);
  const response = mine.find((r) => r.type === 'invokeResponse');
  const value = response?.value as { status: number; body?: { value?: Card } } | undefined;
  return { status: value?.status ?? 0, card: value?.body?.value ?? {}, replies: mine.filter((r) => r !== response) };
}

/** `promise`, or an error naming `what` after `ms` (a gate nobody reaches must not hang the test until jest's timeout). */
export async function within<T>(promise: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `check` holds (deliveries run after the answer, on their own). */
export async function until(check: () => boolean | Promise<boolean>, what = 'the condition', ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** An incident with its own id, driven through real commands up to `phase` (incidentAt memoises, ids would repeat). */
export function incidentWithId(id: string, phase: Phase): Incident {
  let incident = makeIncident({ id });
  while (incident.phase !== phase) incident = finishPhase(incident);
  return incident;
}

export async function seedAt(store: IncidentStore, incident: Incident, origin: Origin): Promise<Incident> {
  return (await store.create({ ...incident, origin })).value;
}
