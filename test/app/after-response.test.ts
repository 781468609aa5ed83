import { afterResponse, withAfterResponse } from '../../src/app/after-response';

// Jobs wait for the answer; a job asked for after the answer (work that itself started after it) is never lost.

test('a job waits for the answer; one asked for after the answer, from inside the same request, still runs', async () => {
  const order: string[] = [];
  let late: Promise<void> | undefined;
  await withAfterResponse(async () => {
    afterResponse(() => {
      order.push('first job');
      // Started after the answer, still in the request's async context (a delivery scheduling live checks).
      late = new Promise<void>((resolve) => afterResponse(() => (order.push('late job'), resolve())));
    });
    order.push('answer');
  });
  await late;
  expect(order).toEqual(['answer', 'first job', 'late job']);
});
