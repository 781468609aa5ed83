import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { type Child, type OutputStream, startChild, stopChild } from './child-processes';
import {
  type Timers,
  type WatchAction,
  type WatchEvent,
  type WatchLayout,
  type WatchedFolder,
  changedFile,
  createDebouncer,
  initialWatchState,
  parseTscLine,
  tscWatchArgs,
  watchStep,
} from './watch-loop';

// Runs the watch loop of src/dev/watch-loop.ts: `tsc --watch` as a child process and fs.watch on the
// folders the bot reads at start-up; the decisions are watchStep's, this file only feeds it and acts.

export interface SourceWatcherOptions {
  readonly root: string;
  /** The tsconfig to watch, relative to root or absolute. */
  readonly project: string;
  readonly layout: WatchLayout;
  readonly folders: readonly WatchedFolder[];
  readonly restartBot: (reason: string) => void;
  readonly say: (line: string) => void;
  /** tsc exited (it should not while watching). */
  readonly onTscExit: (how: string) => void;
  readonly debounceMs?: number;
  readonly write?: (text: string, stream: OutputStream) => void;
  readonly timers?: Timers;
}

export interface SourceWatcher {
  readonly tsc: Child;
  /** Resolves when tsc's first compile (the one at watch start) has finished. */
  readonly firstCompile: Promise<void>;
  /** Stops tsc and the folder watchers. */
  close(graceMs?: number): Promise<void>;
}

const realTimers: Timers = { setTimeout: (fire, ms) => setTimeout(fire, ms), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) };

export function startSourceWatcher(options: SourceWatcherOptions): SourceWatcher {
  let state = initialWatchState;
  let closed = false;
  let firstCompileDone: () => void = () => undefined;
  const firstCompile = new Promise<void>((done) => (firstCompileDone = done));

  const run = (action: WatchAction): void => {
    switch (action.kind) {
      case 'restartBot':
        options.restartBot(action.reason);
        return;
      case 'keepBot':
        options.say(
          `the compile has ${action.errors} error${action.errors === 1 ? '' : 's'} (above): the running bot stays; it restarts once the compile is clean.`,
        );
        return;
      case 'restartHeld':
        options.say(`${action.reason}: the bot restarts once the compile errors are fixed.`);
        return;
      case 'supervisorChanged':
        options.say('the dev supervisor itself (scripts/dev.ts or what it imports) changed: press Ctrl+C and run npm run dev again to use it.');
        return;
    }
  };
  const dispatch = (event: WatchEvent): void => {
    if (closed) return;
    const wasStarted = state.started;
    const step = watchStep(state, event, options.layout);
    state = step.state;
    step.actions.forEach(run);
    if (!wasStarted && state.started) firstCompileDone();
  };

  const tsc = startChild('tsc', [join(options.root, 'node_modules', 'typescript', 'bin', 'tsc'), ...tscWatchArgs(options.project)], {
    env: stringEnv(process.env),
    cwd: options.root,
    write: options.write,
    onLine: (line) => dispatch({ kind: 'tscLine', line }),
    show: (line) => line.trim() !== '' && parseTscLine(line).kind !== 'emitted',
  });
  void tsc.exited.then((how) => {
    if (!closed) options.onTscExit(how);
  });

  const debouncer = createDebouncer<string>(options.debounceMs ?? 200, options.timers ?? realTimers, (paths) => dispatch({ kind: 'filesChanged', paths }));
  const watchers: FSWatcher[] = [];
  for (const folder of options.folders) {
    if (!existsSync(folder.dir)) {
      options.say(`not watching ${folder.label}: the folder does not exist.`);
      continue;
    }
    const watcher = watch(folder.dir, (_event, fileName) => {
      const changed = changedFile(folder, fileName === null ? null : String(fileName));
      if (changed !== undefined) debouncer.push(changed);
    });
    watcher.on('error', (err) => options.say(`watching ${folder.label} failed: ${err.message}`));
    watchers.push(watcher);
  }

  return {
    tsc,
    firstCompile,
    async close(graceMs = 5_000) {
      closed = true;
      debouncer.cancel();
      watchers.forEach((watcher) => watcher.close());
      await stopChild(tsc, graceMs);
    },
  };
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}
