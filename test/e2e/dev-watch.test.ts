import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BotSupervisor, createBotSupervisor } from '../../src/dev/bot-supervisor';
import { isRunning } from '../../src/dev/child-processes';
import { type SourceWatcher, startSourceWatcher } from '../../src/dev/source-watcher';
import { watchedFolders } from '../../src/dev/watch-loop';
import { projectRoot } from '../../src/project-root';
import { freePort } from '../helpers/azurite';

// The `npm run dev` watch loop for real: tsc --watch and fs.watch on a temporary project whose "bot" is a
// tiny HTTP server, run by the dev supervisor's restart. A change restarts it exactly once; a compile
// with errors restarts nothing (and holds a card change until the errors are fixed). No Playground.

const fakeBot = (version: string, type = 'string'): string => `declare const require: (id: string) => any;
declare const process: { env: Record<string, string | undefined>; pid: number; on(signal: string, run: () => void): void; exit(code: number): never };
const http = require('node:http');
const fs = require('node:fs');
export const version: ${type} = '${version}';
fs.appendFileSync(process.env.STARTS_FILE, process.pid + ' ' + version + '\\n');
const server = http.createServer((_req: unknown, res: { end(body: string): void }) => res.end(JSON.stringify({ version, pid: process.pid })));
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

let dir: string;
let bot: BotSupervisor | undefined;
let watcher: SourceWatcher | undefined;
const said: string[] = [];

afterAll(async () => {
  await watcher?.close();
  await bot?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Waits until a [dev] line matching pattern has been said `count` times in all. */
async function saidTimes(pattern: RegExp, count: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (said.filter((line) => pattern.test(line)).length < count) {
    if (Date.now() > deadline) throw new Error(`waited for ${count} × ${pattern}; said:\n${said.join('\n')}`);
    await sleep(50);
  }
}

const starts = (): string[] => readFileSync(join(dir, 'starts.log'), 'utf8').trim().split('\n');

test('a clean change restarts the bot once; a compile error restarts nothing and holds a card change', async () => {
  dir = mkdtempSync(join(tmpdir(), 'dev-watch-'));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'cards'));
  symlinkSync(join(projectRoot(), 'node_modules'), join(dir, 'node_modules'), 'dir');
  const compilerOptions = { target: 'ES2022', module: 'commonjs', strict: true, outDir: 'dist', rootDir: '.', types: [] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
  writeFileSync(join(dir, 'src', 'index.ts'), fakeBot('v1'));
  writeFileSync(join(dir, 'cards', 'intake.json'), '{}');
  writeFileSync(join(dir, 'starts.log'), '');
  // What npm runs before dev.js: the incremental first build.
  execFileSync(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.json', '--incremental'], { cwd: dir });

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const say = (line: string): void => void said.push(line);
  const quiet = (): void => undefined;
  bot = createBotSupervisor({
    entry: join(dir, 'dist', 'src', 'index.js'),
    env: { PATH: process.env.PATH ?? '', PORT: String(port), STARTS_FILE: join(dir, 'starts.log') },
    cwd: dir,
    healthUrl: `${base}/healthz`,
    startTimeoutMs: 10_000,
    stopGraceMs: 5_000,
    say,
    write: quiet,
    onCrash: (how) => say(`crashed ${how}`),
  });
  const supervisor = bot;
  const answer = async (): Promise<{ version: string; pid: number }> => (await fetch(base)).json() as Promise<{ version: string; pid: number }>;
  await expect(supervisor.start()).resolves.toBe(true);
  const first = await answer();
  watcher = startSourceWatcher({
    root: dir,
    project: 'tsconfig.json',
    layout: { botOutDir: join(dir, 'dist', 'src'), supervisorFiles: [] },
    folders: watchedFolders(dir, {}, () => false).slice(0, 1),
    restartBot: (reason) => void supervisor.restart(reason),
    say,
    onTscExit: (how) => say(`tsc exited ${how}`),
    write: quiet,
  });
  await watcher.firstCompile;
  expect(said).toEqual([]); // nothing changed since the first build: no restart

  // A clean change: exactly one graceful restart, the new code answers.
  writeFileSync(join(dir, 'src', 'index.ts'), fakeBot('v2'));
  await saidTimes(/^the bot answers again/, 1);
  await sleep(1_500);
  expect(said.filter((line) => /^restarting/.test(line))).toEqual(['restarting the bot (src changed)']);
  expect(starts()).toEqual([`${first.pid} v1`, expect.stringMatching(/ v2$/)]);
  const second = await answer();
  expect(second.version).toBe('v2');

  // A type error: tsc reports it and emits, but the running bot stays; a card change waits for the fix.
  writeFileSync(join(dir, 'src', 'index.ts'), fakeBot('v3', 'number'));
  await saidTimes(/^the compile has 1 error/, 1);
  writeFileSync(join(dir, 'cards', 'intake.json'), '{ "a": 1 }');
  writeFileSync(join(dir, 'cards', 'intake.json'), '{ "a": 2 }');
  await saidTimes(/^cards\/intake\.json changed: the bot restarts once the compile errors are fixed/, 1);
  await sleep(1_500);
  expect(starts()).toHaveLength(2);
  await expect(answer()).resolves.toEqual(second);

  // The fix: one restart for both the source and the held card change.
  writeFileSync(join(dir, 'src', 'index.ts'), fakeBot('v4'));
  await saidTimes(/^the bot answers again/, 2);
  await sleep(1_500);
  expect(said.filter((line) => /^restarting/.test(line))).toEqual([
    'restarting the bot (src changed)',
    'restarting the bot (src changed, cards/intake.json changed)',
  ]);
  expect(starts()).toHaveLength(3);
  expect((await answer()).version).toBe('v4');

  // A card saved twice in a row, compile clean: one restart after the debounce.
  writeFileSync(join(dir, 'cards', 'intake.json'), '{ "b": 1 }');
  writeFileSync(join(dir, 'cards', 'intake.json'), '{ "b": 2 }');
  await saidTimes(/^the bot answers again/, 3);
  await sleep(1_500);
  expect(said.filter((line) => /^restarting/.test(line)).at(-1)).toBe('restarting the bot (cards/intake.json changed)');
  expect(starts()).toHaveLength(4);
  expect(said.filter((line) => /crashed|tsc exited/.test(line))).toEqual([]);

  // Ctrl+C's path: tsc and the bot stop.
  await watcher.close();
  await supervisor.stop();
  expect(isRunning(watcher.tsc)).toBe(false);
  await expect(fetch(base)).rejects.toThrow();
}, 90_000);
