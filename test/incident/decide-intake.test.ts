import { describeRejection } from '../../src/incident/rejections';
import { accept, actors, cmd, drive, incidentAt, intakeValues, kinds, makeIncident, refuse, seedRunbook } from '../helpers/incident-builders';

// submitIntake: the whole form in intake (then triage starts), single fields later; severity graded from the answers.

const form = (overrides: Record<string, string> = {}) => intakeValues(seedRunbook(), overrides);

describe('submitIntake in intake', () => {
  it('takes the whole form, normalises values, grades severity and starts triage', () => {
    const fresh = makeIncident();
    const { incident, effects } = accept(
      fresh,
      cmd('submitIntake', { values: form({ startedAt: '2026-11-24 08:30', scope: 'Department', messageId: 'abc@contoso.com', regulatedData: 'False' }) }),
    );
    expect(incident.phase).toBe('triage');
    expect(incident.triageStartedAt).toBe(incident.audit[incident.audit.length - 1].at);
    expect(incident.intake).toMatchObject({ startedAt: '2026-11-24T08:30', scope: 'department', messageId: '<abc@contoso.com>', regulatedData: 'no' });
    expect(incident.severity).toEqual({ id: 'sev2', label: 'Sev 2', reasons: ['Affected scope: A department or location'] });
    expect(effects).toEqual([{ kind: 'showIncident' }]);
    expect(incident.escalated).toBeUndefined();
    expect(incident.audit[incident.audit.length - 1]).toMatchObject({ what: 'submitted the intake', detail: 'severity none -> sev2' });
  });

  it('grades the fallback severity for a single user', () => {
    const { incident } = accept(makeIncident(), cmd('submitIntake', { values: form() }));
    expect(incident.severity?.id).toBe('sev3');
    expect(incident.severity?.reasons).toEqual([seedRunbook().severity.fallback.criteria]);
  });

  it.each([
    [{ scope: 'tenant' }, 'Affected scope: Tenant-wide (all mail flow)'],
    [{ regulatedData: 'yes' }, 'Is regulated data or security mail blocked?: yes'],
  ])('escalates at once for Sev 1 (%j) with a postEscalation effect', (answers, reason) => {
    const { incident, effects } = accept(makeIncident(), cmd('submitIntake', { values: form(answers) }));
    expect(incident.severity).toMatchObject({ id: 'sev1', label: 'Sev 1', reasons: [reason] });
    expect(effects).toEqual([{ kind: 'showIncident' }, { kind: 'postEscalation', reason: `Sev 1: ${reason}` }]);
    expect(incident.escalated).toMatchObject({ by: actors.staff, reason: `Sev 1: ${reason}` });
  });

  it('gives every reason when several Sev 1 conditions hold', () => {
    const { incident } = accept(makeIncident(), cmd('submitIntake', { values: form({ scope: 'tenant', regulatedData: 'yes' }) }));
    expect(incident.severity?.reasons).toHaveLength(2);
  });

  it('names every missing required field, and counts defaults only when the form sends them', () => {
    const r = refuse(makeIncident(), cmd('submitIntake', { values: { subject: 'Invoice' } }));
    expect(r.code).toBe('invalid-input');
    if (r.code !== 'invalid-input') return;
    expect(r.problems.map((p) => p.fieldId)).toEqual(['affectedUsers', 'scope', 'startedAt', 'timeZone', 'sender', 'recipient', 'regulatedData', 'highPriorityUser']);
    expect(describeRejection(r)).toContain('Sender address is required.');
  });

  it('does not ask for fields known only later (triage stage)', () => {
    const values = form();
    expect(values.messageTraceId).toBeUndefined();
    expect(accept(makeIncident(), cmd('submitIntake', { values })).incident.phase).toBe('triage');
  });

  it('rejects values of the wrong type, each with its field id, and changes nothing', () => {
    const r = refuse(makeIncident(), cmd('submitIntake', { values: form({ sender: 'bob@', startedAt: 'yesterday', scope: 'everyone', bogus: 'x' }) }));
    expect(r.code).toBe('invalid-input');
    if (r.code !== 'invalid-input') return;
    expect(r.problems.map((p) => p.fieldId).sort()).toEqual(['bogus', 'scope', 'sender', 'startedAt']);
    expect(describeRejection(r)).toMatch(/There is no intake field "bogus"/);
    expect(describeRejection(r)).toMatch(/Sender address is not an email address: "bob@"/);
  });

  it('rejects an empty required value sent as whitespace', () => {
    const r = refuse(makeIncident(), cmd('submitIntake', { values: form({ affectedUsers: '   ' }) }));
    expect(r).toEqual({ code: 'invalid-input', problems: [{ fieldId: 'affectedUsers', message: 'Who is affected is required.' }] });
  });
});

describe('submitIntake later (updating single fields)', () => {
  it('updates the given fields without restarting triage', () => {
    const triage = incidentAt('triage');
    const { incident, effects } = accept(triage, cmd('submitIntake', { values: { messageTraceId: '{ABCDEF12-3456-7890-ABCD-EF1234567890}' } }));
    expect(incident.phase).toBe('triage');
    expect(incident.triageStartedAt).toBe(triage.triageStartedAt);
    expect(incident.intake.messageTraceId).toBe('abcdef12-3456-7890-abcd-ef1234567890');
    expect(effects).toEqual([{ kind: 'showIncident' }]);
    expect(incident.audit[incident.audit.length - 1].what).toBe('updated messageTraceId');
  });

  it('rejects an update with no values', () => {
    expect(refuse(incidentAt('decision'), cmd('submitIntake', { values: { subject: '  ' } }))).toEqual({
      code: 'invalid-input',
      problems: [{ message: 'No values were given.' }],
    });
  });

  it('regrades, and escalates once when Sev 1 is newly reached', () => {
    const triage = incidentAt('triage');
    const up = accept(triage, cmd('submitIntake', { values: { scope: 'tenant' }, correction: true }));
    expect(up.incident.severity?.id).toBe('sev1');
    expect(kinds(up.effects)).toEqual(['showIncident', 'postEscalation']);
    expect(up.incident.audit[up.incident.audit.length - 1].detail).toBe('severity sev3 -> sev1');
    const again = accept(up.incident, cmd('submitIntake', { values: { regulatedData: 'yes' }, correction: true }));
    expect(kinds(again.effects)).toEqual(['showIncident']);
  });

  it('never grades an escalated incident below the level it was escalated at', () => {
    const escalated = drive(incidentAt('triage'), cmd('escalate', { reason: 'CEO cannot send mail' }));
    expect(escalated.severity?.id).toBe('sev1');
    const { incident } = accept(escalated, cmd('submitIntake', { values: { subject: 'Board pack' }, correction: true }));
    expect(incident.severity).toEqual(escalated.severity);
  });

  it('lets a corrected answer lower the severity of an incident that was not escalated', () => {
    const sev2 = incidentAt('triage', { intake: { scope: 'department' } });
    expect(accept(sev2, cmd('submitIntake', { values: { scope: 'single-user' }, correction: true })).incident.severity?.id).toBe('sev3');
  });

  it('changes an answer given at intake only as an explicit correction, which says what it changes', () => {
    const triage = incidentAt('triage');
    expect(refuse(triage, cmd('submitIntake', { values: { sender: 'carol@contoso.com' } }))).toEqual({
      code: 'invalid-input',
      problems: [{ fieldId: 'sender', message: 'Sender address was answered at intake; change it with "Correct intake", which re-grades the severity and refills the command starters.' }],
    });
    const { incident } = accept(triage, cmd('submitIntake', { values: { sender: 'carol@contoso.com' }, correction: true }));
    expect(incident.audit.at(-1)?.what).toBe(`corrected the intake: Sender address ${triage.intake.sender} -> carol@contoso.com; command starters refilled: Message trace`);
  });

  it('refuses a correction while an approval is pending: the decision stands on the answers it was asked on', () => {
    const remediation = incidentAt('remediation');
    const action = remediation.finding ? seedRunbook().decisions.find((d) => d.id === remediation.finding?.findingId)?.branch.actions.find((a) => seedRunbook().remediation.find((r) => r.id === a)?.approval.required) : undefined;
    const pending = drive(remediation, cmd('addEvidence', { kind: 'text', text: 'before' }), cmd('requestApproval', { actionId: action ?? '', reason: 'Needed' }));
    expect(refuse(pending, cmd('submitIntake', { values: { scope: 'tenant' }, correction: true }))).toEqual({ code: 'awaiting-approval', actions: [action] });
    expect(accept(pending, cmd('submitIntake', { values: { messageTraceId: '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0' } })).incident.intake.messageTraceId).toBe('0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0');
  });
});
