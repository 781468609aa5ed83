import { SendPacer } from '../../src/teams/send-pacer';

test('the eighth send within a second waits; other conversations are not held up', async () => {
  let now = 0;
  const slept: number[] = [];
  const pacer = new SendPacer(
    undefined,
    () => now,
    async (ms) => {
      slept.push(ms);
      now += ms;
    },
  );
  for (let i = 0; i < 7; i++) await pacer.acquire('conv-a');
  expect(slept).toEqual([]);
  await pacer.acquire('conv-b');
  expect(slept).toEqual([]);
  await pacer.acquire('conv-a');
  expect(slept).toEqual([1000]);
  expect(now).toBe(1000);
  await pacer.acquire('conv-a');
  expect(slept.reduce((a, b) => a + b, 0)).toBe(2000);
});

test('60 sends per 30 seconds per conversation', () => {
  let now = 0;
  const pacer = new SendPacer(
    undefined,
    () => now,
    async () => undefined,
  );
  const times: number[] = [];
  return (async () => {
    for (let i = 0; i < 61; i++) {
      const wait = pacer.delayFor('c');
      now += wait;
      await pacer.acquire('c');
      times.push(now);
    }
    expect(times[60] - times[0]).toBeGreaterThanOrEqual(30_000);
  })();
});
