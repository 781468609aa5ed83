import pino from 'pino';

// A narrow logger: structured fields plus a message, written as JSON lines by pino. Secrets never reach a line.

export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  /** A logger whose every line also carries these fields (e.g. the activity id of a turn). */
  with(fields: Record<string, unknown>): Logger;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Keys whose values are replaced wherever they appear (one level deep and at the top). */
const secretKeys = [
  'authorization',
  'password',
  'MicrosoftAppPassword',
  'token',
  'accessToken',
  'secret',
  'connectionString',
  'AZURE_STORAGE_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
];
export const redactPaths = [...secretKeys, ...secretKeys.map((k) => `*.${k}`)];

/** JSON lines at or above `level` to `destination` (stdout by default), secrets redacted. */
export function jsonLogger(level: LogLevel, write?: (line: string) => void): Logger {
  const destination = write ? { write: (chunk: string) => write(chunk.replace(/\n$/, '')) } : pino.destination(1);
  const base = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return wrap(base);
}

/**
 * `with` only remembers its fields: they join a line when one is written at an enabled level. A pino child per turn
 * cost a serialised copy of the bindings on every activity, logged or not.
 */
function wrap(p: pino.Logger, bound?: Record<string, unknown>): Logger {
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (f: Record<string, unknown>, m: string) => {
    if (p.isLevelEnabled(level)) p[level](bound ? { ...bound, ...f } : f, m);
  };
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    with: (fields) => wrap(p, bound ? { ...bound, ...fields } : fields),
  };
}

export const silentLogger: Logger = jsonLogger('silent', () => undefined);
