import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { listen } from '../src/server';
import { silentLogger } from '../src/teams/logger';
import { createEchoApp } from './echo-bot';

// The bot under test, as its own process (so its RSS is its own): wired like src/index.ts, plus an IPC channel
// to the bench for a full GC + memory reading and for CPU profiling. Nothing of this is reachable over HTTP.

type Message = { type: string; file?: string };

async function main(): Promise<void> {
  const mode = process.argv[2];
  let server;
  if (mode === 'echo') {
    server = createEchoApp().server;
  } else {
    const loaded = loadConfig(process.env);
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const app = createApp(loaded.config, { log: silentLogger });
    if (loaded.config.REMINDER_SWEEP_SECONDS > 0) app.reminders.start(loaded.config.REMINDER_SWEEP_SECONDS * 1000);
    server = app.server;
  }
  const port = await listen(server, 0, '127.0.0.1');
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<Record<string, unknown>>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as Record<string, unknown>))));

  process.on('message', async (m: Message) => {
    if (m.type === 'gc') {
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
