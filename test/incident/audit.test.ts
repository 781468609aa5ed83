import fc from 'fast-check';
import { appendAudit, verifyAudit } from '../../src/incident/audit';
import type { AuditEntry } from '../../src/incident/types';
import { actors, deepFreeze, incidentAt } from '../helpers/incident-builders';

// The audit log is a hash chain: every accepted command appends one entry; any edit of history is found.

const at = (n: number) => new Date(Date.UTC(2026, 10, 24, 9, n)).toISOString();

function logOf(whats: string[]): AuditEntry[] {
  return deepFreeze(
    whats.reduce<AuditEntry[]>((log, what, i) => appendAudit(log, at(i), i % 2 ? actors.staff : actors.approver1, what, i % 3 ? `d${i}` : undefined), []),
  );
}

describe('appendAudit', () => {
  it('numbers entries, chains each to the one before and leaves the old log alone', () => {
    const one = logOf(['opened']);
    expect(one[0]).toEqual({
      seq: 1,
      at: at(0),
      actor: actors.approver1,
      kind: 'change',
      what: 'opened',
      prevHash: '0'.repeat(64),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const two = appendAudit(one, at(1), actors.staff, 'noted', 'detail');
    expect(one).toHaveLength(1);
    expect(two[1]).toMatchObject({ seq: 2, prevHash: one[0].hash, detail: 'detail' });
    expect(two[1].hash).not.toBe(one[0].hash);
  });

  it('leaves out an empty detail', () => {
    expect('detail' in appendAudit([], at(0), actors.staff, 'x', '')[0]).toBe(false);
  });
});

describe('verifyAudit', () => {
  const log = logOf(['opened', 'submitted', 'ticked', 'chose', 'approved', 'closed']);

  it('accepts an untouched log, and the empty log', () => {
    expect(verifyAudit(log)).toEqual({ ok: true, entries: 6 });
    expect(verifyAudit([])).toEqual({ ok: true, entries: 0 });
  });

  it.each<[string, (e: AuditEntry) => AuditEntry]>([
    ['time', (e) => ({ ...e, at: at(59) })],
    ['actor id', (e) => ({ ...e, actor: { ...e.actor, id: actors.outsider.id } })],
    ['actor name', (e) => ({ ...e, actor: { ...e.actor, name: 'Someone Else' } })],
    ['what', (e) => ({ ...e, what: 'rejected' })],
    ['detail', (e) => ({ ...e, detail: 'changed' })],
    ['detail removed', (e) => ({ seq: e.seq, at: e.at, actor: e.actor, what: e.what, prevHash: e.prevHash, hash: e.hash })],
  ])('finds a changed %s', (_field, edit) => {
    const edited = log.map((e, i) => (i === 4 ? edit(e) : e));
    expect(verifyAudit(edited)).toEqual({ ok: false, brokenAt: 5, reason: 'entry 5 was changed after it was written' });
  });

  it('finds a rewritten hash: the next entry no longer follows', () => {
    const edited = log.map((e, i) => (i === 2 ? { ...e, hash: 'f'.repeat(64) } : e));
    expect(verifyAudit(edited)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('finds a deleted entry', () => {
    expect(verifyAudit([...log.slice(0, 2), ...log.slice(3)])).toEqual({ ok: false, brokenAt: 3, reason: 'entry 3 has sequence number 4' });
    expect(verifyAudit(log.slice(1))).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it('finds a deleted entry even when the sequence numbers are rewritten', () => {
    const renumbered = [...log.slice(0, 2), ...log.slice(3)].map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verifyAudit(renumbered)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('finds reordered entries', () => {
    expect(verifyAudit([log[0], log[2], log[1], ...log.slice(3)])).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('finds an inserted entry, even one hashed correctly for its place', () => {
    const forged = appendAudit(log.slice(0, 3), at(3), actors.approver2, 'approved')[3];
    expect(verifyAudit([...log.slice(0, 3), forged, ...log.slice(3)])).toEqual({ ok: false, brokenAt: 5, reason: 'entry 5 has sequence number 4' });
  });

  it('cannot see a cut-off tail by itself: the incident version is the anchor', () => {
    const incident = incidentAt('closed');
    expect(incident.audit).toHaveLength(incident.version);
    const cut = incident.audit.slice(0, -1);
    expect(verifyAudit(cut)).toMatchObject({ ok: true });
    expect(cut.length).not.toBe(incident.version);
  });

  it('finds any single edit of history (property)', () => {
    type Tamper =
      | { op: 'edit'; i: number; field: 'at' | 'what' | 'detail' | 'actor' | 'seq' | 'prevHash' | 'hash'; value: string }
      | { op: 'delete'; i: number }
      | { op: 'swap'; i: number; j: number }
      | { op: 'insert'; i: number; what: string };
    const tamper = (n: number): fc.Arbitrary<Tamper> =>
      fc.oneof(
        fc.record({
          op: fc.constant('edit' as const),
          i: fc.nat(n - 1),
          field: fc.constantFrom('at', 'what', 'detail', 'actor', 'seq', 'prevHash', 'hash'),
          value: fc.string({ minLength: 1, maxLength: 8 }),
        }),
        // Deleting the last entry is a cut-off tail (see above); any other deletion shows in the chain.
        fc.record({ op: fc.constant('delete' as const), i: fc.nat(Math.max(0, n - 2)) }),
        fc.record({ op: fc.constant('swap' as const), i: fc.nat(n - 1), j: fc.nat(n - 1) }).filter((t) => t.i !== t.j),
        fc.record({ op: fc.constant('insert' as const), i: fc.nat(n - 1), what: fc.string({ minLength: 1, maxLength: 8 }) }),
      );
    const apply = (log: AuditEntry[], t: Tamper): AuditEntry[] => {
      const copy = [...log];
      switch (t.op) {
        case 'edit': {
          const e = copy[t.i];
          const changed: Record<typeof t.field, () => AuditEntry> = {
            at: () => ({ ...e, at: `${e.at}${t.value}` }),
            what: () => ({ ...e, what: `${e.what}${t.value}` }),
            detail: () => ({ ...e, detail: `${e.detail ?? ''}${t.value}` }),
            actor: () => ({ ...e, actor: { ...e.actor, name: `${e.actor.name}${t.value}` } }),
            seq: () => ({ ...e, seq: e.seq + t.value.length }),
            prevHash: () => ({ ...e, prevHash: `${e.prevHash}${t.value}` }),
            hash: () => ({ ...e, hash: `${e.hash}${t.value}` }),
          };
          copy[t.i] = changed[t.field]();
          return copy;
        }
        case 'delete':
          copy.splice(t.i, 1);
          return copy;
        case 'swap':
          [copy[t.i], copy[t.j]] = [copy[t.j], copy[t.i]];
          return copy;
        case 'insert':
          copy.splice(t.i, 0, appendAudit(log.slice(0, t.i), at(30), actors.outsider, t.what)[t.i]);
          return copy;
      }
    };
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 12 }), { minLength: 2, maxLength: 10 }).chain((whats) => fc.tuple(fc.constant(whats), tamper(whats.length))),
        ([whats, t]) => {
          const log = logOf(whats.map((w) => w || 'x'));
          expect(verifyAudit(apply(log, t)).ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the audit of a real incident', () => {
  it('has one entry per accepted command, chained, with actors and times', () => {
    const closed = incidentAt('closed');
    expect(verifyAudit(closed.audit)).toEqual({ ok: true, entries: closed.version });
    expect(closed.audit[0]).toMatchObject({ what: 'opened the incident', detail: 'runbook exchange-online-mail-flow-failure (2026-05-29)' });
    expect(closed.audit.map((e) => e.at)).toEqual([...closed.audit.map((e) => e.at)].sort());
    expect(closed.audit.some((e) => e.actor.id === actors.approver1.id && e.what.startsWith('approved'))).toBe(true);
  });
});
