import { AuthenticationError } from 'botframework-connector';
import type { Logger } from '../app/logger';

// CloudAdapter.process answers a request without a valid Bot Framework token with 401 and also prints the
// AuthenticationError with its stack through console.error: every scan of /api/messages would put a multi-line
// stack into the JSON log. This routes exactly that (one AuthenticationError argument) to the log as one warn line;
// every other console.error prints as before.

let target: Logger | undefined;
let installed = false;

/** Pure: is this the console.error call CloudAdapter makes for a refused token? */
export function isRefusedTokenReport(args: unknown[]): args is [AuthenticationError] {
  return args.length === 1 && args[0] instanceof AuthenticationError;
}

/** From now on refused-token reports go to `log` (the latest app's logger) instead of stderr. */
export function logRefusedTokensTo(log: Logger): void {
  target = log;
  if (installed) return;
  installed = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (target && isRefusedTokenReport(args)) {
      target.warn({ status: 401, reason: args[0].message.split('\n')[0] }, 'request refused: no valid Bot Framework token');
      return;
    }
    original(...args);
  };
}
