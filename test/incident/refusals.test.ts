import { verifyAudit } from '../../src/incident/audit';
import { describeRejection } from '../../src/incident/rejections';
import { decide } from '../../src/incident/decide';
import { dueReminders } from '../../src/incident/reminders';
import { commandVerb, isRefusal, outsideRefusal, rateLimitRefusal, recordRefusal, refusalBound, rejectionRefusal } from '../../src/incident/refusals';
import type { Incident } from '../../src/incident/types';
import { actors, cmd, envFor, finishPhase, incidentAt, intakeValues, makeIncident, seedRunbook, t0 } from '../helpers/incident-builders';

// Refusals in the audit: one entry, version unchanged, chain intact, and a bound per person and per incident per hour.

const at = (i: Incident, minutes = 1) => new Date(Date.parse(i.audit[i.audit.length - 1].at) + minutes * 60_000);

/** Records `n` refusals by `actor`, one a second from `start`; returns the incident and how many were kept. */
function flood(incident: Incident, actor: { id: string; name: string }, n: number, start: Date): { incident: Incident; kept: number } {
  let current = incident;
  let kept = 0;
  for (let k = 0; k < n; k++) {
    const next = recordRefusal(current, actor, outsideRefusal('tick'), new Date(start.getTime() + k * 1000));
    if (next) {
      current = next;
      kept++;
    }
  }
  return { incident: current, kept };
}

describe('recordRefusal', () => {
  test('appends one entry saying who was refused what and why; version, phase and every other field stay', () => {
    const triage = incidentAt('triage');
    const when = at(triage);
    const refused = recordRefusal(triage, actors.outsider, { verb: 'approve', reason: 'not an approver' }, when)!;
    const { audit, ...rest } = refused;
    const { audit: before, ...restBefore } = triage;
    expect(rest).toEqual(restBefore);
    expect(audit.slice(0, -1)).toEqual(before);
    expect(audit.at(-1)).toMatchObject({ seq: before.length + 1, at: when.toISOString(), actor: actors.outsider, what: 'refused: approve — not an approver' });
    expect(audit.at(-1)).not.toHaveProperty('detail');
    expect(verifyAudit(audit)).toEqual({ ok: true, entries: audit.length });
    expect(isRefusal(audit.at(-1)!)).toBe(true);
    expect(before.some(isRefusal)).toBe(false);
  });

  test('a refused click leaves a card made before it current: a version-strict command on that version is accepted', () => {
    const intake = incidentAt('intake');
    const refused = recordRefusal(intake, actors.outsider, outsideRefusal('submit the intake'), at(intake))!;
    const submit = cmd('submitIntake', { values: intakeValues(seedRunbook()) }, { version: intake.version });
    const decision = decide(refused, submit, envFor(refused));
    expect(decision).toMatchObject({ ok: true, duplicate: false });
    expect(decision.incident.version).toBe(intake.version + 1);
    expect(verifyAudit(decision.incident.audit).ok).toBe(true);
  });

  test(`at most ${refusalBound.perActorPerHour} entries per person per incident in an hour; the next hour has room again`, () => {
    const triage = incidentAt('triage');
    const start = at(triage);
    const first = flood(triage, actors.outsider, 50, start);
    expect(first.kept).toBe(refusalBound.perActorPerHour);
    expect(first.incident.audit.filter(isRefusal)).toHaveLength(refusalBound.perActorPerHour);
    // Someone else is still heard.
    const other = recordRefusal(first.incident, actors.staff2, outsideRefusal('tick'), new Date(start.getTime() + 60_000));
    expect(other?.audit.at(-1)).toMatchObject({ actor: actors.staff2 });
    const later = flood(first.incident, actors.outsider, 50, new Date(start.getTime() + 61 * 60_000));
    expect(later.kept).toBe(refusalBound.perActorPerHour);
    expect(verifyAudit(later.incident.audit).ok).toBe(true);
  });

  test(`at most ${refusalBound.perIncidentPerHour} entries per incident in an hour, however many people refuse`, () => {
    let incident = incidentAt('triage');
    const start = at(incident);
    let kept = 0;
    for (let p = 0; p < 30; p++) {
      const r = flood(incident, { id: `a9000000-0000-4000-8000-${String(p).padStart(12, '0')}`, name: `Person ${p}` }, 10, start);
      incident = r.incident;
      kept += r.kept;
    }
    expect(kept).toBe(refusalBound.perIncidentPerHour);
    expect(incident.audit.filter(isRefusal)).toHaveLength(refusalBound.perIncidentPerHour);
  });

  test('verb, reason and detail are bounded in length', () => {
    const triage = incidentAt('triage');
    const refused = recordRefusal(triage, actors.staff, { verb: 'v'.repeat(500), reason: 'r'.repeat(500), detail: 'd'.repeat(5000) }, at(triage))!;
    const entry = refused.audit.at(-1)!;
    expect(entry.what.length).toBeLessThanOrEqual('refused: '.length + 60 + 3 + 80);
    expect(entry.detail).toHaveLength(200);
  });
});

describe('refusals in words for the audit', () => {
  test('commands as verbs', () => {
    expect(commandVerb({ type: 'decideApproval', approvalId: 'A1', decision: 'reject' })).toBe('reject');
    expect(commandVerb({ type: 'tick', list: 'checklist', itemId: 'x', done: false })).toBe('untick');
    expect(commandVerb({ type: 'addNote', text: 'x' })).toBe('add a note');
    expect(commandVerb({ type: 'submitIntake', values: {} })).toBe('submit the intake');
  });

  test('rejections keep specifics, never the refused input', () => {
    expect(rejectionRefusal('continue', { code: 'stale', currentVersion: 7 })).toEqual({
      verb: 'continue',
      reason: 'stale card',
      detail: 'incident at version 7',
    });
    expect(rejectionRefusal('approve', { code: 'self-approval' })).toEqual({ verb: 'approve', reason: 'own request' });
    expect(rejectionRefusal('tick', { code: 'unknown-item', what: 'checklist item', id: '$(Remove-Item C:\\)' })).toEqual({
      verb: 'tick',
      reason: 'unknown checklist item',
    });
    expect(rejectionRefusal('approve', { code: 'already-decided', approvalId: 'A1', status: 'approved', by: 'Alex Approver' })).toMatchObject({
      reason: 'already decided',
      detail: 'approved by Alex Approver',
    });
    expect(rejectionRefusal('close', { code: 'not-open', phase: 'cancelled' }).reason).toBe('incident cancelled');
    expect(outsideRefusal('view')).toEqual({ verb: 'view', reason: 'outside the incident conversation' });
    expect(rateLimitRefusal('tick', 12)).toEqual({ verb: 'tick', reason: 'rate limit', detail: 'retry after 12 s' });
  });

  test("an intake refused over card inputs the runbook does not have names the runbook's fields only and counts the others", () => {
    const built = incidentAt('intake');
    const smuggled = intakeValues(seedRunbook(), { '<img src=x onerror=alert(1)>': 'x', 'Remove-Item C:\\': 'y', sender: 'bob@' });
    const decided = decide(built, cmd('submitIntake', { values: smuggled }), envFor(built));
    if (decided.ok) throw new Error('accepted');
    const refusal = rejectionRefusal('submit the intake', decided.rejection);
    expect(refusal).toEqual({ verb: 'submit the intake', reason: 'invalid input', detail: 'sender, 2 unknown fields' });
    // The person still reads which inputs were not known (escaped on the card).
    expect(describeRejection(decided.rejection)).toContain('There is no intake field "<img src=x onerror=alert(1)>" in this runbook.');
  });
});

describe('reminders read changes, not refusals', () => {
  const settings = { approvalRemindMinutes: 30, idleRemindMinutes: 60, sev1ResponseMinutes: 10 };

  test('refused clicks do not keep an incident from being idle', () => {
    const triage = finishPhase(makeIncident({ now: t0 }));
    const lastChange = Date.parse(triage.audit.at(-1)!.at);
    const refused = flood(triage, actors.outsider, 5, new Date(lastChange + 50 * 60_000)).incident;
    const due = dueReminders(refused, incidentRunbook(refused), new Date(lastChange + 61 * 60_000), settings).map((r) => r.id);
    expect(due).toContain(`idle:${triage.audit.length}`);
  });

  test("the owner's refused click after an escalation is not a response", () => {
    const triage = finishPhase(makeIncident({ now: t0 }), { intake: { scope: 'tenant' } });
    expect(triage.escalated).toBeDefined();
    const escalatedAt = Date.parse(triage.escalated!.at);
    const refused = recordRefusal(triage, triage.owner, { verb: 'continue', reason: 'stale card' }, new Date(escalatedAt + 60_000))!;
    const due = dueReminders(refused, incidentRunbook(refused), new Date(escalatedAt + 11 * 60_000), settings).map((r) => r.id);
    expect(due).toContain('sev1-response');
  });
});

function incidentRunbook(i: Incident) {
  return envFor(i).runbook;
}

describe('bounds that cannot be used to hide or grow', () => {
  test('harmless refusals cannot use up the room for an approval refusal: a self-approval after ten of them is recorded', () => {
    const triage = incidentAt('triage');
    const { incident } = flood(triage, actors.staff, refusalBound.perActorPerHour, at(triage));
    const selfApproval = recordRefusal(incident, actors.staff, rejectionRefusal('approve', { code: 'self-approval' }), at(incident));
    expect(selfApproval?.audit.at(-1)).toMatchObject({ actor: actors.staff, what: 'refused: approve — own request' });
  });

  test(`a record holds at most ${refusalBound.perIncident} refusal entries in its life, the last one saying so`, () => {
    let incident = incidentAt('closed');
    const people = Array.from({ length: 40 }, (_, i) => ({ id: `outsider-${i}`, name: `Outsider ${i}` }));
    for (let hour = 0; hour < 10; hour++) {
      for (const person of people) incident = flood(incident, person, 12, new Date(t0.getTime() + (hour + 48) * 3_600_000)).incident;
    }
    const refusals = incident.audit.filter(isRefusal);
    expect(refusals).toHaveLength(refusalBound.perIncident);
    expect(refusals.at(-1)!.detail).toContain(`the last refusal recorded here (${refusalBound.perIncident}); later ones are logged only`);
    expect(verifyAudit(incident.audit).ok).toBe(true);
  });

  test('an invalid-input refusal keeps field ids, never the words that may quote what was sent', () => {
    const secret = 'https://contoso.example/ev?sig=SECRET-TOKEN';
    const named = rejectionRefusal('add evidence', { code: 'invalid-input', problems: [{ fieldId: 'evidenceUrl', message: `${secret} is not a link` }] });
    expect(named).toEqual({ verb: 'add evidence', reason: 'invalid input', detail: 'evidenceUrl' });
    const unnamed = rejectionRefusal('add evidence', { code: 'invalid-input', problems: [{ message: `${secret} is not a link` }, { message: 'x' }] });
    expect(unnamed).toEqual({ verb: 'add evidence', reason: 'invalid input', detail: '2 problems' });
  });
});
