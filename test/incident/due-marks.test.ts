import { dueDelays, dueMarks, isDue, nextDueAt } from '../../src/incident/due-marks';
import { claimEntry, dueEntries, markEntry } from '../../src/incident/outbox';
import { claimReminder, dueReminders } from '../../src/incident/reminders';
import type { Incident } from '../../src/incident/types';
import { reminderSettings } from '../helpers/app-kit';
import { actors, cmd, drive, finishPhase, makeIncident, seedRunbook, t0 } from '../helpers/incident-builders';

// The due marks a store indexes say "due" exactly when the sweep finds work (dueReminders or dueEntries): never
// later (a reminder or a takeover would be lost) and never sooner (the sweep would read an incident for nothing).

const leaseMs = 30_000;
const settings = { ...reminderSettings, outboxLeaseMs: leaseMs };
const delays = dueDelays(settings);
const minute = 60_000;

function states(): Incident[] {
  const intake = makeIncident({ now: t0 });
  const triage = finishPhase(intake, { intake: { scope: 'tenant' } });
  let remediation = triage;
  while (remediation.phase !== 'remediation') remediation = finishPhase(remediation);
  const approval = drive(remediation, cmd('requestApproval', { actionId: 'fix-rules-or-connectors', reason: 'transport rule blocks partner' }));
  const escalated = drive(finishPhase(makeIncident({ now: t0 })), cmd('escalate', { reason: 'whole tenant' }));
  const cancelled = drive(makeIncident({ now: t0 }), cmd('cancel', { reason: 'duplicate' }));
  const sentIdle = claimReminder(triage, dueReminders(triage, seedRunbook(), new Date(t0.getTime() + 600 * minute), reminderSettings)[0], actors.staff, t0)!;
  const entry = approval.outbox.find((e) => e.state === 'pending')!;
  const delivered = markEntry(approval, entry.id, { ok: true }, t0)!;
  const failedOnce = markEntry(claimEntry(approval, entry.id, new Date(t0.getTime() + 10 * minute), leaseMs)!, entry.id, { ok: false, error: 'down' }, t0)!;
  const closedUndelivered = { ...cancelled, outbox: approval.outbox };
  return [intake, triage, remediation, approval, escalated, cancelled, sentIdle, delivered, failedOnce, closedUndelivered];
}

const sweepFinds = (incident: Incident, now: Date) =>
  dueReminders(incident, seedRunbook(), now, reminderSettings).length > 0 || dueEntries(incident, now, leaseMs).length > 0;

test('at every minute of four hours, each incident is due by its marks exactly when the sweep finds work in it', () => {
  const mismatches: string[] = [];
  for (const [i, incident] of states().entries()) {
    const marks = dueMarks(incident);
    for (let m = -5; m <= 240; m++) {
      const now = new Date(t0.getTime() + m * minute + 7_000);
      if (isDue(marks, now, delays) !== sweepFinds(incident, now)) mismatches.push(`state ${i} (${incident.phase}) at +${m} min`);
    }
  }
  expect(mismatches).toEqual([]);
});

test('the next due time is the earliest reminder or lease expiry, and none for a closed incident with nothing to send', () => {
  const far = new Date(t0.getTime() + 10_000 * minute);
  for (const incident of states()) {
    const times = [
      ...dueReminders(incident, seedRunbook(), far, reminderSettings).map((r) => Date.parse(r.dueAt)),
      ...dueEntries(incident, far, leaseMs).map((e) => Date.parse(e.triedAt!) + leaseMs),
    ];
    expect(nextDueAt(dueMarks(incident), delays)).toBe(times.length ? new Date(Math.min(...times)).toISOString() : undefined);
  }
  const cancelled = states()[5];
  expect(cancelled.phase).toBe('cancelled');
  expect(dueMarks(cancelled)).toEqual({});
});

test('a changed setting moves every due time without a rewrite: the marks do not depend on it', () => {
  const [intake] = states();
  const marks = dueMarks(intake);
  expect(Object.keys(marks)).toEqual(['idle']);
  const idleAt = (idleRemindMinutes: number) => nextDueAt(marks, dueDelays({ ...settings, idleRemindMinutes }));
  expect(Date.parse(idleAt(60)!) - Date.parse(idleAt(10)!)).toBe(50 * minute);
});

test('an entry saved without an attempt time is due at once; a time that does not parse is never due, as dueEntries says', () => {
  const [, , , approval] = states();
  const entry = approval.outbox.find((e) => e.state === 'pending')!;
  const { triedAt: _t, ...untried } = entry;
  const never = { ...approval, outbox: [{ ...entry, triedAt: 'not a time' }] };
  expect(isDue(dueMarks({ ...approval, outbox: [untried] }), t0, delays)).toBe(true);
  expect(dueMarks(never).lease).toBeUndefined();
  expect(dueEntries(never, new Date(t0.getTime() + 600 * minute), leaseMs)).toEqual([]);
});
