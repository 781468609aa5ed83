import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openIncident } from '../../src/incident/open';
import type { Incident } from '../../src/incident/types';
import { incidentDocumentText } from '../../src/store/incident-document';
import { FileIncidentStore } from '../../src/store/file-store';
import type { IncidentStore } from '../../src/store/incident-store';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import { retryLaterMs } from '../../src/app/sweeper';
import { appInstance } from '../helpers/app-kit';
import { countingStore } from '../helpers/counting-store';
import { actors, seedRunbook } from '../helpers/incident-builders';

// A sweep reads what is due, not every open incident: 10,000 open, 10 of them idle for over an hour (the idle
// reminder is 60 min in the app kit), and the pass reads those 10 and delivers their reminders.

const open = 10_000;
const due = 10;
const now = new Date('2026-11-24T12:00:00.000Z');
const minutes = (n: number) => new Date(now.getTime() - n * 60_000);

/** Incident i: the first `due` were opened 90 min ago (idle reminder due), the rest 5 min ago. */
function incident(i: number): Incident {
  const id = `INC-20261124-${String(i + 1).padStart(5, '0')}`;
  const conversationId = `a:chat-${i}`;
  return openIncident(
    {
      id,
      runbook: seedRunbook(),
      actor: actors.staff,
      origin: { conversationId, kind: 'personal', reference: { conversation: { id: conversationId } } },
      key: `open-${id}`,
    },
    i < due ? minutes(90) : minutes(5),
  ).incident;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const dueIds = Array.from({ length: due }, (_, i) => incident(i).id);

async function sweepCounting(store: IncidentStore) {
  const counted = countingStore(store);
  const app = appInstance(counted.store, () => now);
  // Reads made while delivering the claimed reminders (the same as after any click) are counted apart.
  const deliver = app.deliverer.deliver.bind(app.deliverer);
  let delivering = 0;
  app.deliverer.deliver = async (...args) => {
    const before = counted.reads.length;
    try {
      return await deliver(...args);
    } finally {
      delivering += counted.reads.length - before;
    }
  };
  const delivered = await app.sweeper.sweepOnce();
  return { delivered, reads: counted.reads, sweepReads: counted.reads.length - delivering, app };
}

describe.each([
  [
    'memory',
    async () => {
      const store = new MemoryIncidentStore();
      for (let i = 0; i < open; i++) await store.create(incident(i));
      return store;
    },
  ],
  [
    'file',
    async () => {
      // Documents written as a store of today would have left them; the store indexes them at its first use.
      const dir = mkdtempSync(join(tmpdir(), 'sweep-reads-'));
      mkdirSync(join(dir, 'incidents'));
      for (let i = 0; i < open; i++) writeFileSync(join(dir, 'incidents', `${incident(i).id}.json`), incidentDocumentText(incident(i)));
      dirs.push(dir);
      return new FileIncidentStore(dir);
    },
  ],
])(`%s store, ${open} open incidents`, (_name, make) => {
  test(`a sweep with ${due} due reads those ${due} only, and sends their reminders on time`, async () => {
    const store = await make();
    const { delivered, reads, sweepReads, app } = await sweepCounting(store);
    expect(delivered).toBe(due);
    expect([...new Set(reads)].sort()).toEqual(dueIds);
    expect(sweepReads).toBeLessThanOrEqual(due);
    expect(reads.length).toBeLessThanOrEqual(5 * due);
    const idle = app.recorded.sends.filter((s) => /has had no update for 60 min/.test(s.activity.text ?? ''));
    expect(idle.map((s) => s.conversationId).sort()).toEqual(Array.from({ length: due }, (_, i) => `a:chat-${i}`).sort());

    // Sent once: the next pass finds nothing due and reads nothing.
    const again = await sweepCounting(store);
    expect(again.delivered).toBe(0);
    expect(again.reads).toEqual([]);
  }, 120_000);
});

test('a lease-expired entry is taken over reading that incident only; one due that cannot be worked is not read on every pass', async () => {
  const store = new MemoryIncidentStore();
  for (let i = due; i < 1_000; i++) await store.create(incident(i));
  // An entry claimed 2 min ago by an instance that died before sending it (the app kit's lease is 30 s).
  const lost = incident(0);
  const claimedAt = minutes(2).toISOString();
  await store.create({
    ...lost,
    openedAt: minutes(5).toISOString(),
    audit: lost.audit.map((e) => ({ ...e, at: minutes(5).toISOString() })),
    outbox: [{ id: `${lost.id}:1.0`, effect: { kind: 'notify', text: 'the lost one' }, at: claimedAt, state: 'pending', attempts: 1, triedAt: claimedAt }],
  });
  // Idle reminder due, but its runbook is gone: the sweep cannot decide for it.
  await store.create({ ...incident(1), runbookId: 'retired-runbook' });

  const first = await sweepCounting(store);
  expect(first.delivered).toBe(1);
  expect(first.app.recorded.sends.map((s) => s.activity.text)).toContain('the lost one');
  expect((await store.get(lost.id))!.value.outbox[0]).toMatchObject({ state: 'delivered', attempts: 2 });
  expect([...new Set(first.reads)].sort()).toEqual([lost.id, incident(1).id]);

  // The same instance passes again a minute later: the delivered one is not due, the stuck one waits its turn.
  let at = new Date(now.getTime() + 60_000);
  const counted = countingStore(store);
  const sweeper = appInstance(counted.store, () => at).sweeper;
  await sweeper.sweepOnce();
  expect(counted.reads).toEqual([incident(1).id]);
  await sweeper.sweepOnce();
  expect(counted.reads).toEqual([incident(1).id]);
  at = new Date(now.getTime() + 60_000 + retryLaterMs);
  await sweeper.sweepOnce();
  expect(counted.reads).toEqual([incident(1).id, incident(1).id]);
});
