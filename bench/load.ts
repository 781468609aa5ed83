import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { BotClient } from './client';
import type { Connector, LargestCard } from './connector';
import { type BotProcess, cpuMsOf, machineBusyMs, type Watched } from './processes';
import { cardTally, type Drive, type Sample } from './scenario';
import { figures, type RunFigures } from './stats';

// Closed-loop load: `incidents` simulated people at once, each running `rounds` incidents one after another,
// waiting a think time before every activity (0 = saturated: the next activity goes as soon as the answer is in).

export interface LoadOptions {
  incidents: number;
  rounds: number;
  thinkMs: readonly [number, number];
  /** Least time between activities that post to the same shared conversation (0: no spacing). */
  sharedGapMs: number;
  /** Person n starts n * staggerMs after the first, as people arrive over time (0: all at once). */
  staggerMs: number;
  /** Other processes the bench started for this run (Azurite): their CPU is the bench's, not other load. */
  helperPids?: number[];
  seed: number;
}

export interface LoadResult {
  figures: RunFigures;
  samples: Sample[];
  largest: LargestCard;
  startFailures: number;
  /** CPU time (user + system) of the bot process per activity, ms. */
  cpuMsPerActivity: number;
  /** Share of the machine's CPU used by processes the bench did not start, during the run: above ~0.1 the figures are disturbed. */
  otherLoad: number;
  /** The bot's event-loop delay and GC pauses during the run. */
  watched: Watched;
  /** Cards answered to card actions and replied to typed messages: how many, and their mean bytes (0: none seen). */
  cards: Record<'action' | 'reply', { n: number; mean: number }>;
}

/** A small seeded PRNG (mulberry32), so every run paces the same way. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function load(
  bot: BotProcess,
  connector: Connector,
  options: LoadOptions,
  work: (d: Drive, worker: number, round: number) => Promise<void>,
): Promise<LoadResult> {
  const rand = random(options.seed);
  const [min, max] = options.thinkMs;
  const think = max > 0 ? () => new Promise<void>((r) => setTimeout(r, min + rand() * (max - min))) : () => Promise.resolve();
  const nextShared = new Map<string, number>();
  const shared = async (conversation: string) => {
    const now = performance.now();
    const at = Math.max(now, nextShared.get(conversation) ?? 0);
    nextShared.set(conversation, at + options.sharedGapMs);
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  };
  const d: Drive = {
    client: new BotClient(bot.base, connector.serviceUrl),
    connector,
    think,
    shared,
    samples: [],
    largest: { bytes: 0, where: '' },
    startFailures: 0,
    cards: cardTally(),
  };
  const mine = () => cpuMsOf(bot.pid) + (options.helperPids ?? []).reduce((sum, pid) => sum + cpuMsOf(pid), 0);
  const cpuBefore = cpuMsOf(bot.pid);
  const mineBefore = mine();
  await bot.watch('start');
  const machineBefore = machineBusyMs();
  const selfBefore = process.cpuUsage();
  const started = performance.now();
  const failures: unknown[] = [];
  await Promise.all(
    Array.from({ length: options.incidents }, async (_, worker) => {
      if (options.staggerMs) await new Promise((r) => setTimeout(r, worker * options.staggerMs));
      for (let round = 0; round < options.rounds && !failures.length; round++) {
        await work(d, worker, round).catch((err) => failures.push(err));
      }
    }),
  );
  if (failures.length) throw failures[0];
  const wallMs = performance.now() - started;
  const watched = await bot.watch('stop');
  const cpuMsPerActivity = Math.round(((cpuMsOf(bot.pid) - cpuBefore) / d.samples.length) * 1000) / 1000;
  const self = process.cpuUsage(selfBefore);
  const others = machineBusyMs() - machineBefore - (mine() - mineBefore) - (self.user + self.system) / 1000;
  const otherLoad = Math.round(Math.max(0, others / (wallMs * cpus().length)) * 100) / 100;
  const mean = (t: { n: number; bytes: number }) => ({ n: t.n, mean: t.n ? Math.round(t.bytes / t.n) : 0 });
  const cards = { action: mean(d.cards.action), reply: mean(d.cards.reply) };
  return {
    figures: figures(d.samples, wallMs),
    samples: d.samples,
    largest: d.largest,
    startFailures: d.startFailures,
    cpuMsPerActivity,
    otherLoad,
    watched,
    cards,
  };
}

/** Runs `count` jobs with at most `concurrency` in flight. */
export async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await job(next++);
    }),
  );
}
