import { AsyncLocalStorage } from 'node:async_hooks';

// Work that must start only once the HTTP answer to the current activity is written (e.g. an in-place card
// update that must not reach Teams before the invoke answer it replaces). The server opens the scope per request.

type Job = () => void;
interface Scope {
  jobs: Job[];
  /** The answer is written: jobs asked for from now on (work that itself started after it) start at once. */
  answered: boolean;
}
const scope = new AsyncLocalStorage<Scope>();

/** Runs `handle` with a queue for deferred jobs, then starts them after `handle` (which writes the response) resolves. */
export async function withAfterResponse<T>(handle: () => Promise<T>): Promise<T> {
  const current: Scope = { jobs: [], answered: false };
  try {
    return await scope.run(current, handle);
  } finally {
    current.answered = true;
    for (const job of current.jobs.splice(0)) job();
  }
}

/** Starts `job` after the current request's response is written; outside a request scope, or after it, on the next turn of the event loop. */
export function afterResponse(job: Job): void {
  const current = scope.getStore();
  if (current && !current.answered) current.jobs.push(job);
  else setImmediate(job);
}
