import { AsyncLocalStorage } from 'node:async_hooks';

// Work that must start only once the HTTP answer to the current activity is written (e.g. an in-place card
// update that must not reach Teams before the invoke answer it replaces). The server opens the scope per request.

type Job = () => void;
const scope = new AsyncLocalStorage<Job[]>();

/** Runs `handle` with a queue for deferred jobs, then starts them after `handle` (which writes the response) resolves. */
export async function withAfterResponse<T>(handle: () => Promise<T>): Promise<T> {
  const queue: Job[] = [];
  try {
    return await scope.run(queue, handle);
  } finally {
    for (const job of queue.splice(0)) job();
  }
}

/** Starts `job` after the current request's response is written; outside a request scope, on the next turn of the event loop. */
export function afterResponse(job: Job): void {
  const queue = scope.getStore();
  if (queue) queue.push(job);
  else setImmediate(job);
}
