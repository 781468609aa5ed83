import type { Transport } from './transport';

// Outgoing sends retry on 429 / 412 / 502 / 503 / 504, honouring Retry-After, with exponential backoff and jitter.

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 4000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

const retryable = new Set([412, 429, 502, 503, 504]);

function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: number; response?: { status?: number } };
  return e?.statusCode ?? e?.response?.status;
}

/** Retry-After in ms (seconds or an HTTP date), when the error carries one. */
function retryAfterMs(err: unknown, now: number): number | undefined {
  const headers = (err as { response?: { headers?: { get?: (n: string) => string | undefined } } })?.response?.headers;
  const raw = headers?.get?.('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Runs `work`, retrying retryable failures; the last error is rethrown as is. */
export async function withRetry<T>(work: () => Promise<T>, policy: RetryPolicy = defaultRetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const status = statusOf(err);
      if (attempt >= policy.maxAttempts || status === undefined || !retryable.has(status)) throw err;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const jittered = backoff / 2 + policy.random() * (backoff / 2);
      const delay = Math.min(policy.maxDelayMs * 4, Math.max(retryAfterMs(err, Date.now()) ?? 0, jittered));
      await policy.sleep(delay);
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
