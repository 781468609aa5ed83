import { MemoryIncidentStore } from '../../src/store/memory-store';
import { OpeningInProgressError, openOnce } from '../../src/app/opening-claim';

// Idempotent opening, on the memory store: one incident per key, whoever asks and whenever.

const at = (iso: string) => () => new Date(iso);
const noWait = async () => undefined;

describe('openOnce', () => {
  test('the first call opens; a repeat with the same key gets that incident and opens nothing', async () => {
    const store = new MemoryIncidentStore();
    let opened = 0;
    const open = async () => ({ incidentId: `INC-${++opened}` });
    expect(await openOnce(store, 'act-1:open', at('2026-11-24T09:00:00Z'), open, noWait)).toEqual({ opened: { incidentId: 'INC-1' } });
    expect(await openOnce(store, 'act-1:open', at('2026-11-24T09:00:05Z'), open, noWait)).toEqual({ existing: 'INC-1' });
    expect(await openOnce(store, 'act-2:open', at('2026-11-24T09:00:06Z'), open, noWait)).toEqual({ opened: { incidentId: 'INC-2' } });
    expect(opened).toBe(2);
  });

  test('two deliveries at once: one opens, the other waits for it and gets the same incident', async () => {
    const store = new MemoryIncidentStore();
    let opened = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const open = async () => {
      opened++;
      await gate;
      return { incidentId: 'INC-7' };
    };
    const sleeps: number[] = [];
    const first = openOnce(store, 'act-9:open', at('2026-11-24T09:00:00Z'), open, noWait);
    const second = openOnce(store, 'act-9:open', at('2026-11-24T09:00:00Z'), open, async (ms) => {
      sleeps.push(ms);
      if (sleeps.length === 2) release();
      await new Promise((r) => setImmediate(r));
    });
    expect(await Promise.all([first, second])).toEqual([{ opened: { incidentId: 'INC-7' } }, { existing: 'INC-7' }]);
    expect(opened).toBe(1);
  });

  test('a claim whose opener never finishes is reported in words, then taken over once it is a minute old', async () => {
    const store = new MemoryIncidentStore();
    await store.claimRecord('opening:act-3:open', { token: 'crashed', at: '2026-11-24T09:00:00.000Z' });
    const open = async () => ({ incidentId: 'INC-3' });
    await expect(openOnce(store, 'act-3:open', at('2026-11-24T09:00:10Z'), open, noWait)).rejects.toBeInstanceOf(OpeningInProgressError);
    expect(await openOnce(store, 'act-3:open', at('2026-11-24T09:01:30Z'), open, noWait)).toEqual({ opened: { incidentId: 'INC-3' } });
    expect(await openOnce(store, 'act-3:open', at('2026-11-24T09:02:00Z'), open, noWait)).toEqual({ existing: 'INC-3' });
  });
});
