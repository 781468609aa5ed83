import { defaultRetryPolicy, plannedWait, RetryBudgetExceededError, type RetryPolicy, retryingTransport, withRetry } from '../../src/teams/send-retry';
import type { PostedActivity, Transport } from '../../src/teams/transport';

const failure = (statusCode: number, retryAfter?: string) =>
  Object.assign(new Error(`status ${statusCode}`), {
    statusCode,
    response: { status: statusCode, headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } },
  });
const socketError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

/** A policy on a fake clock: sleeping records the wait and moves the clock; `work` can move it too (a slow request). */
function fake(overrides: Partial<RetryPolicy> = {}) {
  const slept: number[] = [];
  const clock = { t: 1_000_000 };
  const policy: RetryPolicy = {
    maxAttempts: 3,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    budgetMs: 8000,
    random: () => 0.5,
    now: () => clock.t,
    sleep: async (ms) => {
      slept.push(ms);
      clock.t += ms;
    },
    ...overrides,
  };
  return { policy, slept, clock };
}

/** `work` that fails with the given errors in turn, then answers 'sent'; counts its calls. */
function failing(...errors: unknown[]) {
  const work = async () => {
    work.calls += 1;
    if (work.calls <= errors.length) throw errors[work.calls - 1];
    return 'sent';
  };
  work.calls = 0;
  return work;
}

test('the default policy: 3 tries, 8 s budget, backoff from 500 ms', () => {
  expect(defaultRetryPolicy).toMatchObject({ maxAttempts: 3, budgetMs: 8000, baseDelayMs: 500, maxDelayMs: 4000 });
});

test('429 with Retry-After waits that long, then succeeds', async () => {
  const { policy, slept } = fake();
  const work = failing(failure(429, '2'), failure(429, '2'));
  await expect(withRetry(work, policy)).resolves.toBe('sent');
  expect(slept).toEqual([2000, 2000]);
  expect(work.calls).toBe(3);
});

test('Retry-After as an HTTP date is honoured against the policy clock', async () => {
  const { policy, slept } = fake({ now: () => Date.parse('2026-12-01T10:00:00Z') });
  await expect(withRetry(failing(failure(503, 'Tue, 01 Dec 2026 10:00:03 GMT')), policy)).resolves.toBe('sent');
  expect(slept).toEqual([3000]);
});

test('at most maxAttempts tries in all; the last error is rethrown as is', async () => {
  const { policy, slept } = fake();
  const last = failure(503);
  const work = failing(failure(503), failure(503), last, failure(503));
  await expect(withRetry(work, policy)).rejects.toBe(last);
  expect(work.calls).toBe(3);
  expect(slept).toEqual([75, 150]);
});

test.each([412, 429, 502, 503, 504])('%i is retried', async (status) => {
  const { policy } = fake();
  const work = failing(failure(status));
  await expect(withRetry(work, policy)).resolves.toBe('sent');
  expect(work.calls).toBe(2);
});

test.each([400, 401, 403, 404, 500, 501])('%i fails at once: one try, no wait', async (status) => {
  const { policy, slept } = fake();
  const work = failing(failure(status, '1'));
  await expect(withRetry(work, policy)).rejects.toMatchObject({ statusCode: status });
  expect(work.calls).toBe(1);
  expect(slept).toEqual([]);
});

test('a dropped or refused connection is retried (the connector client no longer does it); other errors are not', async () => {
  const { policy } = fake();
  const refused = failing(socketError('ECONNREFUSED'), socketError('ECONNRESET'));
  await expect(withRetry(refused, policy)).resolves.toBe('sent');
  expect(refused.calls).toBe(3);
  const bug = failing(new TypeError('cannot read properties of undefined'));
  await expect(withRetry(bug, policy)).rejects.toBeInstanceOf(TypeError);
  expect(bug.calls).toBe(1);
});

test('jitter keeps each backoff within [half, full] of its exponential step, capped at maxDelayMs', () => {
  const steps = [1, 2, 3, 4, 5, 6].map((attempt) => {
    const low = plannedWait(failure(503), attempt, fake({ random: () => 0 }).policy, 0).ms;
    const high = plannedWait(failure(503), attempt, fake({ random: () => 0.999999 }).policy, 0).ms;
    return [low, Math.round(high)];
  });
  expect(steps).toEqual([
    [50, 100],
    [100, 200],
    [200, 400],
    [400, 800],
    [500, 1000],
    [500, 1000],
  ]);
  for (let i = 0; i < 200; i++) {
    const { ms } = plannedWait(failure(502), 2, fake({ random: Math.random }).policy, 0);
    expect(ms).toBeGreaterThanOrEqual(100);
    expect(ms).toBeLessThanOrEqual(200);
  }
});

test('a Retry-After beyond the remaining budget fails at once, in words, without sleeping', async () => {
  const { policy, slept } = fake();
  const throttled = failure(429, '30');
  const work = failing(throttled);
  const err = await withRetry(work, policy).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RetryBudgetExceededError);
  expect(err).toMatchObject({ statusCode: 429, attempts: 1, remainingMs: 8000, budgetMs: 8000, wait: { ms: 30_000, retryAfter: true }, cause: throttled });
  expect((err as Error).message).toBe('Send given up after 1 try: Teams answered 429 and asked to wait 30.0 s, more than the 8.0 s left of its 8.0 s budget.');
  expect(work.calls).toBe(1);
  expect(slept).toEqual([]);
});

test('time already spent counts: a Retry-After that fit at the start no longer fits after slow tries', async () => {
  const { policy, slept, clock } = fake();
  let calls = 0;
  const slow = async () => {
    calls += 1;
    clock.t += 3000; // each request takes 3 s before it fails
    throw failure(503, '2');
  };
  const err = await withRetry(slow, policy).catch((e: unknown) => e);
  // 3 s (try 1) + 2 s wait + 3 s (try 2) = 8 s: nothing left for another 2 s wait.
  expect(calls).toBe(2);
  expect(slept).toEqual([2000]);
  expect(err).toBeInstanceOf(RetryBudgetExceededError);
  expect((err as Error).message).toBe('Send given up after 2 tries: Teams answered 503 and asked to wait 2.0 s, more than the 0.0 s left of its 8.0 s budget.');
});

test('a backoff that would end past the budget fails at once too, and says it was our wait', async () => {
  const { policy, slept } = fake({ budgetMs: 500, baseDelayMs: 2000, maxDelayMs: 4000 });
  const err = await withRetry(failing(socketError('ECONNRESET')), policy).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RetryBudgetExceededError);
  expect((err as Error).message).toBe(
    'Send given up after 1 try: the connection failed (ECONNRESET) and the next try was due in 1.5 s, more than the 0.5 s left of its 0.5 s budget.',
  );
  expect(slept).toEqual([]);
});

test('under any failure sequence, the planned waits of one send stay within its budget and its tries within maxAttempts', async () => {
  const statuses = [429, 503, 502, 504, 412];
  for (let run = 0; run < 200; run++) {
    const { policy, slept } = fake({ random: Math.random, baseDelayMs: 500, maxDelayMs: 4000 });
    const errors = Array.from({ length: 5 }, (_, i) => {
      const status = statuses[(run + i) % statuses.length];
      return failure(status, (run + i) % 3 === 0 ? String((run * 7 + i) % 10) : undefined);
    });
    const work = failing(...errors);
    await withRetry(work, policy).catch(() => undefined);
    expect(work.calls).toBeLessThanOrEqual(3);
    expect(slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(8000);
  }
});

test('retryingTransport retries every send kind and passes references through untouched', async () => {
  const posted: PostedActivity = { reference: { conversation: { id: 'c1' } }, activityId: 'a1' };
  const calls: string[] = [];
  const flaky = <T>(kind: string, value: T) => {
    let n = 0;
    return async () => {
      calls.push(kind);
      if (n++ === 0) throw failure(503);
      return value;
    };
  };
  const inner: Transport = {
    conversationId: 'c1',
    currentReference: () => posted.reference,
    referenceTo: (id) => ({ conversation: { id } }),
    reply: flaky('reply', posted),
    send: flaky('send', posted),
    update: flaky('update', undefined),
    postToChannel: flaky('postToChannel', posted),
  };
  const t = retryingTransport(inner, fake().policy);
  const hello: Parameters<Transport['reply']>[0] = { type: 'message', text: 'hello' };
  await t.reply(hello);
  await t.send(t.referenceTo('c2', 'groupChat'), hello);
  await t.update(posted, hello);
  await t.postToChannel('19:leads', hello);
  expect(calls).toEqual(['reply', 'reply', 'send', 'send', 'update', 'update', 'postToChannel', 'postToChannel']);
  expect(t.conversationId).toBe('c1');
  expect(t.referenceTo('c2', 'channel')).toEqual({ conversation: { id: 'c2' } });
});
