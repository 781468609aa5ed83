/**
 * `npm run dev`: the bot (dist/src/index.js, or DEV_BOT_ENTRY) plus the Microsoft 365 Agents
 * Playground, each in its own process group, with prefixed logs, and `tsc --watch` plus fs.watch on
 * cards/ and the runbooks: a clean compile that changed src/, or a changed card template or runbook,
 * restarts the bot (graceful, same file store); the Playground stays up. Ctrl+C stops everything; if the
 * Playground or tsc exits on its own, the rest is stopped and this exits 1. npm runs `tsc -b --incremental`
 * first, so a start with nothing changed compiles nothing.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { type BotSupervisor, createBotSupervisor } from '../src/dev/bot-supervisor';
import { type Child, signalGroup, startChild, stopChild, waitForHttp } from '../src/dev/child-processes';
import { devBotEnv, parseListeningPort, playgroundEnv, requestedPlaygroundPort } from '../src/dev/dev-env';
import { PLAYGROUND, PLAYGROUND_USERS } from '../src/dev/playground-users';
import { type SourceWatcher, startSourceWatcher } from '../src/dev/source-watcher';
import { watchedFolders } from '../src/dev/watch-loop';
import { projectRoot } from '../src/project-root';

const BOT_START_TIMEOUT_MS = 30_000;
const PLAYGROUND_START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const BUILD_PROJECT = 'tsconfig.build.json';

const children: Child[] = [];
let stopping = false;
let bot: BotSupervisor | undefined;
let watcher: SourceWatcher | undefined;

function say(line: string): void {
  process.stdout.write(`[dev] ${line}\n`);
}

let stopped: Promise<void> | undefined;

/** Stops the bot, tsc and the Playground (TERM, then KILL after a grace period); safe to call again. */
function stopAll(): Promise<void> {
  stopping = true;
  stopped ??= (async () => {
    await Promise.all([bot?.stop(), watcher?.close(STOP_GRACE_MS), ...children.map((child) => stopChild(child, STOP_GRACE_MS))]);
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

function playgroundLogTail(root: string): string {
  const log = join(root, 'devTools', 'm365agentsplayground.log');
  if (!existsSync(log)) return `(no ${log})`;
  return readFileSync(log, 'utf8').split('\n').slice(-15).join('\n');
}

function instructions(url: string, actAs: boolean, watched: string[]): string[] {
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
    `Watching ${watched.join(', ')}: a change rebuilds what changed and restarts the bot (same file store);`,
    '  the playground stays up: send the next message. A compile with errors keeps the running bot.',
    'Press Ctrl+C to stop the bot, tsc and the playground.',
    '',
  ];
}

async function main(): Promise<void> {
  const root = projectRoot();
  const botEntry = resolve(root, process.env.DEV_BOT_ENTRY ?? join('dist', 'src', 'index.js'));
  if (!existsSync(botEntry)) {
    // npm ran tsc -b --incremental, which does not see outputs deleted from dist/ by hand.
    say(`cannot find the bot at ${botEntry}: run "npm run build" (a full build), or delete dist/, and npm run dev again.`);
    process.exit(1);
  }
  const cli = join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  if (!existsSync(cli)) {
    say(`cannot find the Agents Playground at ${cli}; it is a devDependency: run "npm install".`);
    process.exit(1);
  }

  const allChildren = (): Child[] => [bot?.child, watcher?.tsc, ...children].filter((child): child is Child => child !== undefined);
  process.on('SIGINT', () => {
    if (stopping) allChildren().forEach((child) => signalGroup(child, 'SIGKILL')); // second Ctrl+C: no more waiting
    say('stopping (Ctrl+C)...');
    void stopAllAndExit(0);
  });
  process.on('SIGTERM', () => void stopAllAndExit(0));
  // Last resort if this process dies some other way: take the children down with it.
  process.on('exit', () => allChildren().forEach((child) => signalGroup(child, 'SIGKILL')));

  const botEnv = devBotEnv(process.env);
  const botUrl = `http://localhost:${botEnv.PORT}`;
  say(`starting the bot: node ${botEntry} (STORE=${botEnv.STORE}, PORT=${botEnv.PORT})`);
  say(`  APPROVER_IDS=${botEnv.APPROVER_IDS}`);
  say(`  APPROVERS_CONVERSATION_ID=${botEnv.APPROVERS_CONVERSATION_ID} SUMMARY_CHANNEL_ID=${botEnv.SUMMARY_CHANNEL_ID}`);
  const actAs = botEnv.DEV_ACT_AS === '1' || botEnv.DEV_ACT_AS === 'true';
  say(`  DEV_ACT_AS=${botEnv.DEV_ACT_AS ?? ''}${actAs ? ' ("act as <person>" switches who clicks)' : ''}`);
  let playgroundUp = false;
  bot = createBotSupervisor({
    entry: botEntry,
    env: botEnv,
    cwd: root,
    healthUrl: `${botUrl}/healthz`,
    startTimeoutMs: BOT_START_TIMEOUT_MS,
    stopGraceMs: STOP_GRACE_MS,
    say,
    onCrash: (how) => {
      if (stopping) return;
      if (!playgroundUp) {
        say(`the bot exited (${how}); stopping the playground.`);
        void stopAllAndExit(1);
        return;
      }
      say(`the bot exited (${how}); the playground stays up and the bot starts again on the next change (Ctrl+C stops everything).`);
    },
  });
  if (!(await bot.start())) {
    if (!stopping) say(`the bot did not answer ${botUrl}/healthz within ${BOT_START_TIMEOUT_MS / 1000} s (or exited; its output is above).`);
    return stopAllAndExit(1);
  }
  say(`the bot answers on ${botUrl}`);

  const dist = join(root, 'dist');
  const folders = watchedFolders(root, botEnv, (path) => existsSync(path) && statSync(path).isDirectory());
  watcher = startSourceWatcher({
    root,
    project: BUILD_PROJECT,
    layout: { botOutDir: join(dist, 'src'), supervisorFiles: Object.keys(require.cache).filter((file) => file.startsWith(dist + sep)) },
    folders,
    restartBot: (reason) => void bot?.restart(reason),
    say,
    onTscExit: (how) => {
      if (stopping) return;
      say(`tsc --watch exited (${how}); stopping the bot and the playground.`);
      void stopAllAndExit(1);
    },
  });
  const watched = [
    'src/, scripts/, bench/ (tsc --watch)',
    ...folders.flatMap((f) => (f.only ? [`${f.label}/${f.only}`] : f.extensions.map((ext) => `${f.label}/*${ext}`))),
  ];

  const configPath = process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH ?? join(root, '.m365agentsplayground.yml');
  const wanted = requestedPlaygroundPort(process.env);
  let port: number | undefined;
  const playground = startChild('playground', [cli, '-e', `${botUrl}/api/messages`, '-c', 'msteams', '--dt', '-p', String(wanted)], {
    env: playgroundEnv(process.env, configPath),
    cwd: root,
    onLine: (line) => (port ??= parseListeningPort(line)),
  });
  children.push(playground);
  void playground.exited.then((how) => {
    if (stopping) return;
    say(`the playground exited (${how}); its log ends with:\n${playgroundLogTail(root)}`);
    say('stopping the bot and tsc.');
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
  playgroundUp = true;
  instructions(url, actAs, watched).forEach(say);
}

main().catch((err: unknown) => {
  say(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  void stopAllAndExit(1);
});
