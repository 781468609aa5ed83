import { lifeEvents, phaseStartedAt } from '../../src/telemetry/life-events';
import type { Approval, Incident } from '../../src/incident/types';
import { makeIncident } from '../helpers/incident-builders';

// The incident's figures from one write: what was opened, how long a phase lasted, time to close, approval waits.

const at = '2026-11-24T10:00:00.000Z';
const approval = (status: Approval['status'], decidedAt?: string): Approval => ({
  id: 'ap-1',
  actionId: 'fix',
  reason: 'risky',
  requestedBy: { id: 'u1', name: 'Sam' },
  requestedAt: '2026-11-24T09:45:00.000Z',
  status,
  ...(decidedAt ? { decidedAt } : {}),
});

test('an opened incident counts once, with its runbook only', () => {
  const incident = makeIncident();
  expect(lifeEvents(undefined, incident, at)).toEqual([{ metric: 'incidents.opened', attributes: { runbook: incident.runbookId } }]);
});

test('a phase change measures the phase left from phaseSince', () => {
  const before: Incident = { ...makeIncident(), phase: 'triage', phaseSince: '2026-11-24T09:50:00.000Z' };
  const after: Incident = { ...before, phase: 'decision', phaseSince: at };
  expect(lifeEvents(before, after, at)).toEqual([
    { metric: 'incident.phase.duration', ms: 600_000, attributes: { runbook: before.runbookId, phase: 'triage', next: 'decision' } },
  ]);
});

test('documents older than phaseSince: intake from openedAt, triage from triageStartedAt, later phases not measured', () => {
  const base = makeIncident();
  expect(phaseStartedAt({ ...base, phase: 'intake' })).toBe(base.openedAt);
  expect(phaseStartedAt({ ...base, phase: 'triage', triageStartedAt: '2026-11-24T09:00:00.000Z' })).toBe('2026-11-24T09:00:00.000Z');
  const old: Incident = { ...base, phase: 'remediation', phaseSince: undefined };
  expect(lifeEvents(old, { ...old, phase: 'validation' }, at)).toEqual([]);
});

test('closing and cancelling measure the time since opening, with the severity label and the outcome', () => {
  const before: Incident = { ...makeIncident(), openedAt: '2026-11-24T08:00:00.000Z', phase: 'summary', phaseSince: '2026-11-24T09:59:00.000Z' };
  const closed = lifeEvents(before, { ...before, phase: 'closed' }, at);
  expect(closed).toContainEqual({
    metric: 'incident.time_to_close',
    ms: 7_200_000,
    attributes: { runbook: before.runbookId, severity: before.severity?.label ?? 'not graded', outcome: 'closed' },
  });
  const cancelled = lifeEvents(before, { ...before, phase: 'cancelled' }, at);
  expect(cancelled.find((e) => e.metric === 'incident.time_to_close')?.attributes).toMatchObject({ outcome: 'cancelled' });
});

test('an approval decided in this write measures its wait; one decided earlier or still pending does not', () => {
  const before: Incident = { ...makeIncident(), approvals: [approval('pending')] };
  const after: Incident = { ...before, approvals: [approval('approved', '2026-11-24T09:55:00.000Z')] };
  expect(lifeEvents(before, after, at)).toEqual([
    { metric: 'incident.approval.wait', ms: 600_000, attributes: { runbook: before.runbookId, decision: 'approved' } },
  ]);
  expect(lifeEvents(after, after, at)).toEqual([]);
  expect(lifeEvents(before, before, at)).toEqual([]);
});

test('a clock that went backwards or an unreadable time records nothing rather than a negative figure', () => {
  const before: Incident = { ...makeIncident(), phase: 'triage', phaseSince: '2026-11-24T11:00:00.000Z' };
  expect(lifeEvents(before, { ...before, phase: 'decision' }, at)).toEqual([]);
  const garbled: Incident = { ...before, phaseSince: 'not a time' };
  expect(lifeEvents(garbled, { ...garbled, phase: 'decision' }, at)).toEqual([]);
});
