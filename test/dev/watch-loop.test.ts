import { join } from 'node:path';
import {
  type Timers,
  type WatchAction,
  type WatchEvent,
  type WatchLayout,
  type WatchState,
  changedFile,
  createDebouncer,
  initialWatchState,
  parseTscLine,
  tscWatchArgs,
  watchStep,
  watchedFolders,
} from '../../src/dev/watch-loop';

// The pure watch loop of `npm run dev`: tsc's watch output read line by line, when the bot restarts (and when
// not), which file changes count, and the debouncer on fake timers.

const root = '/work/bot';
const layout: WatchLayout = { botOutDir: join(root, 'dist', 'src'), supervisorFiles: [join(root, 'dist', 'scripts', 'dev.js')] };

/** tsc's output for one compile, as `tsc --watch --pretty false --listEmittedFiles` prints it (tsc 5.9). */
function compile(options: { first?: boolean; emitted?: string[]; errors?: string[] } = {}): string[] {
  const errors = options.errors ?? [];
  return [
    '',
    options.first ? '6:43:39 PM - Starting compilation in watch mode...' : '6:43:53 PM - File change detected. Starting incremental compilation...',
    '',
    ...errors,
    ...(options.emitted ?? []).flatMap((file) => [`TSFILE: ${join(root, 'dist', file)}`, `TSFILE: ${join(root, 'dist', file)}.map`]),
    `TSFILE: ${join(root, 'dist', 'tsconfig.build.tsbuildinfo')}`,
    '',
    `6:43:54 PM - Found ${errors.length} error${errors.length === 1 ? '' : 's'}. Watching for file changes.`,
  ];
}

const typeError = "src/dev/line-prefixer.ts(23,7): error TS2322: Type 'string' is not assignable to type 'number'.";
const lines = (all: string[]): WatchEvent[] => all.map((line) => ({ kind: 'tscLine', line }));
const files = (...paths: string[]): WatchEvent => ({ kind: 'filesChanged', paths });

function run(events: WatchEvent[], from: WatchState = initialWatchState): { state: WatchState; actions: WatchAction[] } {
  let state = from;
  const actions: WatchAction[] = [];
  for (const event of events) {
    const step = watchStep(state, event, layout);
    state = step.state;
    actions.push(...step.actions);
  }
  return { state, actions };
}

const started = run(lines(compile({ first: true }))).state;

describe('parseTscLine', () => {
  test('reads the start of a compile, its end with the error count, emitted files and diagnostics', () => {
    expect(parseTscLine('6:43:39 PM - Starting compilation in watch mode...')).toEqual({ kind: 'compileStarted' });
    expect(parseTscLine('18:43:53 - File change detected. Starting incremental compilation...')).toEqual({ kind: 'compileStarted' });
    expect(parseTscLine('6:43:53 PM - Found 0 errors. Watching for file changes.')).toEqual({ kind: 'compileFinished', errors: 0 });
    expect(parseTscLine('6:43:53 PM - Found 1 error. Watching for file changes.')).toEqual({ kind: 'compileFinished', errors: 1 });
    expect(parseTscLine('6:43:53 PM - Found 12 errors. Watching for file changes.\r')).toEqual({ kind: 'compileFinished', errors: 12 });
    expect(parseTscLine('TSFILE: /work/bot/dist/src/index.js')).toEqual({ kind: 'emitted', file: '/work/bot/dist/src/index.js' });
    expect(parseTscLine(typeError)).toEqual({ kind: 'diagnostic' });
  });

  test('a diagnostic that quotes tsc words is not the end of a compile', () => {
    expect(parseTscLine("src/a.ts(1,1): error TS2304: Cannot find name 'x'. - Found 0 errors. Watching for file changes. x")).toEqual({ kind: 'diagnostic' });
    expect(parseTscLine('')).toEqual({ kind: 'other' });
    expect(parseTscLine('  Type is missing the following properties')).toEqual({ kind: 'other' });
  });

  test('the watch shares the project and build info of the first build and prints plain, kept output', () => {
    expect(tscWatchArgs('tsconfig.build.json')).toEqual([
      '-p',
      'tsconfig.build.json',
      '--watch',
      '--incremental',
      '--preserveWatchOutput',
      '--pretty',
      'false',
      '--listEmittedFiles',
    ]);
  });
});

describe('watchStep', () => {
  test('the first compile with nothing emitted restarts nothing (the bot already runs that build)', () => {
    const { state, actions } = run(lines(compile({ first: true })));
    expect(actions).toEqual([]);
    expect(state).toMatchObject({ started: true, compiling: false, failing: false, pending: [] });
  });

  test('a clean compile that emitted files under dist/src restarts the bot exactly once', () => {
    const { actions } = run(lines(compile({ emitted: ['src/cards/format.js', 'src/cards/index.js', 'src/index.js'] })), started);
    expect(actions).toEqual([{ kind: 'restartBot', reason: 'src changed' }]);
  });

  test('a compile with errors keeps the bot, even though tsc emitted; the next clean compile restarts it', () => {
    const failed = run(lines(compile({ errors: [typeError], emitted: ['src/dev/line-prefixer.js'] })), started);
    expect(failed.actions).toEqual([{ kind: 'keepBot', errors: 1 }]);
    expect(failed.actions).not.toContainEqual(expect.objectContaining({ kind: 'restartBot' }));
    // The fix touched a file outside dist/src, but what the failed compile emitted still counts.
    const fixed = run(lines(compile({ emitted: ['bench/run.js'] })), failed.state);
    expect(fixed.actions).toEqual([{ kind: 'restartBot', reason: 'src changed' }]);
    expect(run(lines(compile({ emitted: ['bench/run.js'] })), fixed.state).actions).toEqual([]);
  });

  test('scripts/ and bench/ do not restart the bot; the supervisor itself changing says so', () => {
    expect(run(lines(compile({ emitted: ['bench/run.js', 'scripts/incidents.js'] })), started).actions).toEqual([]);
    expect(run(lines(compile({ emitted: ['scripts/dev.js'] })), started).actions).toEqual([{ kind: 'supervisorChanged' }]);
  });

  test('a card or runbook change restarts at once when idle, naming the files', () => {
    const { actions, state } = run([files('cards/intake.json', 'src/runbooks/exchange.yaml')], started);
    expect(actions).toEqual([{ kind: 'restartBot', reason: 'cards/intake.json changed, src/runbooks/exchange.yaml changed' }]);
    expect(state.pending).toEqual([]);
  });

  test('a card change during a compile waits for it and restarts once with both reasons', () => {
    const [blank, begin, ...rest] = compile({ emitted: ['src/index.js'] });
    const { actions } = run([...lines([blank, begin]), files('cards/intake.json'), files('cards/intake.json'), ...lines(rest)], started);
    expect(actions).toEqual([{ kind: 'restartBot', reason: 'cards/intake.json changed, src changed' }]);
  });

  test('a card change while the compile has errors is held until the errors are fixed', () => {
    const failed = run(lines(compile({ errors: [typeError] })), started).state;
    const held = run([files('cards/intake.json')], failed);
    expect(held.actions).toEqual([{ kind: 'restartHeld', reason: 'cards/intake.json changed' }]);
    expect(run(lines(compile()), held.state).actions).toEqual([{ kind: 'restartBot', reason: 'cards/intake.json changed' }]);
  });

  test('a card change before the first compile finished waits for it', () => {
    const [blank, begin, ...rest] = compile({ first: true });
    expect(run([...lines([blank, begin]), files('cards/intake.json'), ...lines(rest)]).actions).toEqual([
      { kind: 'restartBot', reason: 'cards/intake.json changed' },
    ]);
  });

  // Every sequence of up to 6 events from this alphabet, then a clean compile: no restart on a failed compile or
  // while tsc is writing, no change lost, no restart without a change since the last one.
  const alphabet: Record<string, WatchEvent[]> = {
    begin: lines(['6:00:00 PM - File change detected. Starting incremental compilation...']),
    emitSrc: lines([`TSFILE: ${join(root, 'dist', 'src', 'index.js')}`]),
    emitBench: lines([`TSFILE: ${join(root, 'dist', 'bench', 'run.js')}`]),
    clean: lines(['6:00:01 PM - Found 0 errors. Watching for file changes.']),
    failed: lines(['6:00:01 PM - Found 2 errors. Watching for file changes.']),
    card: [files('cards/intake.json')],
  };
  const names = Object.keys(alphabet);
  const longer = (all: string[][]): string[][] => all.flatMap((s) => names.map((name) => [...s, name]));
  const all: string[][] = [[]];
  for (let level: string[][] = [[]], n = 0; n < 6; n++) all.push(...(level = longer(level)));

  /** What went wrong in one sequence, or undefined. */
  function violation(sequence: string[]): string | undefined {
    let state = started;
    let changedSinceRestart = false;
    let compiling = false;
    for (const name of [...sequence, 'begin', 'clean']) {
      if (name === 'begin') compiling = true;
      for (const event of alphabet[name]) {
        const step = watchStep(state, event, layout);
        const restarts = step.actions.filter((a) => a.kind === 'restartBot').length;
        if (name === 'emitSrc' || name === 'card') changedSinceRestart = true;
        if (restarts > 1) return `${restarts} restarts at ${name}`;
        if (restarts === 1 && name === 'failed') return 'restart on a failed compile';
        if (restarts === 1 && !changedSinceRestart) return `restart without a change at ${name}`;
        if (restarts === 1 && compiling && name !== 'clean') return `restart during a compile at ${name}`;
        if (restarts === 1) changedSinceRestart = false;
        state = step.state;
      }
      if (name === 'clean' || name === 'failed') compiling = false;
    }
    if (changedSinceRestart) return 'a change never restarted the bot';
    return state.pending.length > 0 ? `left pending: ${state.pending.join(', ')}` : undefined;
  }

  test(`over all ${all.length} event sequences: restarts follow only changes, once each, never mid-compile or on a failed compile`, () => {
    const wrong = all.map((sequence) => [sequence.join(' '), violation(sequence)]).filter(([, why]) => why !== undefined);
    expect(wrong).toEqual([]);
  });
});

describe('which changes count', () => {
  const isDir = (dirs: string[]) => (path: string) => dirs.includes(path);

  test('cards/*.json and src/runbooks/*.yaml, *.yml by default', () => {
    const [cards, runbooks] = watchedFolders(root, {}, isDir([join(root, 'src', 'runbooks')]));
    expect(cards).toEqual({ dir: join(root, 'cards'), label: 'cards', extensions: ['.json'] });
    expect(runbooks).toEqual({ dir: join(root, 'src', 'runbooks'), label: 'src/runbooks', extensions: ['.yaml', '.yml'] });
    expect(changedFile(cards, 'intake.json')).toBe('cards/intake.json');
    expect(changedFile(runbooks, 'exchange.yaml')).toBe('src/runbooks/exchange.yaml');
    expect(changedFile(runbooks, 'other.yml')).toBe('src/runbooks/other.yml');
  });

  test('other files and editor temp files do not count; an unnamed change counts as the folder', () => {
    const [cards, runbooks] = watchedFolders(root, {}, isDir([join(root, 'src', 'runbooks')]));
    for (const name of ['notes.md', '.intake.json.swp', 'intake.json~', '#intake.json#', '4913', 'intake.json.tmp'])
      expect(changedFile(cards, name)).toBeUndefined();
    expect(changedFile(runbooks, 'runbook.schema.json')).toBeUndefined(); // the bot does not read it at start
    expect(changedFile(cards, null)).toBe('cards');
  });

  test('RUNBOOKS_DIR: a folder is watched for its runbooks; one file, only that file; outside the project, by its path', () => {
    const folder = watchedFolders(root, { RUNBOOKS_DIR: 'ops/runbooks' }, isDir([join(root, 'ops', 'runbooks')]))[1];
    expect(folder).toEqual({ dir: join(root, 'ops', 'runbooks'), label: 'ops/runbooks', extensions: ['.yaml', '.yml'] });
    const file = watchedFolders(root, { RUNBOOKS_DIR: ' ops/mail.yaml ' }, isDir([]))[1];
    expect(file).toEqual({ dir: join(root, 'ops'), label: 'ops', extensions: [], only: 'mail.yaml' });
    expect(changedFile(file, 'mail.yaml')).toBe('ops/mail.yaml');
    expect(changedFile(file, 'other.yaml')).toBeUndefined();
    expect(watchedFolders(root, { RUNBOOKS_DIR: '/srv/runbooks' }, isDir(['/srv/runbooks']))[1].label).toBe('/srv/runbooks');
  });
});

describe('createDebouncer', () => {
  function fakeTimers(): Timers & { elapse(ms: number): void; pending(): number } {
    let now = 0;
    let next = 0;
    const due = new Map<number, { at: number; fire: () => void }>();
    return {
      setTimeout(fire, ms) {
        due.set(++next, { at: now + ms, fire });
        return next;
      },
      clearTimeout(handle) {
        due.delete(handle as number);
      },
      elapse(ms) {
        now += ms;
        for (const [handle, timer] of [...due]) {
          if (timer.at > now) continue;
          due.delete(handle);
          timer.fire();
        }
      },
      pending: () => due.size,
    };
  }

  test('several events of one save fire once, 200 ms after the last, with the distinct items', () => {
    const timers = fakeTimers();
    const fired: string[][] = [];
    const debouncer = createDebouncer<string>(200, timers, (items) => fired.push(items));
    debouncer.push('cards/intake.json');
    timers.elapse(150);
    debouncer.push('cards/intake.json');
    debouncer.push('cards/triage.json');
    timers.elapse(150);
    expect(fired).toEqual([]);
    timers.elapse(50);
    expect(fired).toEqual([['cards/intake.json', 'cards/triage.json']]);
    expect(timers.pending()).toBe(0);
  });

  test('a later save fires again; cancel drops what is waiting', () => {
    const timers = fakeTimers();
    const fired: string[][] = [];
    const debouncer = createDebouncer<string>(200, timers, (items) => fired.push(items));
    debouncer.push('a');
    timers.elapse(200);
    debouncer.push('b');
    timers.elapse(200);
    debouncer.push('c');
    debouncer.cancel();
    timers.elapse(1_000);
    expect(fired).toEqual([['a'], ['b']]);
    expect(timers.pending()).toBe(0);
  });
});
