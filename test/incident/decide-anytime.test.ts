import { describeRejection } from '../../src/incident/rejections';
import { accept, actors, cmd, drive, envFor, incidentAt, openPhases, refuse } from '../helpers/incident-builders';

// Cancel, escalate, hand over and add a note: possible in every open phase, and none of them moves the guided path.

describe.each(openPhases)('in %s', (phase) => {
  const incident = () => incidentAt(phase);

  it('cancel ends the incident with the reason', () => {
    const e = envFor(incident());
    const { incident: cancelled, effects } = accept(incident(), cmd('cancel', { reason: ' Duplicate of INC-20261124-002 ' }, { actor: actors.staff2 }), e);
    expect(cancelled.phase).toBe('cancelled');
    expect(cancelled.cancelled).toEqual({ at: e.now.toISOString(), by: actors.staff2, reason: 'Duplicate of INC-20261124-002' });
    expect(effects).toEqual([{ kind: 'showIncident' }]);
  });

  it('a note is kept with who and when, and the phase stays', () => {
    const { incident: noted, effects } = accept(incident(), cmd('addNote', { text: ' Customer called back. ' }));
    expect(noted.notes[noted.notes.length - 1]).toEqual({ at: expect.any(String), by: actors.staff, text: 'Customer called back.' });
    expect(noted.phase).toBe(phase);
    expect(effects).toEqual([{ kind: 'showIncident' }]);
  });

  it('hand over changes the owner and says so in the conversation', () => {
    const { incident: handed, effects } = accept(incident(), cmd('handover', { to: actors.staff2 }));
    expect(handed.owner).toEqual(actors.staff2);
    expect(handed.phase).toBe(phase);
    expect(effects).toEqual([{ kind: 'showIncident' }, { kind: 'notify', text: `Sam Staff handed ${handed.id} over to Riley Responder.` }]);
    expect(handed.audit[handed.audit.length - 1]).toMatchObject({ what: 'handed over to Riley Responder', detail: 'from Sam Staff' });
  });

  it('escalate raises to Sev 1 and posts to the leads at once', () => {
    const { incident: up, effects } = accept(incident(), cmd('escalate', { reason: 'VIP mailbox down' }));
    expect(up.severity).toEqual({ id: 'sev1', label: 'Sev 1', reasons: ['VIP mailbox down'] });
    expect(up.escalated).toMatchObject({ by: actors.staff, reason: 'VIP mailbox down' });
    expect(up.phase).toBe(phase);
    expect(effects).toEqual([{ kind: 'showIncident' }, { kind: 'postEscalation', reason: 'VIP mailbox down' }]);
  });
});

describe('cancel', () => {
  it('needs a reason, and says so plainly', () => {
    const r = refuse(incidentAt('triage'), cmd('cancel', { reason: '  ' }));
    expect(describeRejection(r)).toBe('Say why the incident is cancelled, e.g. "cancel duplicate of INC-20261124-002".');
  });

  it('names the limit when the reason is too long', () => {
    const r = refuse(incidentAt('triage'), cmd('cancel', { reason: 'x'.repeat(501) }));
    expect(describeRejection(r)).toBe('The reason for cancelling is too long (501 characters, at most 500).');
  });
});

describe('escalate', () => {
  it('gives a default reason naming who escalated', () => {
    const { incident, effects } = accept(incidentAt('decision'), cmd('escalate', {}, { actor: actors.staff2 }));
    expect(effects).toEqual([{ kind: 'showIncident' }, { kind: 'postEscalation', reason: 'Escalated by Riley Responder' }]);
    expect(incident.severity?.reasons).toEqual(['Escalated by Riley Responder']);
  });

  it('drops the reasons of the lower level it came from ("below Sev 2" would contradict Sev 1)', () => {
    const sev3 = incidentAt('triage');
    expect(sev3.severity?.id).toBe('sev3');
    expect(accept(sev3, cmd('escalate', { reason: 'Spreading' })).incident.severity?.reasons).toEqual(['Spreading']);
  });

  it('happens once: a second escalation, or one after a Sev 1 intake, is refused', () => {
    const once = drive(incidentAt('triage'), cmd('escalate', { reason: 'VIP' }));
    expect(describeRejection(refuse(once, cmd('escalate', {})))).toMatch(/^Already escalated by Sam Staff at /);
    expect(refuse(incidentAt('triage', { intake: { scope: 'tenant' } }), cmd('escalate', {}))).toMatchObject({ code: 'invalid-input' });
  });

  it('refuses an over-long reason', () => {
    expect(refuse(incidentAt('triage'), cmd('escalate', { reason: 'x'.repeat(501) }))).toEqual({
      code: 'invalid-input',
      problems: [{ message: 'The reason for escalating is too long (501 characters, at most 500).' }],
    });
  });
});

describe('handover and notes', () => {
  it('refuses a handover to the current owner', () => {
    expect(describeRejection(refuse(incidentAt('triage'), cmd('handover', { to: actors.staff })))).toBe('Sam Staff already owns this incident.');
  });

  it('refuses an empty or over-long note', () => {
    expect(refuse(incidentAt('triage'), cmd('addNote', { text: '' }))).toEqual({ code: 'invalid-input', problems: [{ message: 'The note is empty.' }] });
    expect(refuse(incidentAt('triage'), cmd('addNote', { text: 'x'.repeat(2001) }))).toMatchObject({ code: 'invalid-input' });
  });
});
