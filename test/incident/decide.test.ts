import { strictVersionCommands, type Command, type CommandType } from '../../src/incident/commands';
import { decide } from '../../src/incident/decide';
import { describeRejection, phaseName, type Rejection } from '../../src/incident/rejections';
import { phaseOrder } from '../../src/incident/types';
import { accept, actors, cmd, decideOn, drive, envFor, incidentAt, kinds, makeIncident, onCard, refuse, seedRunbook } from '../helpers/incident-builders';

// The contract of decide() itself: idempotency keys, card versions, closed incidents, purity and rejections in words.

describe('decide: idempotency keys', () => {
  it('a repeated key changes nothing and only shows the card again', () => {
    const triage = incidentAt('triage');
    const note = onCard(triage, cmd('addNote', { text: 'Customer called again.' }));
    const first = accept(triage, note).incident;
    const again = decideOn(first, note);
    expect(again).toEqual({ ok: true, incident: first, effects: [{ kind: 'showIncident' }], duplicate: true, queued: [] });
    if (again.ok) expect(again.incident).toBe(first);
  });

  it('a repeated key is a duplicate even after the incident closed, not a "not open" rejection', () => {
    const closed = incidentAt('closed');
    const closeKey = closed.recentKeys[closed.recentKeys.length - 1];
    const decision = decideOn(closed, { ...cmd('close', {}), key: closeKey, version: closed.version - 1 });
    expect(decision).toEqual({ ok: true, incident: closed, effects: [{ kind: 'showIncident' }], duplicate: true, queued: [] });
  });

  it('the key that opened the incident counts as used', () => {
    const fresh = makeIncident();
    expect(decideOn(fresh, cmd('addNote', { text: 'x' }, { key: fresh.recentKeys[0] }))).toMatchObject({ ok: true, duplicate: true });
  });

  it('a rejected command leaves its key unused, so the same click can succeed later', () => {
    const triage = incidentAt('triage');
    const proceed = cmd('continue', {});
    expect(refuse(triage, proceed)).toMatchObject({ code: 'incomplete' });
    const ticked = drive(triage, ...seedRunbook().firstFifteen.map((i) => cmd('tick', { list: 'checklist', itemId: i.id, done: true })));
    expect(accept(ticked, proceed).incident.phase).toBe('decision');
  });

  it('remembers a bounded number of recent keys', () => {
    let incident = incidentAt('triage');
    for (let n = 0; n < 205; n++) incident = decide(incident, cmd('addNote', { text: `n${n}` }), envFor(incident)).incident;
    expect(incident.recentKeys).toHaveLength(200);
    expect(incident.version).toBe(incidentAt('triage').version + 205);
  });
});

describe('decide: card versions', () => {
  const strict = [...strictVersionCommands].sort();

  it('the strict commands are the ones that replace shared state', () => {
    expect(strict).toEqual(['acknowledgeWarnings', 'chooseFinding', 'close', 'continue', 'editSummary', 'handover', 'retrySummaryPost', 'submitIntake']);
  });

  it.each<[CommandType, () => Command]>([
    ['submitIntake', () => cmd('submitIntake', { values: { subject: 'Invoice' } })],
    ['continue', () => cmd('continue', {})],
    ['chooseFinding', () => cmd('chooseFinding', { findingId: 'quarantined' })],
    ['editSummary', () => cmd('editSummary', { fields: { prevention: 'x' } })],
    ['acknowledgeWarnings', () => cmd('acknowledgeWarnings', { warningIds: ['x'] })],
    ['close', () => cmd('close', {})],
  ])('%s on an older card is rejected as stale with the current version (kept for the audit, not shown)', (_type, make) => {
    const incident = incidentAt('triage');
    const r = refuse(incident, { ...make(), version: incident.version - 1 });
    expect(r).toEqual({ code: 'stale', currentVersion: incident.version });
    expect(describeRejection(r)).toBe(
      'This card is out of date: someone changed this incident after this card was shown. Here is the current card; please try again on it.',
    );
    expect(describeRejection(r)).not.toMatch(/version/);
  });

  it.each(['triage', 'remediation', 'summary'] as const)('any command claiming a future version is rejected (%s)', (phase) => {
    const incident = incidentAt(phase);
    for (const command of [cmd('addNote', { text: 'x' }), cmd('tick', { list: 'checklist', itemId: 'collect-details', done: true }), cmd('close', {})]) {
      expect(refuse(incident, { ...command, version: incident.version + 1 })).toEqual({
        code: 'bad-version',
        given: incident.version + 1,
        currentVersion: incident.version,
      });
    }
  });

  it('non-strict commands are accepted from an older card', () => {
    const remediation = incidentAt('remediation');
    const old = remediation.version - 3;
    accept(remediation, cmd('addNote', { text: 'from an old card' }, { version: old }));
    accept(remediation, cmd('addEvidence', { kind: 'text', text: 'screenshot described' }, { version: old }));
    const asked = accept(remediation, cmd('requestApproval', { actionId: 'fix-rules-or-connectors', reason: 'rule blocks mail' }, { version: old }));
    expect(kinds(asked.effects)).toEqual(['showIncident', 'requestApproval']);
  });

  it('commands without a version (typed text) are checked against the current state only', () => {
    const triage = incidentAt('triage');
    const ticked = drive(triage, ...seedRunbook().firstFifteen.map((i) => cmd('tick', { list: 'checklist', itemId: i.id, done: true })));
    const proceed = cmd('continue', {});
    expect(proceed.version).toBeUndefined();
    expect(accept(ticked, proceed).incident.phase).toBe('decision');
  });

  describe('ticks on an older card', () => {
    const triage = () => incidentAt('triage');

    it('are accepted when that item has not changed since the card was drawn', () => {
      const start = triage();
      const a = accept(start, onCard(start, cmd('tick', { list: 'checklist', itemId: 'collect-details', done: true }))).incident;
      const b = accept(a, cmd('tick', { list: 'checklist', itemId: 'run-message-trace', done: true }, { version: start.version })).incident;
      expect(b.checklist['run-message-trace']).toMatchObject({ done: true, version: b.version });
      expect(b.checklist['collect-details']).toMatchObject({ done: true, version: a.version });
    });

    it('are rejected as stale when that item changed after the card was drawn', () => {
      const start = triage();
      const a = accept(start, onCard(start, cmd('tick', { list: 'checklist', itemId: 'collect-details', done: true }))).incident;
      const r = refuse(a, cmd('tick', { list: 'checklist', itemId: 'collect-details', done: false }, { version: start.version }));
      expect(r).toEqual({ code: 'stale', currentVersion: a.version });
    });

    it("are accepted on the card that already showed the item's last change", () => {
      const start = triage();
      const a = accept(start, onCard(start, cmd('tick', { list: 'checklist', itemId: 'collect-details', done: true }))).incident;
      const b = accept(a, cmd('addNote', { text: 'x' })).incident;
      const c = accept(b, cmd('tick', { list: 'checklist', itemId: 'collect-details', done: false, note: 'not yet' }, { version: a.version })).incident;
      expect(c.checklist['collect-details']).toMatchObject({ done: false, note: 'not yet', by: actors.staff });
    });
  });
});

describe('decide: closed and cancelled incidents', () => {
  it.each(['closed', 'cancelled'] as const)('a %s incident refuses every change', (phase) => {
    const incident = incidentAt(phase);
    for (const command of [
      cmd('addNote', { text: 'late' }),
      cmd('cancel', { reason: 'again' }),
      cmd('escalate', {}),
      cmd('addEvidence', { kind: 'text', text: 'late' }),
      cmd('handover', { to: actors.staff2 }),
    ]) {
      const r = refuse(incident, command);
      expect(r).toEqual({ code: 'not-open', phase });
      expect(describeRejection(r)).toBe(`This incident is ${phase}; nothing more can be changed.`);
    }
  });

  it('a closed incident still takes the summary post report', () => {
    const closed = incidentAt('closed');
    expect(accept(closed, cmd('recordSummaryPost', { ok: true, where: 'Leads' })).incident.summary.post?.status).toBe('posted');
    expect(refuse(incidentAt('cancelled'), cmd('recordSummaryPost', { ok: true }))).toEqual({ code: 'not-open', phase: 'cancelled' });
  });
});

describe('decide: purity', () => {
  it('never mutates its input and records the actor and time of every change', () => {
    const triage = incidentAt('triage');
    const e = envFor(triage);
    const { incident } = accept(triage, cmd('addNote', { text: 'hello' }, { actor: actors.staff2 }), e);
    expect(incident.audit[incident.audit.length - 1]).toMatchObject({ actor: actors.staff2, at: e.now.toISOString(), what: 'added a note' });
    expect(triage.notes).toEqual([]);
  });

  it('gives the same answer for the same input', () => {
    const triage = incidentAt('triage');
    const command = cmd('tick', { list: 'checklist', itemId: 'collect-details', done: true });
    const e = envFor(triage);
    expect(decide(triage, command, e)).toEqual(decide(triage, command, e));
  });
});

describe('describeRejection', () => {
  const samples: [Rejection, RegExp][] = [
    [
      { code: 'stale', currentVersion: 7 },
      /^This card is out of date: someone changed this incident after this card was shown\. Here is the current card; please try again on it\.$/,
    ],
    [{ code: 'bad-version', given: 9, currentVersion: 7 }, /version 9.*version 7.*Nothing was changed/],
    [{ code: 'wrong-phase', phase: 'triage', action: 'choose a finding' }, /can't choose a finding while the incident is in triage \(first 15 minutes\)/],
    [{ code: 'invalid-input', problems: [{ message: 'Sender is empty.' }, { message: 'Scope is bad.' }] }, /^Sender is empty\. Scope is bad\.$/],
    [{ code: 'unknown-item', what: 'finding', id: 'nope' }, /no finding "nope"/],
    [{ code: 'incomplete', what: 'the checklist', missing: ['a'] }, /Finish the checklist first: "a" is still open/],
    [{ code: 'incomplete', what: 'the checklist', missing: ['a', 'b'] }, /"a", "b" are still open/],
    [{ code: 'needs-evidence', action: 'Fix it' }, /Capture evidence before intrusive remediation.*"Fix it"/],
    [{ code: 'needs-approval', action: 'Fix it' }, /"Fix it" needs an approval first/],
    [{ code: 'awaiting-approval', actions: ['Fix it'] }, /Waiting for an approver's decision on "Fix it"/],
    [{ code: 'not-approver' }, /Only a configured approver/],
    [{ code: 'self-approval' }, /You requested this approval/],
    [{ code: 'already-decided', approvalId: 'A1', status: 'approved', by: 'Alex' }, /already approved by Alex/],
    [{ code: 'unacknowledged-warnings', warnings: ['10.0.0.1'] }, /internal details: "10.0.0.1"/],
    [{ code: 'not-open', phase: 'cancelled' }, /cancelled; nothing more/],
    [{ code: 'diagnostics-unavailable' }, /Live checks are not set up/],
    [{ code: 'diagnostics-running', sinceSeconds: 12 }, /still running \(started 12 s ago\)/],
    [{ code: 'diagnostics-superseded', requestId: 'check-3' }, /\(check-3\) were replaced by a newer check/],
  ];

  it.each(samples)('%j in words', (rejection, words) => {
    expect(describeRejection(rejection)).toMatch(words);
  });

  it('covers every rejection code', () => {
    // A Record over the union: adding a rejection code without a sample fails to compile here.
    const every: Record<Rejection['code'], true> = {
      stale: true,
      'bad-version': true,
      'wrong-phase': true,
      'invalid-input': true,
      'unknown-item': true,
      incomplete: true,
      'needs-evidence': true,
      'needs-approval': true,
      'awaiting-approval': true,
      'not-approver': true,
      'self-approval': true,
      'already-decided': true,
      'unacknowledged-warnings': true,
      'not-open': true,
      'diagnostics-unavailable': true,
      'diagnostics-running': true,
      'diagnostics-superseded': true,
    };
    expect(new Set(samples.map(([r]) => r.code))).toEqual(new Set(Object.keys(every)));
  });

  it('names every phase', () => {
    for (const phase of [...phaseOrder, 'cancelled' as const]) expect(phaseName(phase)).toContain(phase);
  });
});
