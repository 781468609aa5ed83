import { PLAYGROUND, playgroundBotEnv } from './playground-users';

export type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_BOT_PORT = '3978';

/**
 * Pure: the bot's environment for `npm run dev` against the Agents Playground: STORE=file, PORT=3978
 * and the playground's approvers, approvers' chat, leads' channel, team and tenant, and DEV_ACT_AS=1
 * (`act as <person>`) unless an app id is set; a value already set (non-empty) in `base` wins;
 * everything else in `base` passes through.
 */
export function devBotEnv(base: Env): Record<string, string> {
  const anonymous = !base.MicrosoftAppId?.trim();
  const defaults: Record<string, string> = { STORE: 'file', PORT: DEFAULT_BOT_PORT, ...playgroundBotEnv(), ...(anonymous ? { DEV_ACT_AS: '1' } : {}) };
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
  for (const [key, value] of Object.entries(defaults)) if (!env[key]) env[key] = value;
  return env;
}

/** Pure: the playground's environment: `base` with no browser and the given config file. */
export function playgroundEnv(base: Env, configPath: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
  return { ...env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath };
}

/** The port in the playground's "Listening on <port>" line (it takes a random port when 56150 is busy). */
export function parseListeningPort(line: string): number | undefined {
  const match = /Listening on (\d{2,5})\b/.exec(line);
  return match ? Number(match[1]) : undefined;
}

/** The port the playground is asked for: TEAMSAPPTESTER_PORT if set, else the one in PLAYGROUND.url. */
export function requestedPlaygroundPort(base: Env): number {
  const fromEnv = Number(base.TEAMSAPPTESTER_PORT);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Number(new URL(PLAYGROUND.url).port);
}
