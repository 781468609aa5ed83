import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BotClient } from './client';
import type { Connector } from './connector';
import { pool } from './load';
import { type BotProcess, type Memory, rssOf, startBot } from './processes';
import { cardTally, chatOf, type Drive, openOne, staffOf } from './scenario';
import { fileStoreBytes, type StoredBytes } from './storage';
import { type Latency, latency } from './stats';

// RSS per open incident: a fresh bot (file store), `warm` incidents opened to warm every code path, a full GC and
// settled RSS; then `open` more incidents opened over HTTP (a "start" each, in its own chat), GC, RSS again.
// 2,000 staff take turns (5 incidents each at 10,000), well inside the per-person command rate limit.

export interface MemoryFigures {
  warm: number;
  open: number;
  seconds: number;
  before: Memory;
  after: Memory;
  /** (RSS after - RSS before) / open, bytes. */
  rssPerIncident: number;
  heapPerIncident: number;
  /** Peak RSS while opening (VmHWM), bytes. */
  peakRss: number;
  /** "start" message latency for the first and the last 1,000 incidents opened: the cost of a larger store. */
  startFirst: Latency;
  startLast: Latency;
  stored: StoredBytes;
  /** "start" answered "Something went wrong" (id allocation race), retried. */
  startFailures: number;
}

async function peakOf(pid: number): Promise<number> {
  const match = /VmHWM:\s+(\d+)\s+kB/.exec(await fs.readFile(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

export async function memoryPhase(
  connector: Connector,
  env: Record<string, string>,
  open: number,
  warm: number,
  concurrency: number,
  progress: (line: string) => void,
): Promise<MemoryFigures> {
  const dataDir = await fs.mkdtemp(join(tmpdir(), 'bench-memory-'));
  let bot: BotProcess | undefined;
  try {
    bot = await startBot('runbook', { ...env, STORE: 'file', DATA_DIR: dataDir });
    const d: Drive = {
      client: new BotClient(bot.base, connector.serviceUrl),
      connector,
      think: async () => undefined,
      shared: async () => undefined,
      samples: [],
      largest: { bytes: 0, where: '' },
      startFailures: 0,
      cards: cardTally(),
    };
    const openMany = (from: number, count: number) =>
      pool(count, concurrency, (i) => openOne(d, staffOf(100_000 + ((from + i) % 2000)), chatOf(`open-${from + i}`)));
    await openMany(0, warm);
    const before = await bot.memory();
    const started = performance.now();
    d.samples.length = 0;
    for (let done = 0; done < open; done += 1000) {
      await openMany(warm + done, Math.min(1000, open - done));
      progress(`  opened ${done + Math.min(1000, open - done)} / ${open}  RSS ${(rssOf(bot.pid) / 2 ** 20).toFixed(0)} MB (before GC)`);
    }
    const seconds = (performance.now() - started) / 1000;
    const after = await bot.memory();
    const starts = d.samples.filter((s) => s.label === 'message start').map((s) => s.ms);
    return {
      warm,
      open,
      seconds: Math.round(seconds),
      before,
      after,
      rssPerIncident: Math.round((after.rss - before.rss) / open),
      heapPerIncident: Math.round((after.heapUsed - before.heapUsed) / open),
      peakRss: await peakOf(bot.pid),
      startFirst: latency(starts.slice(0, 1000)),
      startLast: latency(starts.slice(-1000)),
      stored: await fileStoreBytes(dataDir),
      startFailures: d.startFailures,
    };
  } finally {
    await bot?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
