/**
 * `npm run dev`: the bot (dist/src/index.js, or DEV_BOT_ENTRY) plus the Microsoft 365 Agents
 * Playground, each in its own process group, with prefixed logs. Ctrl+C stops both; if either
 * exits on its own, the other is stopped and this exits 1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { devBotEnv, parseListeningPort, playgroundEnv, requestedPlaygroundPort } from '../src/dev/dev-env';
import { createLinePrefixer } from '../src/dev/line-prefixer';
import { PLAYGROUND, PLAYGROUND_USERS } from '../src/dev/playground-users';
import { projectRoot } from '../src/project-root';

const BOT_START_TIMEOUT_MS = 30_000;
const PLAYGROUND_START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves with how the child ended, e.g. "code 1" or "signal SIGTERM". */
  readonly exited: Promise<string>;
}

const children: Child[] = [];
let stopping = false;

function say(line: string): void {
  process.stdout.write(`[dev] ${line}\n`);
}

/** Starts `node <args>` detached (its own process group, like setsid), logs prefixed line by line. */
function start(name: string, args: string[], env: Record<string, string>, cwd: string, onLine?: (line: string) => void): Child {
  const child = spawn(process.execPath, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}] `;
  for (const [stream, sink] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    const lines = createLinePrefixer(prefix, (text) => {
      sink.write(text);
      onLine?.(text.slice(prefix.length));
    });
    stream?.on('data', (chunk: Buffer) => lines.push(chunk));
    stream?.on('end', () => lines.flush());
  }
  const exited = new Promise<string>((done) => {
    child.on('exit', (code, signal) => done(signal ? `signal ${signal}` : `code ${code}`));
    child.on('error', (err) => done(`error: ${err.message}`));
  });
  const entry = { name, process: child, exited };
  children.push(entry);
  return entry;
}

function signalGroup(child: Child, signal: NodeJS.Signals): void {
  if (child.process.pid === undefined || child.process.exitCode !== null || child.process.signalCode !== null) return;
  try {
    process.kill(-child.process.pid, signal); // the whole group: the child and anything it started
  } catch {
    // the group is already gone
  }
}

let stopped: Promise<void> | undefined;

/** Stops every child's process group (TERM, then KILL after a grace period); safe to call again. */
function stopAll(): Promise<void> {
  stopping = true;
  stopped ??= (async () => {
    for (const child of children) signalGroup(child, 'SIGTERM');
    const killer = setTimeout(() => children.forEach((child) => signalGroup(child, 'SIGKILL')), STOP_GRACE_MS);
    await Promise.all(children.map((child) => child.exited));
    clearTimeout(killer);
  })();
  return stopped;
}

async function stopAllAndExit(code: number): Promise<never> {
  await stopAll();
  process.exit(code);
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Polls url until it answers (any HTTP status below 500); false on timeout or when the child exits first. */
async function waitForHttp(url: string, child: Child, timeoutMs: number): Promise<boolean> {
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
    await sleep(250);
  }
  return false;
}

function playgroundLogTail(root: string): string {
  const log = join(root, 'devTools', 'm365agentsplayground.log');
  if (!existsSync(log)) return `(no ${log})`;
  return readFileSync(log, 'utf8').split('\n').slice(-15).join('\n');
}

function instructions(url: string, actAs: boolean): string[] {
  const u = PLAYGROUND_USERS;
  const approvers = [u.alex, u.avery].map((a) => a.name).join(' and ');
  return [
    '',
    `Agents Playground is ready: open ${url}`,
    `  You are ${u[PLAYGROUND.currentUser].name} (staff); typed messages and clicks always come from this user.`,
    ...(actAs
      ? [
          `  To click as someone else, type "@${PLAYGROUND.bot.name} act as alex" in that chat or channel ("act as alex" in the`,
          `    personal chat); "act as me" stops. Roster: ${Object.keys(u).join(', ')} (dev only: DEV_ACT_AS=1).`,
        ]
      : []),
    `  Team "${PLAYGROUND.team.name}" > General: type "@${PLAYGROUND.bot.name} start" to open an incident`,
    '    (channels only deliver messages that @mention the bot).',
    `  Personal chat with the bot: type "start" (or "help").`,
    `  Group chat "${PLAYGROUND.groupChat.name}": the approvers' room (${approvers}); approval cards arrive here.`,
    `  Channel "${PLAYGROUND.leadsChannel.name}": the leads' channel; customer summaries are posted here.`,
    '  Open a conversation before the bot posts to it: the page shows only what arrives while it is open.',
    'Press Ctrl+C to stop the bot and the playground.',
    '',
  ];
}

async function main(): Promise<void> {
  const root = projectRoot();
  const botEntry = resolve(root, process.env.DEV_BOT_ENTRY ?? join('dist', 'src', 'index.js'));
  if (!existsSync(botEntry)) {
    say(`cannot find the bot at ${botEntry}; run "npm run build" first (npm run dev does).`);
    process.exit(1);
  }
  const cli = join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  if (!existsSync(cli)) {
    say(`cannot find the Agents Playground at ${cli}; it is a devDependency: run "npm install".`);
    process.exit(1);
  }

  process.on('SIGINT', () => {
    if (stopping) children.forEach((child) => signalGroup(child, 'SIGKILL')); // second Ctrl+C: no more waiting
    say('stopping (Ctrl+C)...');
    void stopAllAndExit(0);
  });
  process.on('SIGTERM', () => void stopAllAndExit(0));
  // Last resort if this process dies some other way: take the children down with it.
  process.on('exit', () => children.forEach((child) => signalGroup(child, 'SIGKILL')));

  const botEnv = devBotEnv(process.env);
  const botUrl = `http://localhost:${botEnv.PORT}`;
  say(`starting the bot: node ${botEntry} (STORE=${botEnv.STORE}, PORT=${botEnv.PORT})`);
  say(`  APPROVER_IDS=${botEnv.APPROVER_IDS}`);
  say(`  APPROVERS_CONVERSATION_ID=${botEnv.APPROVERS_CONVERSATION_ID} SUMMARY_CHANNEL_ID=${botEnv.SUMMARY_CHANNEL_ID}`);
  const actAs = botEnv.DEV_ACT_AS === '1' || botEnv.DEV_ACT_AS === 'true';
  say(`  DEV_ACT_AS=${botEnv.DEV_ACT_AS ?? ''}${actAs ? ' ("act as <person>" switches who clicks)' : ''}`);
  const bot = start('bot', [botEntry], botEnv, root);
  void bot.exited.then((how) => {
    if (stopping) return;
    say(`the bot exited (${how}); stopping the playground.`);
    void stopAllAndExit(1);
  });
  if (!(await waitForHttp(`${botUrl}/healthz`, bot, BOT_START_TIMEOUT_MS))) {
    if (!stopping) say(`the bot did not answer ${botUrl}/healthz within ${BOT_START_TIMEOUT_MS / 1000} s.`);
    return stopAllAndExit(1);
  }
  say(`the bot answers on ${botUrl}`);

  const configPath = process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH ?? join(root, '.m365agentsplayground.yml');
  const wanted = requestedPlaygroundPort(process.env);
  let port: number | undefined;
  const playground = start(
    'playground',
    [cli, '-e', `${botUrl}/api/messages`, '-c', 'msteams', '--dt', '-p', String(wanted)],
    playgroundEnv(process.env, configPath),
    root,
    (line) => (port ??= parseListeningPort(line)),
  );
  void playground.exited.then((how) => {
    if (stopping) return;
    say(`the playground exited (${how}); its log ends with:\n${playgroundLogTail(root)}`);
    say('stopping the bot.');
    void stopAllAndExit(1);
  });
  const deadline = Date.now() + PLAYGROUND_START_TIMEOUT_MS;
  while (port === undefined && Date.now() < deadline && !stopping) await sleep(100);
  const url = `http://localhost:${port ?? wanted}`;
  if (!(await waitForHttp(url, playground, Math.max(0, deadline - Date.now())))) {
    if (!stopping) say(`the playground did not answer ${url} within ${PLAYGROUND_START_TIMEOUT_MS / 1000} s.`);
    return stopAllAndExit(1);
  }
  if (port !== undefined && port !== wanted) {
    say(`port ${wanted} was busy (another playground running?), so the playground took port ${port}.`);
  }
  instructions(url, actAs).forEach(say);
}

main().catch((err: unknown) => {
  say(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  void stopAllAndExit(1);
});
