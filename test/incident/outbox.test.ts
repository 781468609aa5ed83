import { verifyAudit } from '../../src/incident/audit';
import { decide } from '../../src/incident/decide';
import { claimEntry, dueEntries, markEntry, maxDeliveryAttempts, queueEffects, withEntries } from '../../src/incident/outbox';
import { isRefusal } from '../../src/incident/refusals';
import type { Incident, OutboxEntry } from '../../src/incident/types';
import { actors, cmd, envFor, incidentAt } from '../helpers/incident-builders';

// The outbox, pure: effects saved with the change that caused them, stable ids, bounded, claimed and marked by
// bookkeeping commands that never make a card stale.

const lease = 30_000;

test('a decision saves every effect but showIncident in the outbox, each with an id from the audit entry it belongs to', () => {
  const remediation = incidentAt('remediation');
  const d = decide(remediation, cmd('requestApproval', { actionId: 'fix-rules-or-connectors', reason: 'blocks partner' }), envFor(remediation));
  if (!d.ok) throw new Error('refused');
  expect(d.effects.map((e) => e.kind)).toEqual(['showIncident', 'requestApproval']);
  const seq = d.incident.audit.at(-1)!.seq;
  expect(d.queued).toEqual([
    {
      id: `${remediation.id}:${seq}.0`,
      effect: d.effects[1],
      at: d.incident.audit.at(-1)!.at,
      state: 'pending',
      attempts: 1,
      triedAt: d.incident.audit.at(-1)!.at,
    },
  ]);
  expect(d.incident.outbox.slice(-1)).toEqual(d.queued);
  const ids = new Set(d.incident.outbox.map((e) => e.id));
  expect(ids.size).toBe(d.incident.outbox.length);
});

test('a duplicate or a rejection queues nothing', () => {
  const triage = incidentAt('triage');
  const note = cmd('addNote', { text: 'once' });
  const first = decide(triage, note, envFor(triage));
  if (!first.ok) throw new Error('refused');
  const again = decide(first.incident, note, envFor(first.incident));
  expect(again).toMatchObject({ ok: true, duplicate: true, queued: [] });
  const refused = decide(triage, cmd('close', {}), envFor(triage));
  expect(refused.ok).toBe(false);
  expect(refused.incident.outbox).toEqual(triage.outbox);
});

test('bookkeeping commands keep the version and the keys, and with nothing to record save nothing', () => {
  const triage = incidentAt('triage');
  const refusal = cmd('recordRefusal', { refusal: { verb: 'approve', reason: 'not an approver' } }, { actor: actors.outsider, key: 'refusal' });
  const refused = decide(triage, refusal, envFor(triage));
  if (!refused.ok) throw new Error('refused');
  expect(refused.incident.version).toBe(triage.version);
  expect(refused.incident.recentKeys).toEqual(triage.recentKeys);
  expect(refused.incident.audit.at(-1)).toMatchObject({ kind: 'refusal', what: 'refused: approve — not an approver' });
  expect(isRefusal(refused.incident.audit.at(-1)!)).toBe(true);
  expect(verifyAudit(refused.incident.audit).ok).toBe(true);

  const reminder = { id: 'triage-timebox', target: 'incident' as const, text: 'The first 15 minutes are over.', dueAt: triage.triageStartedAt! };
  const claimed = decide(triage, cmd('claimReminder', { reminder }), envFor(triage));
  if (!claimed.ok) throw new Error('refused');
  expect(claimed.incident.version).toBe(triage.version);
  expect(claimed.queued.map((e) => e.effect)).toEqual([
    { kind: 'remind', reminderId: 'triage-timebox', target: 'incident', text: 'The first 15 minutes are over.' },
  ]);
  expect(claimed.incident.audit.at(-1)).toMatchObject({ kind: 'reminder', detail: 'triage-timebox' });
  const twice = decide(claimed.incident, cmd('claimReminder', { reminder }), envFor(claimed.incident));
  expect(twice).toMatchObject({ ok: true, duplicate: true, queued: [] });
  if (twice.ok) expect(twice.incident).toBe(claimed.incident);
});

test('a refusal keyed by its activity is recorded once, however often it is redelivered; the generic key records each', () => {
  const triage = incidentAt('triage');
  const refusal = { verb: 'tick', reason: 'outside the incident conversation' };
  const keyed = cmd('recordRefusal', { refusal }, { actor: actors.outsider, key: 'refusal:act-7:tick' });
  const first = decide(triage, keyed, envFor(triage));
  if (!first.ok) throw new Error('refused');
  expect(first).toMatchObject({ duplicate: false });
  expect(first.incident.version).toBe(triage.version);
  expect(first.incident.recentKeys.at(-1)).toBe('refusal:act-7:tick');
  const again = decide(first.incident, keyed, envFor(first.incident));
  expect(again).toMatchObject({ ok: true, duplicate: true });
  if (again.ok) expect(again.incident).toBe(first.incident);
  expect(first.incident.audit.filter(isRefusal)).toHaveLength(triage.audit.filter(isRefusal).length + 1);
  // Another activity, or a refusal without one, is recorded.
  const other = decide(first.incident, { ...keyed, key: 'refusal:act-8:tick' }, envFor(first.incident));
  const generic = decide(first.incident, { ...keyed, key: 'refusal' }, envFor(first.incident));
  expect(other).toMatchObject({ ok: true, duplicate: false });
  expect(generic).toMatchObject({ ok: true, duplicate: false });
  if (generic.ok) expect(generic.incident.recentKeys).toEqual(first.incident.recentKeys);
});

test('an entry is claimed only once its last attempt is older than the lease, and marked delivered or failed in words', () => {
  const triage = incidentAt('triage');
  const at = new Date('2026-11-24T10:00:00.000Z');
  const [entry] = queueEffects(triage, [{ kind: 'notify', text: 'hello' }], 99, at.toISOString());
  const incident: Incident = { ...triage, outbox: [entry] };
  expect(dueEntries(incident, new Date(at.getTime() + lease - 1), lease)).toEqual([]);
  expect(claimEntry(incident, entry.id, new Date(at.getTime() + lease - 1), lease)).toBeUndefined();
  const later = new Date(at.getTime() + lease);
  const claimed = claimEntry(incident, entry.id, later, lease)!;
  expect(claimed.outbox[0]).toMatchObject({ attempts: 2, triedAt: later.toISOString(), state: 'pending' });
  expect(claimEntry(claimed, entry.id, later, lease)).toBeUndefined();

  const failed = markEntry(claimed, entry.id, { ok: false, error: 'Teams answered 503' }, later)!;
  expect(failed.outbox[0]).toMatchObject({ state: 'pending', error: 'Teams answered 503' });
  const delivered = markEntry(failed, entry.id, { ok: true }, later)!;
  expect(delivered.outbox[0]).toMatchObject({ state: 'delivered', deliveredAt: later.toISOString() });
  expect(delivered.outbox[0].error).toBeUndefined();
  expect(markEntry(delivered, entry.id, { ok: true }, later)).toBeUndefined();

  const last = { ...entry, attempts: maxDeliveryAttempts };
  expect(markEntry({ ...triage, outbox: [last] }, entry.id, { ok: false, error: 'gone' }, later)!.outbox[0].state).toBe('failed');
  expect(markEntry({ ...triage, outbox: [entry] }, entry.id, { ok: false, error: 'no channel', final: true }, later)!.outbox[0].state).toBe('failed');
});

test('the outbox is bounded: undelivered entries always stay, only the oldest delivered ones go', () => {
  const triage = incidentAt('triage');
  const at = '2026-11-24T10:00:00.000Z';
  const entries: OutboxEntry[] = Array.from({ length: 60 }, (_, i) => ({
    id: `e${i}`,
    effect: { kind: 'notify', text: `${i}` },
    at,
    state: i % 3 === 0 ? 'pending' : 'delivered',
    attempts: 1,
  }));
  const kept = withEntries([], entries);
  expect(kept.filter((e) => e.state === 'pending')).toHaveLength(20);
  expect(kept.filter((e) => e.state === 'delivered')).toHaveLength(20);
  expect(kept.filter((e) => e.state === 'delivered').at(-1)?.id).toBe('e59');
  expect(triage.outbox).toBeDefined();
});
