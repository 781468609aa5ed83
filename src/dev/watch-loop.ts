import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

// The pure parts of the `npm run dev` watch loop: reading `tsc --watch` output, deciding when the bot
// restarts, which file changes count, and a debouncer over injected timers. No I/O: scripts/dev.ts and
// src/dev/source-watcher.ts run the actions.

/** `tsc` arguments of the watch: the same project and build info as `tsc -b <project> --incremental`, so its first compile is warm. */
export function tscWatchArgs(project: string): string[] {
  return ['-p', project, '--watch', '--incremental', '--preserveWatchOutput', '--pretty', 'false', '--listEmittedFiles'];
}

/** One line of `tsc --watch --pretty false --listEmittedFiles` output, classified. */
export type TscLine =
  { kind: 'compileStarted' } | { kind: 'compileFinished'; errors: number } | { kind: 'emitted'; file: string } | { kind: 'diagnostic' } | { kind: 'other' };

/** Pure: what a line of tsc's watch output says (lines start with a local time, e.g. "6:40:59 PM - "). */
export function parseTscLine(line: string): TscLine {
  const emitted = /^TSFILE: (.+)$/.exec(line.trim());
  if (emitted) return { kind: 'emitted', file: emitted[1] };
  if (/ - (?:Starting compilation in watch mode|File change detected\. Starting incremental compilation)\.\.\.$/.test(line.trimEnd())) {
    return { kind: 'compileStarted' };
  }
  const found = / - Found (\d+) errors?\. Watching for file changes\.$/.exec(line.trimEnd());
  if (found) return { kind: 'compileFinished', errors: Number(found[1]) };
  if (/\berror TS\d+:/.test(line)) return { kind: 'diagnostic' };
  return { kind: 'other' };
}

/** Where compiled files land: the bot's output folder (dist/src) and the files the running supervisor loaded. */
export interface WatchLayout {
  readonly botOutDir: string;
  readonly supervisorFiles: readonly string[];
}

export interface WatchState {
  /** tsc's first compile (at watch start) has finished. */
  readonly started: boolean;
  readonly compiling: boolean;
  /** The last finished compile had errors: the bot keeps running what it started with. */
  readonly failing: boolean;
  /** Why the bot needs a restart, gathered since it last (re)started: "src changed", "cards/intake.json changed". */
  readonly pending: readonly string[];
  /** A file the supervisor itself runs was recompiled since the last clean compile. */
  readonly supervisorChanged: boolean;
}

export type WatchEvent = { kind: 'tscLine'; line: string } | { kind: 'filesChanged'; paths: readonly string[] };

export type WatchAction =
  { kind: 'restartBot'; reason: string } | { kind: 'keepBot'; errors: number } | { kind: 'restartHeld'; reason: string } | { kind: 'supervisorChanged' };

export const initialWatchState: WatchState = { started: false, compiling: false, failing: false, pending: [], supervisorChanged: false };

const SRC_CHANGED = 'src changed';

/**
 * Pure: the next state and the actions to run. The bot restarts only after a compile without errors,
 * once for everything gathered since its last start; a compile with errors keeps the running bot, and a
 * cards/runbook change waits for the compile in progress or for the errors to be fixed.
 */
export function watchStep(state: WatchState, event: WatchEvent, layout: WatchLayout): { state: WatchState; actions: WatchAction[] } {
  if (event.kind === 'filesChanged') {
    const reasons = event.paths.map((path) => `${path} changed`);
    const next = { ...state, pending: addAll(state.pending, reasons) };
    if (!state.started || state.compiling) return { state: next, actions: [] };
    if (state.failing) return { state: next, actions: [{ kind: 'restartHeld', reason: reasons.join(', ') }] };
    return { state: { ...next, pending: [] }, actions: [{ kind: 'restartBot', reason: next.pending.join(', ') }] };
  }
  const line = parseTscLine(event.line);
  switch (line.kind) {
    case 'compileStarted':
      return { state: { ...state, compiling: true }, actions: [] };
    case 'emitted': {
      const file = resolve(line.file);
      const pending = isInside(file, layout.botOutDir) ? addAll(state.pending, [SRC_CHANGED]) : state.pending;
      const supervisorChanged = state.supervisorChanged || layout.supervisorFiles.some((f) => resolve(f) === file);
      return { state: { ...state, pending, supervisorChanged }, actions: [] };
    }
    case 'compileFinished': {
      const done = { ...state, started: true, compiling: false, failing: line.errors > 0 };
      if (line.errors > 0) return { state: done, actions: [{ kind: 'keepBot', errors: line.errors }] };
      const actions: WatchAction[] = [];
      if (state.pending.length > 0) actions.push({ kind: 'restartBot', reason: state.pending.join(', ') });
      if (state.supervisorChanged) actions.push({ kind: 'supervisorChanged' });
      return { state: { ...done, pending: [], supervisorChanged: false }, actions };
    }
    default:
      return { state, actions: [] };
  }
}

function addAll(list: readonly string[], items: readonly string[]): string[] {
  return [...list, ...items.filter((item, i) => !list.includes(item) && items.indexOf(item) === i)];
}

function isInside(file: string, dir: string): boolean {
  const rel = relative(resolve(dir), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** A folder the bot reads at start-up, watched with fs.watch: which names in it count. */
export interface WatchedFolder {
  readonly dir: string;
  /** The folder as shown in messages, relative to the project root ("cards", "src/runbooks"). */
  readonly label: string;
  readonly extensions: readonly string[];
  /** Only this file name counts (RUNBOOKS_DIR naming one file). */
  readonly only?: string;
}

/** Pure: the card templates (cards/*.json) and the runbooks (RUNBOOKS_DIR or src/runbooks; *.yaml, *.yml), as the bot finds them. */
export function watchedFolders(root: string, env: Readonly<Record<string, string | undefined>>, isDirectory: (path: string) => boolean): WatchedFolder[] {
  const label = (dir: string): string => {
    const rel = relative(root, dir);
    return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? dir : rel.split(sep).join('/');
  };
  const cards = join(root, 'cards');
  const runbooks = env.RUNBOOKS_DIR?.trim() ? resolve(root, env.RUNBOOKS_DIR.trim()) : join(root, 'src', 'runbooks');
  const runbookFolder: WatchedFolder = isDirectory(runbooks)
    ? { dir: runbooks, label: label(runbooks), extensions: ['.yaml', '.yml'] }
    : { dir: dirname(runbooks), label: label(dirname(runbooks)), extensions: [], only: basename(runbooks) };
  return [{ dir: cards, label: label(cards), extensions: ['.json'] }, runbookFolder];
}

/** Pure: the changed file as shown in messages ("cards/intake.json"), or undefined when the name does not count (other types, editor temp files). */
export function changedFile(folder: WatchedFolder, fileName: string | null): string | undefined {
  if (fileName === null) return folder.label; // the platform did not say which file: count the folder
  const name = basename(fileName);
  if (name.startsWith('.') || name.startsWith('#') || name.endsWith('~')) return undefined;
  const counts = folder.only !== undefined ? name === folder.only : folder.extensions.includes(extname(name));
  return counts ? `${folder.label}/${name}` : undefined;
}

/** Timers, injected so the debouncer runs under test without waiting. */
export interface Timers {
  setTimeout(fire: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Debouncer<T> {
  push(item: T): void;
  cancel(): void;
}

/** Calls fire once with the distinct items pushed, delayMs after the last push (an editor's save is several fs events). */
export function createDebouncer<T>(delayMs: number, timers: Timers, fire: (items: T[]) => void): Debouncer<T> {
  let items: T[] = [];
  let handle: unknown;
  const cancel = (): void => {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
  };
  return {
    push(item) {
      if (!items.includes(item)) items.push(item);
      cancel();
      handle = timers.setTimeout(() => {
        handle = undefined;
        const batch = items;
        items = [];
        fire(batch);
      }, delayMs);
    },
    cancel() {
      cancel();
      items = [];
    },
  };
}
