import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
export { type Azurite, startAzurite } from '../src/dev/azurite';

// The processes the bench starts: the bot under test (forked, with an IPC channel for GC and profiling) and Azurite.

export interface Memory {
  /** VmRSS of the bot process, from /proc (bytes). */
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface BotProcess {
  pid: number;
  base: URL;
  /** Full GC in the bot (twice), waits for RSS to settle, then reads its memory. */
  memory(): Promise<Memory>;
  /** Watches the bot's event-loop delay and GC pauses between start and stop. */
  watch(action: 'start'): Promise<void>;
  watch(action: 'stop'): Promise<Watched>;
  /** Starts / stops the V8 CPU profiler inside the bot; stop writes a .cpuprofile and resolves with its path. */
  profile(action: 'start' | 'stop', file?: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

type Reply = { type: string; [k: string]: unknown };

/** Event-loop delay (ms, sampled every 5 ms) and GC pauses in the bot during a run. */
export interface Watched {
  loopDelay: { p50: number; p99: number; max: number };
  gc: { count: number; totalMs: number; maxMs: number };
}

/** VmRSS of a process in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

/** CPU time (user + system, all threads) a process has used, in ms (Linux /proc; clock ticks of 10 ms). */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time all processes on the machine have used since boot, in ms (Linux /proc/stat: busy = all but idle and iowait). */
export function machineBusyMs(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq + steal) * 10;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Forks dist/bench/bot-child.js ('runbook', 'floor' or 'echo') with this environment; resolves once it listens. */
export async function startBot(mode: 'runbook' | 'floor' | 'echo', env: Record<string, string>): Promise<BotProcess> {
  const child: ChildProcess = fork(join(__dirname, 'bot-child.js'), [mode], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      ...(process.env.UV_THREADPOOL_SIZE ? { UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE } : {}),
      ...env,
    },
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + String(d)).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const waiters = new Map<string, (r: Reply) => void>();
  child.on('message', (r: Reply) => {
    waiters.get(r.type)?.(r);
    waiters.delete(r.type);
  });
  const ask = (type: string, payload: Record<string, unknown>, answer: string) =>
    new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bot did not answer ${type}: ${output}`)), 60_000);
      waiters.set(answer, (r) => (clearTimeout(timer), resolve(r)));
      if (type) child.send({ type, ...payload });
    });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await Promise.race([ask('', {}, 'ready'), exited.then(() => Promise.reject(new Error(`bot exited: ${output}`)))]);
  const pid = child.pid as number;
  return {
    pid,
    base: new URL(`http://127.0.0.1:${ready.port}`),
    async memory() {
      let r = await ask('gc', {}, 'memory');
      // RSS settles after a full GC once freed pages are returned; sample until two readings agree within 1 %.
      let rss = rssOf(pid);
      for (let i = 0; i < 10; i++) {
        await sleep(300);
        r = await ask('gc', {}, 'memory');
        const now = rssOf(pid);
        if (Math.abs(now - rss) <= rss * 0.01)
          return { rss: now, heapUsed: Number(r.heapUsed), external: Number(r.external), arrayBuffers: Number(r.arrayBuffers) };
        rss = now;
      }
      return { rss, heapUsed: Number(r.heapUsed), external: Number(r.external), arrayBuffers: Number(r.arrayBuffers) };
    },
    async watch(action: 'start' | 'stop') {
      const r = await ask(`watch-${action}`, {}, action === 'start' ? 'watch-started' : 'watch-stopped');
      return (action === 'stop' ? { loopDelay: r.loopDelay, gc: r.gc } : undefined) as never;
    },
    async profile(action, file) {
      const r = await ask(`profile-${action}`, { file }, action === 'start' ? 'profile-started' : 'profile-stopped');
      return r.file as string | undefined;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' });
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}
