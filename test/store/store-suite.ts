import { openIncident } from '../../src/incident/open';
import type { DueDelays } from '../../src/incident/due-marks';
import type { Incident } from '../../src/incident/types';
import { AlreadyExistsError, EtagMismatchError, type IncidentStore } from '../../src/store/incident-store';
import { defaultRunbooksDir, loadRunbooks } from '../../src/runbook/loader';
import { withNotes } from './history-helpers';

// One suite every IncidentStore implementation runs.

const runbook = loadRunbooks(defaultRunbooksDir())[0];
const actor = { id: 'a1', name: 'Sam' };

export function incidentFor(id: string, conversationId = 'conv-1'): Incident {
  return openIncident({ id, runbook, actor, origin: { conversationId, kind: 'personal', reference: {} }, key: `k-${id}` }, new Date('2026-11-24T10:00:00Z'))
    .incident;
}

/** The sweep's delays in these tests: a reminder after an hour idle, a takeover 30 s after a claim. */
export const suiteDelays: DueDelays = { triage: 15 * 60_000, approval: 30 * 60_000, idle: 60 * 60_000, sev1: 10 * 60_000, lease: 30_000 };

export function runStoreSuite(name: string, make: () => Promise<IncidentStore>) {
  describe(`${name}: IncidentStore contract`, () => {
    let store: IncidentStore;
    beforeEach(async () => {
      store = await make();
    });

    test('claimRecord: of several claims at once exactly one wins, and every claimer sees the winner', async () => {
      const claims = await Promise.all(['a', 'b', 'c', 'd'].map((token) => store.claimRecord('opening:act-1', { token })));
      const winner = claims[0].token;
      expect(claims.map((c) => c.token)).toEqual([winner, winner, winner, winner]);
      expect(await store.getRecord('opening:act-1')).toEqual({ token: winner });
      expect(await store.claimRecord('opening:act-1', { token: 'late' })).toEqual({ token: winner });
      expect(await store.claimRecord('opening:act-2', { token: 'late' })).toEqual({ token: 'late' });
    });

    test('create then get returns the same incident with an etag', async () => {
      const created = await store.create(incidentFor('INC-20261124-001'));
      const got = await store.get('INC-20261124-001');
      expect(got?.value).toEqual(incidentFor('INC-20261124-001'));
      expect(got?.etag).toBe(created.etag);
    });

    test('create refuses an existing id', async () => {
      await store.create(incidentFor('INC-20261124-001'));
      await expect(store.create(incidentFor('INC-20261124-001'))).rejects.toBeInstanceOf(AlreadyExistsError);
    });

    test('put with the current etag wins once; the stale etag loses', async () => {
      const created = await store.create(incidentFor('INC-20261124-001'));
      const changed = { ...created.value, version: 2 };
      const put = await store.put(changed, created.etag);
      expect(put.etag).not.toBe(created.etag);
      await expect(store.put({ ...created.value, version: 3 }, created.etag)).rejects.toBeInstanceOf(EtagMismatchError);
      expect((await store.get('INC-20261124-001'))?.value.version).toBe(2);
    });

    test('concurrent puts on one etag: exactly one wins', async () => {
      const created = await store.create(incidentFor('INC-20261124-001'));
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.put({ ...created.value, version: 10 + i }, created.etag)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof EtagMismatchError)).toBe(true);
    });

    test('the conversation index lists open incidents only, oldest first', async () => {
      await store.create(incidentFor('INC-20261124-001', 'conv-a'));
      await store.create(incidentFor('INC-20261124-002', 'conv-a'));
      const other = await store.create(incidentFor('INC-20261124-003', 'conv-b'));
      expect(await store.openIn('conv-a')).toEqual(['INC-20261124-001', 'INC-20261124-002']);
      await store.put({ ...other.value, phase: 'closed' }, other.etag);
      expect(await store.openIn('conv-b')).toEqual([]);
      expect((await store.list()).map((r) => r.id)).toEqual(['INC-20261124-001', 'INC-20261124-002', 'INC-20261124-003']);
    });

    test('ids starting with a prefix: that day only, every phase, none for an unused day', async () => {
      await store.create(incidentFor('INC-20261124-001'));
      const closed = await store.create(incidentFor('INC-20261124-012', 'conv-b'));
      await store.put({ ...closed.value, phase: 'closed' }, closed.etag);
      await store.create(incidentFor('INC-20261125-001'));
      expect((await store.idsStartingWith('INC-20261124-')).sort()).toEqual(['INC-20261124-001', 'INC-20261124-012']);
      expect(await store.idsStartingWith('INC-20261125-')).toEqual(['INC-20261125-001']);
      expect(await store.idsStartingWith('INC-20261126-')).toEqual([]);
    });

    test('ids due by a time come from what each write keeps: idle after the delay, a pending entry after its lease, never a closed one', async () => {
      const a = await store.create(incidentFor('INC-20261124-001'));
      const b = await store.create(incidentFor('INC-20261124-002', 'conv-b'));
      const opened = Date.parse(a.value.openedAt);
      const at = (ms: number) => new Date(opened + ms);
      expect(await store.idsDueBy(at(59 * 60_000), suiteDelays)).toEqual([]);
      expect((await store.idsDueBy(at(60 * 60_000), suiteDelays)).sort()).toEqual(['INC-20261124-001', 'INC-20261124-002']);
      await store.put({ ...a.value, phase: 'cancelled' }, a.etag);
      const triedAt = at(5 * 60_000).toISOString();
      const entry = {
        id: 'INC-20261124-002:1.0',
        effect: { kind: 'notify' as const, text: 'x' },
        at: triedAt,
        state: 'pending' as const,
        attempts: 1,
        triedAt,
      };
      await store.put({ ...b.value, outbox: [entry] } as Incident, b.etag);
      expect(await store.idsDueBy(at(5 * 60_000 + 29_000), suiteDelays)).toEqual([]);
      expect(await store.idsDueBy(at(5 * 60_000 + 30_000), suiteDelays)).toEqual(['INC-20261124-002']);
      expect(await store.idsDueBy(at(120 * 60_000), suiteDelays)).toEqual(['INC-20261124-002']);
      // A closed incident with an entry still to send (a summary post lost in a crash) stays due until it is sent.
      const closing = (await store.get('INC-20261124-002'))!;
      await store.put({ ...closing.value, phase: 'closed' }, closing.etag);
      expect(await store.idsDueBy(at(120 * 60_000), suiteDelays)).toEqual(['INC-20261124-002']);
    });

    test('records round-trip and a missing one is undefined', async () => {
      expect(await store.getRecord('summary-channel')).toBeUndefined();
      await store.putRecord('summary-channel', { channelId: '19:x' });
      expect(await store.getRecord('summary-channel')).toEqual({ channelId: '19:x' });
    });

    test('a long incident (300 notes, 301 audit entries, 100 evidence): every version reads back whole', async () => {
      let stored = await store.create(incidentFor('INC-20261124-001'));
      for (let i = 0; i < 300; i++) {
        const next = withNotes(stored.value, 1);
        stored = await store.put(next, stored.etag);
        expect(stored.value).toEqual(next);
        if (i % 41 === 0 || i === 299) expect((await store.get('INC-20261124-001'))?.value).toEqual(next);
      }
      expect(stored.value.notes).toHaveLength(300);
      expect((await store.list()).map((r) => r.id)).toEqual(['INC-20261124-001']);
    });

    test('a missing incident is undefined and ping answers', async () => {
      expect(await store.get('INC-20261124-999')).toBeUndefined();
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}

/**
 * Two store instances over one storage (two processes one after the other, or two instances at once): what one wrote
 * of a long incident the other reads whole, writes on, and the first reads whole again with the other's entries.
 */
export async function longIncidentAcrossInstances(a: IncidentStore, b: () => IncidentStore): Promise<void> {
  let stored = await a.create(incidentFor('INC-20261124-001'));
  for (let i = 0; i < 120; i++) stored = await a.put(withNotes(stored.value, 1), stored.etag);
  const other = b();
  const read = (await other.get('INC-20261124-001'))!;
  expect(read.value).toEqual(stored.value);
  let theirs = read;
  for (let i = 0; i < 60; i++) theirs = await other.put(withNotes(theirs.value, 1), theirs.etag);
  const back = (await a.get('INC-20261124-001'))!;
  expect(back.value.notes.map((n) => n.text)).toEqual(Array.from({ length: 180 }, (_, i) => `note ${i} <CAF${i}@mail.fabrikam.com>`));
  expect(back.value).toEqual(theirs.value);
  await expect(a.put(withNotes(stored.value, 1), stored.etag)).rejects.toBeInstanceOf(EtagMismatchError);
}
