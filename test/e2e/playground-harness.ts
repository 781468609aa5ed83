/**
 * Browser-test harness for the Microsoft 365 Agents Playground: builds the bot when dist is stale,
 * starts the bot and the playground as detached process groups on free loopback ports, and offers
 * page helpers (open a conversation, post with an @mention, find a card, click as another user).
 *
 * Only test/e2e/playground*.ts use this. Processes are always stopped by process-group id.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { get } from 'node:http';
import { freePort } from '../../src/dev/azurite';
import { join } from 'node:path';
import type { Browser, Locator, Page, Route } from 'playwright-core';
import { parseListeningPort } from '../../src/dev/dev-env';
import { PLAYGROUND, type PlaygroundUser, playgroundBotEnv } from '../../src/dev/playground-users';
import { projectRoot } from '../../src/project-root';

export const root = projectRoot(__dirname);
export const resultsDir = join(root, 'test-results');
export const chromiumPath = process.env.PLAYGROUND_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const botEntry = join(root, 'dist', 'src', 'index.js');
const playgroundCli = join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

// ---------------------------------------------------------------------------------------------
// Build

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Compiles the bot (tsconfig.build.json) when dist/src/index.js is missing or older than any file in src/. */
export function ensureBotBuilt(): { built: boolean; ms: number } {
  const started = Date.now();
  const fresh = existsSync(botEntry) && statSync(botEntry).mtimeMs >= newestMtime(join(root, 'src'));
  if (fresh) return { built: false, ms: 0 };
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe', timeout: 180_000 });
  } catch (err) {
    const out = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    const text = `${out.stdout?.toString() ?? ''}${out.stderr?.toString() ?? ''}`.trim() || out.message;
    throw new Error(`"tsc -p tsconfig.build.json" failed, so the bot cannot be started for the browser test:\n${text.split('\n').slice(0, 40).join('\n')}`, {
      cause: err,
    });
  }
  if (!existsSync(botEntry)) throw new Error(`the build finished but ${botEntry} is missing`);
  return { built: true, ms: Date.now() - started };
}

// ---------------------------------------------------------------------------------------------
// Processes

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with how it ended, e.g. "code 1" or "signal SIGTERM". */
  readonly exited: Promise<string>;
  readonly hasExited: () => boolean;
  /** The last lines it printed (stdout and stderr), for failure messages. */
  readonly tail: (lines?: number) => string;
  /** Every line, also written to this file. */
  readonly logFile: string;
  readonly onLine: (listener: (line: string) => void) => void;
}

/** Starts `node <args>` in its own process group (like setsid); output is kept and written to test-results/. */
export function startNode(name: string, args: string[], env: Record<string, string>): Proc {
  mkdirSync(resultsDir, { recursive: true });
  const logFile = join(resultsDir, `playground-${name}.log`);
  const log: WriteStream = createWriteStream(logFile);
  const child = spawn(process.execPath, args, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  let done = false;
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      const parts = (pending + chunk.toString()).split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 400) lines.shift();
        listeners.forEach((l) => l(line));
      }
    });
  }
  const exited = new Promise<string>((resolve) => {
    // 'close' (not 'exit'): the stdio pipes are closed too, so nothing is left open for jest.
    child.on('close', (code, signal) => {
      done = true;
      log.end();
      resolve(signal ? `signal ${signal}` : `code ${code}`);
    });
    child.on('error', (err) => {
      done = true;
      resolve(`error: ${err.message}`);
    });
  });
  return {
    name,
    child,
    exited,
    hasExited: () => done,
    tail: (n = 30) => lines.slice(-n).join('\n'),
    logFile,
    onLine: (listener) => listeners.push(listener),
  };
}

/** SIGTERM to the whole process group, SIGKILL after a grace period. Safe to call twice or after exit. */
export async function stopProc(proc: Proc | undefined, graceMs = 5_000): Promise<void> {
  if (!proc) return;
  const pid = proc.child.pid;
  const signal = (sig: NodeJS.Signals) => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, sig);
    } catch {
      // the group is already gone
    }
  };
  if (!proc.hasExited()) signal('SIGTERM');
  const timers: NodeJS.Timeout[] = [];
  await Promise.race([
    proc.exited,
    new Promise<void>((done) => {
      timers.push(setTimeout(() => signal('SIGKILL'), graceMs));
      timers.push(setTimeout(done, graceMs + 2_000)); // give up waiting; nothing is left running
    }),
  ]);
  timers.forEach(clearTimeout);
  signal('SIGKILL'); // anything the group left behind
}

/** One GET without keep-alive (no socket outlives the test); the status, or undefined when nothing answers. */
function httpStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = get(url, { agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

/** Polls url until it answers below 500; throws (with the process's last output) on timeout or exit. */
export async function waitForHttp(url: string, proc: Proc, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.hasExited()) throw new Error(`${proc.name} exited (${await proc.exited}) before ${url} answered. Its output ends with:\n${proc.tail()}`);
    if (((await httpStatus(url)) ?? 500) < 500) return;
    await sleep(200);
  }
  throw new Error(`${proc.name} did not answer ${url} within ${timeoutMs / 1000} s. Its output ends with:\n${proc.tail()}`);
}

/** A minimal environment: nothing from the developer's shell (e.g. MicrosoftAppId) leaks into the processes. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'SYSTEMROOT'];
  const env: Record<string, string> = {};
  for (const key of keep) if (process.env[key]) env[key] = process.env[key] as string;
  return env;
}

export interface BotProc extends Proc {
  readonly port: number;
  readonly url: string;
}

/** The real bot (dist/src/index.js) with a memory store, the playground's approvers, chat and leads' channel, and `act as` on (as npm run dev). */
export async function startBot(): Promise<BotProc> {
  const port = await freePort();
  const env = {
    ...baseEnv(),
    ...playgroundBotEnv(),
    DEV_ACT_AS: '1',
    STORE: 'memory',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
  };
  const proc = startNode('bot', [botEntry], env);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, proc, 30_000);
  return { ...proc, port, url };
}

export interface PlaygroundProc extends Proc {
  readonly port: number;
  readonly url: string;
}

/** The Agents Playground (no browser of its own, telemetry off) pointed at the bot; resolves once it serves its page. */
export async function startPlayground(botUrl: string): Promise<PlaygroundProc> {
  const wanted = await freePort();
  const env = {
    ...baseEnv(),
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: join(root, '.m365agentsplayground.yml'),
    M365_AGENTS_PLAYGROUND_LOGFILE: join(resultsDir, 'playground-internal.log'),
  };
  const args = [playgroundCli, '-e', `${botUrl}/api/messages`, '-c', 'msteams', '--dt', '-p', String(wanted)];
  const proc = startNode('playground', args, env);
  let port: number | undefined;
  proc.onLine((line) => (port ??= parseListeningPort(line)));
  const deadline = Date.now() + 30_000;
  while (port === undefined && Date.now() < deadline && !proc.hasExited()) await sleep(100);
  if (port === undefined) {
    throw new Error(
      `the playground did not print "Listening on <port>" (${proc.hasExited() ? `it exited: ${await proc.exited}` : 'timeout'}). Its output ends with:\n${proc.tail()}`,
    );
  }
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, proc, Math.max(1_000, deadline - Date.now()));
  // "Listening on" is also printed for a bad config, just before exiting 1: make sure it is still up.
  await sleep(300);
  if (proc.hasExited()) throw new Error(`the playground exited (${await proc.exited}). Its output ends with:\n${proc.tail()}`);
  return { ...proc, port, url };
}

// ---------------------------------------------------------------------------------------------
// Browser

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 60_000 });
}

/** Names of the conversations in the playground's left rail (their tree items). */
export const conversations = {
  personal: 'Personal Chat',
  approvers: PLAYGROUND.groupChat.name,
  general: `${PLAYGROUND.team.name} - General`,
  leads: `${PLAYGROUND.team.name} - ${PLAYGROUND.leadsChannel.name}`,
} as const;

/** Opens a conversation from the left rail and waits until it is the selected one. */
export async function openConversation(page: Page, treeItemName: string): Promise<void> {
  const item = page.getByRole('treeitem', { name: treeItemName, exact: true });
  await item.click();
  // The new-post box (channels) or the message box (chats) is there once the conversation is shown.
  await page
    .getByRole('button', { name: /^(Post|Send Message)$/ })
    .first()
    .waitFor();
}

/**
 * Starts a new post in the open channel: types "@<bot name prefix>", picks the bot in the mention
 * picker, types the rest and presses Post. The bot only hears channel posts that @mention it.
 */
export async function postMentioningBot(page: Page, text: string): Promise<void> {
  const composer = page.getByRole('group').filter({ has: page.getByRole('button', { name: 'Post', exact: true }) });
  const box = composer.getByRole('textbox');
  await box.click();
  await page.keyboard.type(`@${PLAYGROUND.bot.name.split(' ')[0]}`);
  await page.getByRole('menuitem', { name: new RegExp(PLAYGROUND.bot.name) }).click();
  await page.keyboard.type(` ${text}`);
  await composer.getByRole('button', { name: 'Post', exact: true }).click();
}

/**
 * Replies in the open channel thread (the composer at the bottom, "Send Message"), @mentioning the bot like a
 * person would: the bot hears a channel reply only when it is mentioned.
 */
export async function replyMentioningBot(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox').last();
  await box.click();
  await page.keyboard.type(`@${PLAYGROUND.bot.name.split(' ')[0]}`);
  await page.getByRole('menuitem', { name: new RegExp(PLAYGROUND.bot.name) }).click();
  await page.keyboard.type(` ${text}`);
  await page.getByRole('button', { name: 'Send Message', exact: true }).last().click();
}

/** Top-level Adaptive Cards on the page (not the nested cards of Action.ShowCard). */
export function cards(page: Page): Locator {
  return page.locator('.ac-preview-panel > .ac-adaptiveCard');
}

/** The one top-level card that contains `text` (a string or pattern); waits for it. */
export async function cardWith(page: Page, text: string | RegExp, timeout = 30_000): Promise<Locator> {
  const card = cards(page).filter({ hasText: text });
  await card.first().waitFor({ timeout });
  return card.last();
}

/**
 * Runs `action` (a click on a card button) as `user`: the invoke the page sends is rewritten so
 * its `from.id` is that user's. Works in channels and the group chat, not in the personal chat.
 */
export async function asUser<T>(page: Page, user: PlaygroundUser, action: () => Promise<T>): Promise<T> {
  const handler = async (route: Route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    const body = request.postDataJSON() as { from?: { id?: string } };
    body.from = { ...(body.from ?? {}), id: user.id };
    await route.continue({ postData: JSON.stringify(body) });
  };
  await page.route('**/_conversation/v1/invoke', handler);
  try {
    return await action();
  } finally {
    await page.unroute('**/_conversation/v1/invoke', handler);
  }
}

/** Waits for the next card invoke the page sends and returns its HTTP status and the card it answered with. */
export async function invokeAnswer(page: Page, click: () => Promise<void>, timeout = 30_000): Promise<{ status: number; body: unknown }> {
  const response = page.waitForResponse((r) => r.url().includes('/_conversation/v1/invoke') && r.request().method() === 'POST', { timeout });
  await click();
  const r = await response;
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: r.status(), body };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `playground-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The page's HTML, for reading a failure's DOM afterwards. */
export async function savePage(page: Page, name: string): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `playground-${name}.html`);
  writeFileSync(path, await page.content());
  return path;
}
