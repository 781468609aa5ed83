import { spawn, type ChildProcess } from 'node:child_process';
import { createLinePrefixer } from './line-prefixer';

// Node child processes for `npm run dev`: each in its own process group, output prefixed line by line.

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves with how the child ended, e.g. "code 1" or "signal SIGTERM". */
  readonly exited: Promise<string>;
}

export type OutputStream = 'stdout' | 'stderr';

export interface ChildOptions {
  readonly env: Record<string, string>;
  readonly cwd: string;
  /** Sees every complete line, echoed or not. */
  readonly onLine?: (line: string, stream: OutputStream) => void;
  /** Whether a line is echoed with the "[name] " prefix; default every line. */
  readonly show?: (line: string) => boolean;
  /** Where echoed text goes; default this process's stdout and stderr. */
  readonly write?: (text: string, stream: OutputStream) => void;
}

const writeToProcess = (text: string, stream: OutputStream): void => void process[stream].write(text);

/** Starts `node <args>` detached (its own process group, like setsid) and echoes its output prefixed, line by line. */
export function startChild(name: string, args: string[], options: ChildOptions): Child {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const write = options.write ?? writeToProcess;
  for (const [stream, kind] of [
    [child.stdout, 'stdout'],
    [child.stderr, 'stderr'],
  ] as const) {
    const lines = createLinePrefixer('', (text) => {
      const line = text.slice(0, -1);
      if (options.show?.(line) ?? true) write(`[${name}] ${line}\n`, kind);
      options.onLine?.(line, kind);
    });
    stream.on('data', (chunk: Buffer) => lines.push(chunk));
    stream.on('end', () => lines.flush());
  }
  const exited = new Promise<string>((done) => {
    child.on('exit', (code, signal) => done(signal ? `signal ${signal}` : `code ${code}`));
    child.on('error', (err) => done(`error: ${err.message}`));
  });
  return { name, process: child, exited };
}

export function isRunning(child: Child): boolean {
  return child.process.pid !== undefined && child.process.exitCode === null && child.process.signalCode === null;
}

/** Signals the child's whole process group: the child and anything it started. */
export function signalGroup(child: Child, signal: NodeJS.Signals): void {
  if (!isRunning(child) || child.process.pid === undefined) return;
  try {
    process.kill(-child.process.pid, signal);
  } catch {
    // the group is already gone
  }
}

/** Graceful stop: SIGTERM to the group, SIGKILL after graceMs; resolves with how it ended. */
export async function stopChild(child: Child, graceMs: number): Promise<string> {
  signalGroup(child, 'SIGTERM');
  const killer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  const how = await child.exited;
  clearTimeout(killer);
  return how;
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Polls url until it answers (any HTTP status below 500); false on timeout or when the child exits first. */
export async function waitForHttp(url: string, child: Child, timeoutMs: number, pollMs = 100): Promise<boolean> {
  let exited = false;
  void child.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      if (res.status < 500) return true;
    } catch {
      // not listening yet
    }
    await sleep(pollMs);
  }
  return false;
}
