import { type RetryPolicy, withRetry } from '../../src/teams/send-retry';

const failure = (statusCode: number, retryAfter?: string) =>
  Object.assign(new Error(`status ${statusCode}`), { statusCode, response: { status: statusCode, headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } } });

function policy(slept: number[]): RetryPolicy {
  return { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, sleep: async (ms) => void slept.push(ms), random: () => 0.5 };
}

test('429 with Retry-After waits that long, then succeeds', async () => {
  const slept: number[] = [];
  let calls = 0;
  const result = await withRetry(async () => {
    calls += 1;
    if (calls < 3) throw failure(429, '2');
    return 'sent';
  }, policy(slept));
  expect(result).toBe('sent');
  expect(slept).toEqual([2000, 2000]);
});

test('502/503/504/412 back off exponentially with jitter; other errors are not retried', async () => {
  const slept: number[] = [];
  await expect(withRetry(async () => Promise.reject(failure(503)), policy(slept))).rejects.toMatchObject({ statusCode: 503 });
  expect(slept).toEqual([75, 150, 300]);
  const once: number[] = [];
  let calls = 0;
  await expect(
    withRetry(async () => {
      calls += 1;
      throw failure(403);
    }, policy(once)),
  ).rejects.toMatchObject({ statusCode: 403 });
  expect(calls).toBe(1);
  expect(once).toEqual([]);
});
