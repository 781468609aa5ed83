import { describeRejection } from '../../src/incident/rejections';
import type { Incident } from '../../src/incident/types';
import { accept, actors, cmd, drive, envFor, incidentAt, kinds, refuse, seedRunbook } from '../helpers/incident-builders';

// Remediation: approvals for the risky actions (asked by staff, decided once by another, authorized person)
// and marking actions done under the runbook's guards.

const gated = 'fix-rules-or-connectors'; // intrusive, needs approval
const dns = 'correct-dns-records'; // intrusive, no approval
const escalateAction = 'escalate-tenant-wide'; // neither

const ask = (actionId = gated, actor = actors.staff) => cmd('requestApproval', { actionId, reason: '  Rule blocks partner mail  ' }, { actor });
const lastApproval = (i: Incident) => i.approvals[i.approvals.length - 1];
const decideLast =
  (decision: 'approve' | 'reject', actor = actors.approver1, comment?: string) =>
  (i: Incident) =>
    cmd('decideApproval', { approvalId: lastApproval(i).id, decision, ...(comment !== undefined ? { comment } : {}) }, { actor });
const withEvidence = (i: Incident) => drive(i, cmd('recordResult', { starterId: 'transport-rules', output: 'Rule "Block partners" enabled' }));

describe('requestApproval', () => {
  it('opens a pending approval and asks the approvers', () => {
    const remediation = incidentAt('remediation');
    const { incident, effects } = accept(remediation, ask());
    const id = `${remediation.id}-A1`;
    expect(incident.approvals).toEqual([
      { id, actionId: gated, reason: 'Rule blocks partner mail', requestedBy: actors.staff, requestedAt: expect.any(String), status: 'pending' },
    ]);
    expect(incident.actions[gated]).toEqual({ status: 'awaiting-approval', approvalId: id });
    expect(effects).toEqual([{ kind: 'showIncident' }, { kind: 'requestApproval', approvalId: id }]);
    expect(incident.audit[incident.audit.length - 1]).toMatchObject({
      what: expect.stringContaining('requested approval'),
      detail: 'Rule blocks partner mail',
    });
  });

  it('refuses an action that needs no approval, naming it', () => {
    const r = refuse(incidentAt('remediation'), ask(dns));
    expect(describeRejection(r)).toBe('"Correct SPF/DKIM/DMARC or accepted-domain records as needed." does not need an approval; mark it done when finished.');
  });

  it('refuses a second request while one is pending, an unknown action and an empty reason', () => {
    const asked = drive(incidentAt('remediation'), ask());
    expect(refuse(asked, ask())).toEqual({ code: 'awaiting-approval', actions: ['Fix incorrect transport rules or connector settings with change control.'] });
    expect(refuse(asked, ask('reboot-exchange'))).toEqual({ code: 'unknown-item', what: 'remediation action', id: 'reboot-exchange' });
    expect(refuse(asked, cmd('requestApproval', { actionId: 'release-false-positives', reason: ' ' }))).toEqual({
      code: 'invalid-input',
      problems: [{ message: 'The reason for the request is empty.' }],
    });
  });

  it.each(['triage', 'investigation', 'validation'] as const)('is only possible in remediation, not %s', (phase) => {
    expect(refuse(incidentAt(phase), ask())).toEqual({ code: 'wrong-phase', phase, action: 'request an approval' });
  });

  it('may be asked again after a rejection; the rejected request stays as decided', () => {
    const rejected = drive(incidentAt('remediation'), ask(), decideLast('reject', actors.approver1, 'Not during business hours'));
    const { incident, effects } = accept(rejected, ask());
    expect(incident.approvals.map((a) => [a.id.slice(-2), a.status])).toEqual([
      ['A1', 'rejected'],
      ['A2', 'pending'],
    ]);
    expect(incident.approvals[0]).toEqual(rejected.approvals[0]);
    expect(effects).toEqual([{ kind: 'showIncident' }, { kind: 'requestApproval', approvalId: `${incident.id}-A2` }]);
  });

  it('is refused once the action is approved', () => {
    const approved = drive(incidentAt('remediation'), ask(), decideLast('approve'));
    expect(describeRejection(refuse(approved, ask()))).toMatch(/is already approved/);
  });
});

describe('decideApproval', () => {
  const asked = () => drive(incidentAt('remediation'), ask());

  it('an approver approves: the decision, who and when become evidence, and the cards are updated', () => {
    const before = asked();
    const id = lastApproval(before).id;
    const e = envFor(before);
    const { incident, effects } = accept(before, decideLast('approve', actors.approver1, ' CAB-1234 ')(before), e);
    const at = e.now.toISOString();
    expect(lastApproval(incident)).toEqual({ ...lastApproval(before), status: 'approved', decidedBy: actors.approver1, decidedAt: at, comment: 'CAB-1234' });
    expect(incident.actions[gated]).toEqual({ status: 'approved', approvalId: id });
    expect(incident.evidence).toEqual([
      {
        id: 'E1',
        kind: 'approval',
        text: `Approved by Alex Approver at ${at.slice(0, 10)} ${at.slice(11, 16)} UTC: "Fix incorrect transport rules or connector settings with change control." (requested by Sam Staff: Rule blocks partner mail). Comment: CAB-1234`,
        at,
        by: actors.approver1,
        coversItem: 'approval-record',
      },
    ]);
    expect(effects).toEqual([
      { kind: 'updateApproval', approvalId: id },
      { kind: 'showIncident' },
      { kind: 'notify', text: 'Alex Approver approved "Fix incorrect transport rules or connector settings with change control.": CAB-1234' },
    ]);
  });

  it('an approver rejects with a reason; the action can be asked again', () => {
    const before = asked();
    const { incident, effects } = accept(before, decideLast('reject', actors.approver2, 'Use the maintenance window')(before));
    expect(lastApproval(incident)).toMatchObject({ status: 'rejected', decidedBy: actors.approver2, comment: 'Use the maintenance window' });
    expect(incident.actions[gated]).toMatchObject({ status: 'rejected', rejectedReason: 'Use the maintenance window' });
    expect(kinds(effects)).toEqual(['updateApproval', 'showIncident', 'notify']);
  });

  it('a rejection needs a reason', () => {
    const before = asked();
    expect(refuse(before, decideLast('reject', actors.approver1)(before))).toEqual({
      code: 'invalid-input',
      problems: [{ message: 'The reason for the rejection is empty.' }],
    });
  });

  it.each([
    ['an outsider', actors.outsider],
    ['the staff member running the incident', actors.staff2],
  ])('%s is not an approver', (_who, actor) => {
    const before = asked();
    const r = refuse(before, decideLast('approve', actor)(before));
    expect(r).toEqual({ code: 'not-approver' });
    expect(describeRejection(r)).toMatch(/Only a configured approver/);
  });

  it('an approver who asked cannot decide their own request; another approver can', () => {
    const mine = drive(incidentAt('remediation'), ask(gated, actors.approver1));
    expect(refuse(mine, decideLast('approve', actors.approver1)(mine))).toEqual({ code: 'self-approval' });
    expect(accept(mine, decideLast('approve', actors.approver2)(mine)).incident.actions[gated].status).toBe('approved');
  });

  it('approver ids come from the environment', () => {
    const before = asked();
    const only2 = envFor(before, { approverIds: new Set([actors.approver2.id]) });
    expect(refuse(before, decideLast('approve', actors.approver1)(before), only2)).toEqual({ code: 'not-approver' });
  });

  it('is decided once: a second decision, by anyone, is refused and nothing changes', () => {
    const decided = drive(asked(), decideLast('approve', actors.approver1));
    const id = lastApproval(decided).id;
    for (const [decision, actor] of [
      ['reject', actors.approver2],
      ['approve', actors.approver1],
      ['reject', actors.approver1],
    ] as const) {
      const r = refuse(decided, cmd('decideApproval', { approvalId: id, decision, comment: 'changed my mind' }, { actor }));
      expect(r).toEqual({ code: 'already-decided', approvalId: id, status: 'approved', by: 'Alex Approver' });
    }
  });

  it('refuses an unknown approval and an over-long comment', () => {
    const before = asked();
    expect(refuse(before, cmd('decideApproval', { approvalId: 'INC-X-A9', decision: 'approve' }, { actor: actors.approver1 }))).toEqual({
      code: 'unknown-item',
      what: 'approval request',
      id: 'INC-X-A9',
    });
    expect(refuse(before, decideLast('approve', actors.approver1, 'x'.repeat(501))(before))).toMatchObject({ code: 'invalid-input' });
  });
});

describe('markActionDone', () => {
  it('refuses an action that needs approval until it is approved', () => {
    const remediation = withEvidence(incidentAt('remediation'));
    const words =
      '"Fix incorrect transport rules or connector settings with change control." needs an approval first. Request approval and wait for an approver\'s decision.';
    expect(describeRejection(refuse(remediation, cmd('markActionDone', { actionId: gated })))).toBe(words);
    const asked = drive(remediation, ask());
    expect(refuse(asked, cmd('markActionDone', { actionId: gated }))).toMatchObject({ code: 'awaiting-approval' });
    const rejected = drive(asked, decideLast('reject', actors.approver1, 'no'));
    expect(refuse(rejected, cmd('markActionDone', { actionId: gated }))).toMatchObject({ code: 'needs-approval' });
  });

  it('refuses intrusive remediation before any evidence was captured', () => {
    const remediation = incidentAt('remediation');
    expect(remediation.evidence).toEqual([]);
    const r = refuse(remediation, cmd('markActionDone', { actionId: dns }));
    expect(r).toEqual({ code: 'needs-evidence', action: 'Correct SPF/DKIM/DMARC or accepted-domain records as needed.' });
    expect(describeRejection(r)).toMatch(/^Capture evidence before intrusive remediation/);
  });

  it('does not count the approval record as evidence captured before the change', () => {
    const approved = drive(incidentAt('remediation'), ask(), decideLast('approve'));
    expect(approved.evidence.map((e) => e.kind)).toEqual(['approval']);
    expect(refuse(approved, cmd('markActionDone', { actionId: gated }))).toMatchObject({ code: 'needs-evidence' });
    const noted = drive(approved, cmd('addEvidence', { kind: 'text', text: 'Rule "Block partners" before the change' }));
    expect(accept(noted, cmd('markActionDone', { actionId: gated, note: 'Rule "Block partners": enabled -> disabled' })).incident.actions[gated].status).toBe(
      'done',
    );
  });

  it('an approved or intrusive change is done only with its before/after note, the note input named', () => {
    const ready = drive(withEvidence(incidentAt('remediation')), ask(), decideLast('approve'));
    for (const note of [undefined, '   ']) {
      const r = refuse(ready, cmd('markActionDone', { actionId: gated, ...(note === undefined ? {} : { note }) }));
      expect(r).toMatchObject({ code: 'invalid-input', problems: [{ fieldId: `note_${gated}` }] });
      expect(describeRejection(r)).toMatch(/before and after/);
    }
    expect(accept(ready, cmd('markActionDone', { actionId: gated, note: 'connector TLS: off -> required' })).incident.actions[gated].status).toBe('done');
  });

  it('marks an approved action done after evidence, keeping its approval', () => {
    const ready = drive(withEvidence(incidentAt('remediation')), ask(), decideLast('approve'));
    const e = envFor(ready);
    const { incident, effects } = accept(ready, cmd('markActionDone', { actionId: gated, note: 'Rule disabled' }, { actor: actors.staff2 }), e);
    expect(incident.actions[gated]).toEqual({
      status: 'done',
      approvalId: lastApproval(ready).id,
      doneBy: actors.staff2,
      doneAt: e.now.toISOString(),
      note: 'Rule disabled',
    });
    expect(effects).toEqual([{ kind: 'showIncident' }]);
    expect(refuse(incident, cmd('markActionDone', { actionId: gated }))).toMatchObject({ code: 'invalid-input' });
  });

  it('needs neither evidence nor approval for a non-intrusive action', () => {
    const { incident } = accept(incidentAt('remediation'), cmd('markActionDone', { actionId: escalateAction, note: 'before: on; after: off' }));
    expect(incident.actions[escalateAction].status).toBe('done');
  });

  it('applies the evidence guard only when the runbook makes it a guard', () => {
    const rb = seedRunbook();
    const lax = { ...rb, principles: rb.principles.filter((p) => p.guard !== 'evidence-before-intrusive') };
    const remediation = incidentAt('remediation');
    accept(remediation, cmd('markActionDone', { actionId: dns, note: 'before: on; after: off' }), envFor(remediation, { runbook: lax }));
  });

  it('refuses an unknown action and any phase but remediation', () => {
    expect(refuse(incidentAt('remediation'), cmd('markActionDone', { actionId: 'nope' }))).toMatchObject({ code: 'unknown-item', id: 'nope' });
    expect(refuse(incidentAt('validation'), cmd('markActionDone', { actionId: escalateAction }))).toMatchObject({ code: 'wrong-phase', phase: 'validation' });
  });
});

describe('continue from remediation', () => {
  it('waits for pending approvals', () => {
    const asked = drive(incidentAt('remediation'), ask());
    expect(refuse(asked, cmd('continue', {}))).toEqual({
      code: 'awaiting-approval',
      actions: ['Fix incorrect transport rules or connector settings with change control.'],
    });
  });

  it('needs an action done or a reason why none was needed', () => {
    const remediation = incidentAt('remediation');
    expect(describeRejection(refuse(remediation, cmd('continue', {})))).toBe('Mark a remediation action done, or give the reason no action was needed.');
    const { incident } = accept(remediation, cmd('continue', { reason: 'The partner fixed their MX record.' }));
    expect(incident).toMatchObject({ phase: 'validation', noRemediationReason: 'The partner fixed their MX record.' });
    expect(incident.audit[incident.audit.length - 1]).toMatchObject({
      what: 'finished remediation without a runbook action',
      detail: 'The partner fixed their MX record.',
    });
  });

  it('moves on once an action is done', () => {
    const done = drive(incidentAt('remediation'), cmd('markActionDone', { actionId: escalateAction, note: 'before: on; after: off' }));
    const { incident, effects } = accept(done, cmd('continue', {}));
    expect(incident.phase).toBe('validation');
    expect(effects).toEqual([{ kind: 'showIncident' }]);
  });
});
