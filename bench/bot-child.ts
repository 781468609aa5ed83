import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { type IntervalHistogram, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { listen } from '../src/server';
import { silentLogger } from '../src/app/logger';
import { createEchoApp } from './echo-bot';
import { createFloorApp } from './floor-bot';

// The bot under test, as its own process (so its RSS is its own): wired like src/index.ts, plus an IPC channel
// to the bench for a full GC + memory reading and for CPU profiling. Nothing of this is reachable over HTTP.

type Message = { type: string; file?: string };

async function main(): Promise<void> {
  const mode = process.argv[2];
  let server;
  if (mode === 'echo') {
    server = createEchoApp().server;
  } else if (mode === 'floor') {
    const bytes = (name: string) => Number(process.env[name] ?? NaN);
    const sizes = {
      documentBytes: bytes('FLOOR_DOCUMENT_BYTES'),
      actionCardBytes: bytes('FLOOR_ACTION_CARD_BYTES'),
      replyCardBytes: bytes('FLOOR_REPLY_CARD_BYTES'),
    };
    if (!process.env.DATA_DIR || !Object.values(sizes).every((b) => Number.isInteger(b) && b > 0))
      throw new Error('floor bot: DATA_DIR and FLOOR_*_BYTES are required');
    server = createFloorApp(process.env.DATA_DIR, sizes).server;
  } else {
    const loaded = loadConfig(process.env);
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const app = createApp(loaded.config, { log: silentLogger });
    if (loaded.config.REMINDER_SWEEP_SECONDS > 0) app.sweeper.start(loaded.config.REMINDER_SWEEP_SECONDS * 1000);
    server = app.server;
  }
  const port = await listen(server, 0, '127.0.0.1');
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<Record<string, unknown>>((resolve, reject) =>
      session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as Record<string, unknown>))),
    );

  // Event-loop delay and GC pauses during a run: whether slow answers waited for the main thread or for I/O.
  let delay: IntervalHistogram | undefined;
  let pauses: number[] = [];
  const gcObserver = new PerformanceObserver((list) => pauses.push(...list.getEntries().map((e) => e.duration)));
  process.on('message', async (m: Message) => {
    if (m.type === 'watch-start') {
      delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      pauses = [];
      gcObserver.observe({ entryTypes: ['gc'] });
      process.send?.({ type: 'watch-started' });
    } else if (m.type === 'watch-stop') {
      delay?.disable();
      gcObserver.disconnect();
      // The histogram holds the time between 5 ms timer ticks: the delay is what exceeds the 5 ms.
      const ms = (ns: number) => Math.max(0, Math.round((ns - 5e6) / 1e4) / 100);
      process.send?.({
        type: 'watch-stopped',
        loopDelay: { p50: ms(delay?.percentile(50) ?? 0), p99: ms(delay?.percentile(99) ?? 0), max: ms(delay?.max ?? 0) },
        gc: { count: pauses.length, totalMs: Math.round(pauses.reduce((a, b) => a + b, 0)), maxMs: Math.round(Math.max(0, ...pauses) * 10) / 10 },
      });
    } else if (m.type === 'gc') {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      process.send?.({ type: 'memory', ...process.memoryUsage() });
    } else if (m.type === 'profile-start') {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
      process.send?.({ type: 'profile-started' });
    } else if (m.type === 'profile-stop') {
      const { profile } = await post('Profiler.stop');
      if (m.file) writeFileSync(m.file, JSON.stringify(profile));
      process.send?.({ type: 'profile-stopped', file: m.file });
    } else if (m.type === 'stop') {
      process.exit(0);
    }
  });
  // The bench went away: stop too, never linger.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', port });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
