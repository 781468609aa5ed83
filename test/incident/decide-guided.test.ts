import { describeRejection } from '../../src/incident/rejections';
import { validationItems } from '../../src/incident/progress';
import type { TickList } from '../../src/incident/commands';
import type { Phase } from '../../src/incident/types';
import { accept, actors, cmd, drive, incidentAt, refuse, seedRunbook } from '../helpers/incident-builders';

// The guided path: ticking lists, recording command results, choosing a finding, and moving on phase by phase.

const tickAll = (list: TickList, ids: string[]) => ids.map((itemId) => cmd('tick', { list, itemId, done: true }));
const checklistIds = () => seedRunbook().firstFifteen.map((i) => i.id);

describe('tick', () => {
  it('ticks an item with a note, recording who, when and at which version', () => {
    const triage = incidentAt('triage');
    const { incident, effects } = accept(
      triage,
      cmd('tick', { list: 'checklist', itemId: 'run-message-trace', done: true, note: 'both directions' }, { actor: actors.staff2 }),
    );
    expect(incident.checklist['run-message-trace']).toEqual({
      done: true,
      by: actors.staff2,
      at: incident.audit[incident.audit.length - 1].at,
      note: 'both directions',
      version: incident.version,
    });
    expect(effects).toEqual([{ kind: 'showIncident' }]);
    expect(incident.audit[incident.audit.length - 1]).toMatchObject({
      what: 'ticked "Run message trace for both sender and recipient."',
      detail: 'both directions',
    });
  });

  it('unticks an item', () => {
    const ticked = drive(incidentAt('triage'), cmd('tick', { list: 'checklist', itemId: 'review-health', done: true }));
    const { incident } = accept(ticked, cmd('tick', { list: 'checklist', itemId: 'review-health', done: false, note: 'health page was stale' }));
    expect(incident.checklist['review-health']).toMatchObject({ done: false, note: 'health page was stale' });
    expect(incident.audit[incident.audit.length - 1].what).toMatch(/^unticked/);
  });

  it.each<[TickList, Phase, string]>([
    ['checklist', 'triage', 'collect-details'],
    ['branch', 'investigation', 'read-ndr-code'],
    ['validation', 'validation', 'same-path'],
  ])('ticks the %s list in %s only', (list, phase, itemId) => {
    accept(incidentAt(phase), cmd('tick', { list, itemId, done: true }));
    for (const other of ['intake', 'decision', 'remediation', 'summary'] as const) {
      const r = refuse(incidentAt(other), cmd('tick', { list, itemId, done: true }));
      expect(r).toMatchObject({ code: 'wrong-phase', phase: other });
    }
  });

  it('rejects an item that is not on the list', () => {
    expect(refuse(incidentAt('triage'), cmd('tick', { list: 'checklist', itemId: 'read-ndr-code', done: true }))).toEqual({
      code: 'unknown-item',
      what: 'checklist item',
      id: 'read-ndr-code',
    });
    // The branch list is the chosen finding's: quarantined steps are not on the NDR branch.
    expect(refuse(incidentAt('investigation'), cmd('tick', { list: 'branch', itemId: 'threat-reason', done: true }))).toMatchObject({ code: 'unknown-item' });
  });

  it('rejects an over-long note', () => {
    const r = refuse(incidentAt('triage'), cmd('tick', { list: 'checklist', itemId: 'collect-details', done: true, note: 'x'.repeat(2001) }));
    expect(describeRejection(r)).toBe('The note is too long (2001 characters, at most 2000).');
  });
});

describe('recordResult', () => {
  it('keeps the output as evidence and takes values it revealed', () => {
    const triage = incidentAt('triage');
    const { incident, effects } = accept(
      triage,
      cmd('recordResult', { starterId: 'message-trace', output: 'Status: Failed', values: { messageTraceId: 'ABCDEF12-3456-7890-ABCD-EF1234567890' } }),
    );
    expect(incident.commandResults).toEqual([{ starterId: 'message-trace', output: 'Status: Failed', at: expect.any(String), by: actors.staff }]);
    expect(incident.evidence).toEqual([{ id: 'E1', kind: 'command-output', text: 'Message trace: Status: Failed', at: expect.any(String), by: actors.staff }]);
    expect(incident.intake.messageTraceId).toBe('abcdef12-3456-7890-abcd-ef1234567890');
    expect(effects).toEqual([{ kind: 'showIncident' }]);
    expect(incident.audit[incident.audit.length - 1]).toMatchObject({ what: 'recorded the result of "Message trace"', detail: 'values: messageTraceId' });
  });

  it('regrades severity when a revealed value is a severity answer', () => {
    const { incident, effects } = accept(
      incidentAt('decision'),
      cmd('recordResult', { starterId: 'message-trace', output: 'All tenant mail queued', values: { scope: 'tenant' } }),
    );
    expect(incident.severity?.id).toBe('sev1');
    expect(effects).toEqual([{ kind: 'showIncident' }, { kind: 'postEscalation', reason: 'Sev 1 — affected scope: tenant-wide (all mail flow)' }]);
    expect(incident.escalated).toBeDefined();
  });

  it.each(['triage', 'decision', 'investigation', 'remediation', 'validation'] as const)('is possible in %s', (phase) => {
    accept(incidentAt(phase), cmd('recordResult', { starterId: 'transport-rules', output: 'no rules' }));
  });

  it.each(['intake', 'evidence', 'summary'] as const)('is not possible in %s', (phase) => {
    expect(refuse(incidentAt(phase), cmd('recordResult', { starterId: 'transport-rules', output: 'x' }))).toEqual({
      code: 'wrong-phase',
      phase,
      action: 'record a command result',
    });
  });

  it('rejects an unknown starter, empty output and bad values', () => {
    const triage = incidentAt('triage');
    expect(refuse(triage, cmd('recordResult', { starterId: 'nope', output: 'x' }))).toEqual({ code: 'unknown-item', what: 'command starter', id: 'nope' });
    expect(refuse(triage, cmd('recordResult', { starterId: 'message-trace', output: '  ' }))).toEqual({
      code: 'invalid-input',
      problems: [{ message: 'The command output is empty.' }],
    });
    const bad = refuse(triage, cmd('recordResult', { starterId: 'message-trace', output: 'ok', values: { messageTraceId: 'not-a-guid' } }));
    expect(bad).toMatchObject({ code: 'invalid-input', problems: [{ fieldId: 'messageTraceId' }] });
  });
});

describe('chooseFinding', () => {
  it('opens the branch of the finding and moves to investigation', () => {
    const decision = incidentAt('decision');
    const { incident, effects } = accept(decision, cmd('chooseFinding', { findingId: 'quarantined' }));
    expect(incident.phase).toBe('investigation');
    expect(incident.finding).toEqual({ findingId: 'quarantined', at: expect.any(String), by: actors.staff });
    expect(effects).toEqual([{ kind: 'showIncident' }]);
  });

  it('analyses the NDR code from the text given with the choice', () => {
    const decision = incidentAt('decision', { intake: { ndrText: '' } });
    expect(decision.intake.ndrText).toBeUndefined();
    const { incident } = accept(decision, cmd('chooseFinding', { findingId: 'failed-with-ndr', ndrText: '550 5.1.1 RESOLVER.ADR.RecipNotFound' }));
    expect(incident.finding?.ndr).toMatchObject({ codes: [{ code: '5.1.1', category: 'recipient' }], suggestedActions: ['correct-dns-records'] });
    expect(incident.audit[incident.audit.length - 1].detail).toBe('NDR codes: 5.1.1');
  });

  it('falls back to the NDR text from intake', () => {
    const { incident } = accept(incidentAt('decision'), cmd('chooseFinding', { findingId: 'failed-with-ndr' }));
    expect(incident.finding?.ndr?.codes.map((c) => c.code)).toEqual(['5.7.1']);
  });

  it('asks for the NDR text when the NDR finding has none', () => {
    const r = refuse(incidentAt('decision', { intake: { ndrText: '' } }), cmd('chooseFinding', { findingId: 'failed-with-ndr' }));
    expect(r).toMatchObject({ code: 'invalid-input', problems: [{ fieldId: 'ndrText' }] });
    expect(describeRejection(r)).toContain('"Failed with NDR" needs the NDR code or text');
  });

  it('rejects an unknown finding, and any choice outside the decision phase', () => {
    expect(refuse(incidentAt('decision'), cmd('chooseFinding', { findingId: 'gremlins' }))).toEqual({ code: 'unknown-item', what: 'finding', id: 'gremlins' });
    expect(refuse(incidentAt('triage'), cmd('chooseFinding', { findingId: 'quarantined' }))).toMatchObject({ code: 'wrong-phase', phase: 'triage' });
    expect(refuse(incidentAt('investigation'), cmd('chooseFinding', { findingId: 'quarantined' }))).toMatchObject({ code: 'wrong-phase' });
  });
});

describe('continue', () => {
  it('is refused in intake, decision and summary: other commands move those on', () => {
    expect(refuse(incidentAt('intake'), cmd('continue', {}))).toMatchObject({ code: 'wrong-phase', phase: 'intake' });
    expect(refuse(incidentAt('decision'), cmd('continue', {}))).toMatchObject({ code: 'wrong-phase', phase: 'decision' });
    expect(refuse(incidentAt('summary'), cmd('continue', {}))).toMatchObject({ code: 'wrong-phase', phase: 'summary' });
  });

  it('leaves triage only with the whole first-15-minutes checklist ticked', () => {
    const triage = drive(incidentAt('triage'), ...tickAll('checklist', checklistIds().slice(0, 3)));
    const r = refuse(triage, cmd('continue', {}));
    expect(r).toEqual({
      code: 'incomplete',
      what: 'the first-15-minutes checklist',
      missing: ['Review service health and protection reports.', 'Separate user mailbox rules from transport pipeline issues.'],
    });
    const ticked = drive(triage, ...tickAll('checklist', checklistIds().slice(3)));
    const { incident, effects } = accept(ticked, cmd('continue', {}));
    expect(incident.phase).toBe('decision');
    expect(effects).toEqual([{ kind: 'showIncident' }]);
  });

  it('does not count an unticked item as done', () => {
    const triage = drive(
      incidentAt('triage'),
      ...tickAll('checklist', checklistIds()),
      cmd('tick', { list: 'checklist', itemId: 'collect-details', done: false }),
    );
    expect(refuse(triage, cmd('continue', {}))).toMatchObject({ code: 'incomplete', missing: [seedRunbook().firstFifteen[0].text] });
  });

  it('leaves investigation only with every step of the branch ticked', () => {
    const investigation = incidentAt('investigation');
    expect(refuse(investigation, cmd('continue', {}))).toMatchObject({ code: 'incomplete', what: 'the investigation steps' });
    const done = drive(investigation, ...tickAll('branch', ['read-ndr-code', 'match-category']));
    expect(accept(done, cmd('continue', {})).incident.phase).toBe('remediation');
  });

  it('leaves validation only with every validation item, including the same-path principle, ticked', () => {
    const validation = incidentAt('validation');
    const ids = validationItems(seedRunbook()).map((i) => i.id);
    expect(ids).toEqual(['test-message', 'trace-delivered', 'change-documented', 'same-path']);
    const almost = drive(validation, ...tickAll('validation', ids.slice(0, 3)));
    expect(refuse(almost, cmd('continue', {}))).toEqual({
      code: 'incomplete',
      what: 'the validation checklist',
      missing: ['Validate with the same identity, path, and workload that failed.'],
    });
    expect(accept(drive(almost, ...tickAll('validation', ['same-path'])), cmd('continue', {})).incident.phase).toBe('evidence');
  });

  it('leaves evidence only with some evidence, and drafts the summary on entering it', () => {
    const evidence = incidentAt('evidence');
    expect(evidence.evidence.length).toBeGreaterThan(0);
    const none = { ...evidence, evidence: [] };
    expect(refuse(none, cmd('continue', {}))).toMatchObject({ code: 'incomplete', what: 'the evidence' });
    expect(evidence.summary.fields).toEqual({});
    const { incident, effects } = accept(evidence, cmd('continue', {}));
    expect(incident.phase).toBe('summary');
    expect(Object.keys(incident.summary.fields)).toEqual(seedRunbook().summary.map((f) => f.id));
    expect(incident.summary.fields.whatHappened).toContain('Exchange Online Mail Flow Failure');
    expect(incident.summary.fields.prevention).toBe('');
    expect(effects).toEqual([{ kind: 'showIncident' }]);
  });

  it('checks the drafted summary for internal details', () => {
    const evidence = incidentAt('evidence', { intake: { affectedUsers: 'alex.wilber@contoso.com' } });
    const { incident } = accept(evidence, cmd('continue', {}));
    expect(incident.summary.warnings).toEqual([
      { id: 'impact:email-address:alex.wilber@contoso.com', field: 'impact', kind: 'email-address', match: 'alex.wilber@contoso.com' },
    ]);
    expect(incident.summary.acknowledged).toEqual([]);
  });
});
