import type { Transport } from './transport';

// The one retry layer for outgoing sends (the connector client's own is off, see adapter.ts): 429 / 412 / 502 / 503 / 504
// and dropped connections retry, honouring Retry-After, with exponential backoff and jitter, inside a total time budget.

export interface RetryPolicy {
  /** Tries per send, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  /** Cap on one backoff wait (a Retry-After may ask for more; the budget decides). */
  maxDelayMs: number;
  /** Total time one send may take, its attempts and waits included; 8 s when absent. */
  budgetMs?: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** The clock the budget is measured on; Date.now when absent. */
  now?: () => number;
}

export const defaultBudgetMs = 8_000;

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 4_000,
  budgetMs: defaultBudgetMs,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
};

/** Teams' documented retryable statuses; 400 / 401 / 403 / 404 and the rest fail at once. */
export const retryableStatuses: ReadonlySet<number> = new Set([412, 429, 502, 503, 504]);

/** Socket errors that mean the connection failed, not that Teams refused the send. */
const retryableCodes: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EAI_AGAIN']);

/** A retryable failure whose next try would start past the send's budget: thrown at once instead of waiting. */
export class RetryBudgetExceededError extends Error {
  /** The last failure's status, so callers that classify by status still can. */
  readonly statusCode?: number;

  constructor(
    readonly attempts: number,
    readonly wait: PlannedWait,
    readonly remainingMs: number,
    readonly budgetMs: number,
    readonly lastError: unknown,
  ) {
    const status = statusOf(lastError);
    const failure = status !== undefined ? `Teams answered ${status}` : `the connection failed (${codeOf(lastError) ?? 'no code'})`;
    const asked = wait.retryAfter ? `asked to wait ${seconds(wait.ms)}` : `the next try was due in ${seconds(wait.ms)}`;
    const tries = `${attempts} ${attempts === 1 ? 'try' : 'tries'}`;
    super(`Send given up after ${tries}: ${failure} and ${asked}, more than the ${seconds(remainingMs)} left of its ${seconds(budgetMs)} budget.`, {
      cause: lastError,
    });
    this.name = 'RetryBudgetExceededError';
    this.statusCode = status;
  }
}

const seconds = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;

function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: number; response?: { status?: number } };
  return e?.statusCode ?? e?.response?.status;
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

function isRetryable(err: unknown): boolean {
  const status = statusOf(err);
  if (status !== undefined) return retryableStatuses.has(status);
  const code = codeOf(err);
  return code !== undefined && retryableCodes.has(code);
}

/** Retry-After in ms (seconds or an HTTP date), when the error carries one. */
function retryAfterMs(err: unknown, now: number): number | undefined {
  const headers = (err as { response?: { headers?: { get?: (n: string) => string | null | undefined } } })?.response?.headers;
  const raw = headers?.get?.('retry-after');
  if (!raw) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface PlannedWait {
  ms: number;
  /** True when the wait is the failure's Retry-After rather than our backoff. */
  retryAfter: boolean;
}

/** The wait before try `attempt + 1`: the Retry-After when longer, else exponential backoff with jitter in [half, full]. */
export function plannedWait(err: unknown, attempt: number, policy: RetryPolicy, now: number): PlannedWait {
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = backoff / 2 + policy.random() * (backoff / 2);
  const asked = retryAfterMs(err, now);
  return asked !== undefined && asked >= jittered ? { ms: asked, retryAfter: true } : { ms: jittered, retryAfter: false };
}

/**
 * Runs `work`, retrying retryable failures within `maxAttempts` and the budget. When tries run out the last error is
 * rethrown as is; when the next wait would end past the budget, a RetryBudgetExceededError says so at once.
 */
export async function withRetry<T>(work: () => Promise<T>, policy: RetryPolicy = defaultRetryPolicy): Promise<T> {
  const now = policy.now ?? Date.now;
  const budgetMs = policy.budgetMs ?? defaultBudgetMs;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= policy.maxAttempts || !isRetryable(err)) throw err;
      const at = now();
      const wait = plannedWait(err, attempt, policy, at);
      const remainingMs = budgetMs - (at - started);
      if (wait.ms > remainingMs) throw new RetryBudgetExceededError(attempt, wait, remainingMs, budgetMs, err);
      await policy.sleep(wait.ms);
    }
  }
}

/** The same transport with every outgoing call retried under the policy. */
export function retryingTransport(inner: Transport, policy: RetryPolicy = defaultRetryPolicy): Transport {
  return {
    conversationId: inner.conversationId,
    currentReference: () => inner.currentReference(),
    referenceTo: (id, kind) => inner.referenceTo(id, kind),
    reply: (activity) => withRetry(() => inner.reply(activity), policy),
    send: (reference, activity) => withRetry(() => inner.send(reference, activity), policy),
    update: (posted, activity) => withRetry(() => inner.update(posted, activity), policy),
    postToChannel: (channelId, activity) => withRetry(() => inner.postToChannel(channelId, activity), policy),
  };
}
