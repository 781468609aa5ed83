import { type Child, type OutputStream, isRunning, startChild, stopChild, waitForHttp } from './child-processes';

// The bot under `npm run dev`: started, restarted gracefully when its sources change, stopped on Ctrl+C.
// The store is the bot's own (STORE=file under ./data): a restart keeps every incident.

export interface BotSupervisorOptions {
  /** The bot's entry script, run as `node <entry>`. */
  readonly entry: string;
  readonly env: Record<string, string>;
  readonly cwd: string;
  /** Answers (below 500) once the bot is up: its /healthz. */
  readonly healthUrl: string;
  readonly startTimeoutMs: number;
  /** How long a SIGTERM'd bot may take to finish its turns before SIGKILL. */
  readonly stopGraceMs: number;
  readonly say: (line: string) => void;
  readonly write?: (text: string, stream: OutputStream) => void;
  /** The bot exited after it was up, without being asked to (a crash); the supervisor starts it again only on restart(). */
  readonly onCrash?: (how: string) => void;
  /** Time, injected for the "up again in 1.2 s" line. */
  readonly now?: () => number;
}

export interface BotSupervisor {
  /** Starts the bot and waits until it answers; false when it exits or times out first. */
  start(): Promise<boolean>;
  /**
   * Graceful restart: SIGTERM, wait for the exit, start again, wait until it answers (false if it does not).
   * Calls while a restart runs merge into one more restart after it.
   */
  restart(reason: string): Promise<boolean>;
  /** Stops the bot (if running) and refuses later restarts. */
  stop(): Promise<void>;
  /** How many times the bot was started. */
  readonly starts: number;
  /** The bot process now, if any (for a last-resort SIGKILL). */
  readonly child: Child | undefined;
}

export function createBotSupervisor(options: BotSupervisorOptions): BotSupervisor {
  const now = options.now ?? Date.now;
  let current: Child | undefined;
  let starts = 0;
  let stopped = false;
  let chain: Promise<unknown> = Promise.resolve();
  let queued: { reasons: string[]; done: Promise<boolean> } | undefined;

  async function launch(): Promise<boolean> {
    if (stopped) return false;
    const child = startChild('bot', [options.entry], { env: options.env, cwd: options.cwd, write: options.write });
    current = child;
    starts += 1;
    let up = false;
    void child.exited.then((how) => {
      if (up && current === child && !stopped) options.onCrash?.(how);
    });
    up = await waitForHttp(options.healthUrl, child, options.startTimeoutMs);
    if (!up && isRunning(child)) await stopChild(child, options.stopGraceMs); // timed out: do not leave it half up
    return up;
  }

  async function stopCurrent(): Promise<void> {
    const child = current;
    current = undefined;
    if (child && isRunning(child)) await stopChild(child, options.stopGraceMs);
  }

  async function restartNow(reason: string): Promise<boolean> {
    if (stopped) return false;
    const started = now();
    options.say(`restarting the bot (${reason})`);
    await stopCurrent();
    const up = await launch();
    const seconds = ((now() - started) / 1000).toFixed(1);
    if (up) options.say(`the bot answers again on ${new URL(options.healthUrl).origin} (restart took ${seconds} s)`);
    else if (!stopped) options.say('the bot did not come up; it starts again on the next change (its output above says why).');
    return up;
  }

  return {
    start: launch,
    restart(reason) {
      if (queued) {
        if (!queued.reasons.includes(reason)) queued.reasons.push(reason);
        return queued.done;
      }
      const next = { reasons: [reason], done: Promise.resolve(false) };
      next.done = chain.then(() => {
        queued = undefined;
        return restartNow(next.reasons.join(', '));
      });
      queued = next;
      chain = next.done;
      return next.done;
    },
    async stop() {
      stopped = true;
      await stopCurrent();
    },
    get starts() {
      return starts;
    },
    get child() {
      return current;
    },
  };
}
