import { describeRejection } from '../../src/incident/rejections';
import { accept, actors, cmd, drive, env, incidentAt, intakeValues, kinds, makeIncident, refuse, seedRunbook } from '../helpers/incident-builders';

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
    expect(incident.severity).toEqual({ id: 'sev2', label: 'Sev 2', reasons: ['affected scope: a department or location'] });
    expect(effects).toEqual([{ kind: 'showIncident' }]);
    expect(incident.escalated).toBeUndefined();
    expect(incident.audit[incident.audit.length - 1]).toMatchObject({ what: 'submitted the intake', detail: 'severity none -> sev2' });
  });

  it('grades the fallback severity for a single user', () => {
    const { incident } = accept(makeIncident(), cmd('submitIntake', { values: form() }));
    expect(incident.severity?.id).toBe('sev3');
    expect(incident.severity?.reasons).toEqual([
      'affected scope: one user or mailbox',
      "none of the guide's Sev 1 or Sev 2 criteria hold (nothing tenant-wide or regulated is blocked; no department, workload or high-priority user is impaired).",
    ]);
  });

  it.each([
    [{ scope: 'tenant' }, 'affected scope: tenant-wide (all mail flow)'],
    [{ regulatedData: 'yes' }, 'Is regulated data or security mail blocked? Yes'],
  ])('escalates at once for Sev 1 (%j) with a postEscalation effect', (answers, reason) => {
    const { incident, effects } = accept(makeIncident(), cmd('submitIntake', { values: form(answers) }));
    expect(incident.severity).toMatchObject({ id: 'sev1', label: 'Sev 1', reasons: [reason] });
    expect(effects).toEqual([{ kind: 'showIncident' }, { kind: 'postEscalation', reason: `Sev 1 — ${reason}` }]);
    expect(incident.escalated).toMatchObject({ by: actors.staff, reason: `Sev 1 — ${reason}` });
  });

  it('gives every reason when several Sev 1 conditions hold', () => {
    const { incident } = accept(makeIncident(), cmd('submitIntake', { values: form({ scope: 'tenant', regulatedData: 'yes' }) }));
    expect(incident.severity?.reasons).toHaveLength(2);
  });

  it('names every missing required field, and counts defaults only when the form sends them', () => {
    const r = refuse(makeIncident(), cmd('submitIntake', { values: { subject: 'Invoice' } }));
    expect(r.code).toBe('invalid-input');
    if (r.code !== 'invalid-input') return;
    expect(r.problems.map((p) => p.fieldId)).toEqual([
      'affectedUsers',
      'scope',
      'startedAt',
      'timeZone',
      'sender',
      'recipient',
      'regulatedData',
      'highPriorityUser',
    ]);
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

  // Issue 14 item 11.12: the card no longer cuts free text at its limit, so the engine must refuse it in words.
  it('refuses an over-long subject in words naming the field, and never stores it cut short', () => {
    const r = refuse(makeIncident(), cmd('submitIntake', { values: form({ subject: 'x'.repeat(612) }) }));
    expect(r).toEqual({
      code: 'invalid-input',
      problems: [{ fieldId: 'subject', message: `Subject is too long: 612 characters, at most 500: "${'x'.repeat(59)}…"` }],
    });
  });

  it('rejects an empty required value sent as whitespace', () => {
    const r = refuse(makeIncident(), cmd('submitIntake', { values: form({ affectedUsers: '   ' }) }));
    expect(r).toEqual({ code: 'invalid-input', problems: [{ fieldId: 'affectedUsers', message: 'Who is affected is required.' }] });
  });
});

describe('submitIntake: a start in the future is refused (issue 14, item 6)', () => {
  const at = (iso: string) => env({ now: new Date(iso) });

  it('refuses a start more than five minutes after now, read in the given time zone, naming the field like a bad time zone', () => {
    // 10:30 in Berlin is 09:30 UTC; it is 09:00 UTC.
    const r = refuse(
      makeIncident(),
      cmd('submitIntake', { values: form({ startedAt: '2026-11-24 10:30', timeZone: 'Europe/Berlin' }) }),
      at('2026-11-24T09:00:00Z'),
    );
    expect(r).toEqual({
      code: 'invalid-input',
      problems: [
        {
          fieldId: 'startedAt',
          message:
            'When it started is in the future (2026-11-24 10:30 Europe/Berlin; it is now 2026-11-24 10:00 Europe/Berlin): check the date, the time and the time zone.',
        },
      ],
    });
    // The same path as a bad time zone: a problem with the field id, so the card flags that input and keeps what was typed.
    const badZone = refuse(makeIncident(), cmd('submitIntake', { values: form({ timeZone: 'Europe/Londn' }) }), at('2026-11-24T09:00:00Z'));
    expect(badZone).toMatchObject({ code: 'invalid-input', problems: [{ fieldId: 'timeZone' }] });
  });

  it('reads an offset typed with the time, and takes a start up to five minutes ahead (clock drift) or in the past', () => {
    const now = at('2026-11-24T09:00:00Z');
    const withOffset = refuse(makeIncident(), cmd('submitIntake', { values: form({ startedAt: '2026-11-24T09:30+00:00', timeZone: 'Europe/Berlin' }) }), now);
    expect(describeRejection(withOffset)).toBe(
      'When it started is in the future (2026-11-24 09:30 UTC+00:00; it is now 2026-11-24 09:00 UTC+00:00): check the date, the time and the time zone.',
    );
    expect(
      accept(makeIncident(), cmd('submitIntake', { values: form({ startedAt: '2026-11-24 10:05', timeZone: 'Europe/Berlin' }) }), now).incident.phase,
    ).toBe('triage');
    expect(accept(makeIncident(), cmd('submitIntake', { values: form({ startedAt: '2026-11-24 09:05', timeZone: 'UTC' }) }), now).incident.phase).toBe(
      'triage',
    );
  });

  it('flags the time zone when a corrected zone alone moves the kept start into the future', () => {
    const triage = incidentAt('triage');
    // Kept start 08:30; at -05:00 that is 13:30 UTC, hours after the clock of the next command.
    const r = refuse(triage, cmd('submitIntake', { values: { timeZone: '-05:00' }, correction: true }));
    expect(r).toMatchObject({
      code: 'invalid-input',
      problems: [{ fieldId: 'timeZone', message: expect.stringMatching(/^When it started is in the future \(2026-11-24 08:30 UTC-05:00; /) }],
    });
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
      problems: [
        {
          fieldId: 'sender',
          message: 'Sender address was answered at intake; change it with "Correct intake", which re-grades the severity and refills the command starters.',
        },
      ],
    });
    const { incident } = accept(triage, cmd('submitIntake', { values: { sender: 'carol@contoso.com' }, correction: true }));
    expect(incident.audit.at(-1)?.what).toBe(
      `corrected the intake: Sender address ${triage.intake.sender} -> carol@contoso.com; command starters refilled: Message trace`,
    );
  });

  it('refuses a correction while an approval is pending: the decision stands on the answers it was asked on', () => {
    const remediation = incidentAt('remediation');
    const action = remediation.finding
      ? seedRunbook()
          .decisions.find((d) => d.id === remediation.finding?.findingId)
          ?.branch.actions.find((a) => seedRunbook().remediation.find((r) => r.id === a)?.approval.required)
      : undefined;
    const pending = drive(
      remediation,
      cmd('addEvidence', { kind: 'text', text: 'before' }),
      cmd('requestApproval', { actionId: action ?? '', reason: 'Needed' }),
    );
    expect(refuse(pending, cmd('submitIntake', { values: { scope: 'tenant' }, correction: true }))).toEqual({ code: 'awaiting-approval', actions: [action] });
    expect(accept(pending, cmd('submitIntake', { values: { messageTraceId: '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0' } })).incident.intake.messageTraceId).toBe(
      '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0',
    );
  });
});
