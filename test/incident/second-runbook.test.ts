import { verifyAudit } from '../../src/incident/audit';
import { validationItems } from '../../src/incident/progress';
import type { Incident } from '../../src/incident/types';
import {
  accept,
  actors,
  cmd,
  envFor,
  intakeValues,
  kinds,
  makeIncident,
  refuse,
  runbookById,
  sampleValue,
  secondRunbookId,
} from '../helpers/incident-builders';

// The engine serves any runbook of the series: Runbook 07 (SharePoint Online external sharing) from open to closed.

const rb = runbookById(secondRunbookId);

describe('SharePoint Online External Sharing Failure through the engine', () => {
  it('has intake fields of several types, approval-gated actions and no NDR findings', () => {
    expect(new Set(rb.intake.map((f) => f.type))).toEqual(new Set(['text', 'url', 'datetime', 'timezone', 'email', 'multiline', 'yes-no']));
    expect(rb.remediation.filter((a) => a.approval.required).length).toBeGreaterThan(1);
    expect(rb.decisions.some((d) => d.ndr)).toBe(false);
  });

  it('runs from open to closed: intake by field type, each phase, an approved action, the summary post', () => {
    let incident: Incident = makeIncident({ runbookId: rb.id, id: 'INC-20261124-070' });
    const [sev1, sev2] = rb.severity.levels.map((l) => l.when[0].field);
    expect(incident.intake).toEqual({ timeZone: 'UTC', [sev1]: 'no', [sev2]: 'no' });
    const step = (command: Parameters<typeof accept>[1], actor = actors.staff) => {
      const r = accept(incident, { ...command, actor, version: incident.version });
      incident = r.incident;
      return r.effects;
    };

    // Intake: a value of the right type for every intake field, a wrong one rejected first.
    const values = intakeValues(rb, { [sev2]: 'yes', errorText: "Your organization's policies don't allow you to share with these users.\nCorrelation: abc" });
    expect(Object.keys(values).sort()).toEqual(
      rb.intake
        .filter((f) => f.stage === 'intake')
        .map((f) => f.id)
        .sort(),
    );
    expect(refuse(incident, cmd('submitIntake', { values: { ...values, guestAddress: 'guest at fabrikam' } }))).toMatchObject({
      code: 'invalid-input',
      problems: [{ fieldId: 'guestAddress' }],
    });
    expect(kinds(step(cmd('submitIntake', { values })))).toEqual(['showIncident']);
    expect(incident).toMatchObject({
      phase: 'triage',
      severity: { id: 'sev2', reasons: ['a department, workload, or high-priority user is impaired with a workaround'] },
    });
    expect(incident.intake.user).toBe(sampleValue(rb.intake.find((f) => f.id === 'user')!));

    // Triage: the first 15 minutes, a command result kept as evidence.
    for (const item of rb.firstFifteen) step(cmd('tick', { list: 'checklist', itemId: item.id, done: true }));
    step(cmd('recordResult', { starterId: 'spo-site', output: 'SharingCapability: Disabled' }));
    expect(incident.evidence.map((e) => e.kind)).toEqual(['command-output']);
    step(cmd('continue', {}));
    expect(incident.phase).toBe('decision');

    // Decision and investigation: the guest domain is blocked.
    step(cmd('chooseFinding', { findingId: 'guest-domain-blocked' }));
    expect(incident).toMatchObject({ phase: 'investigation', finding: { findingId: 'guest-domain-blocked' } });
    expect(incident.finding?.ndr).toBeUndefined();
    for (const s of rb.decisions.find((d) => d.id === 'guest-domain-blocked')!.branch.steps) step(cmd('tick', { list: 'branch', itemId: s.id, done: true }));
    step(cmd('continue', {}));
    expect(incident.phase).toBe('remediation');

    // Remediation: the sharing exception is a policy bypass and needs an approval by someone else.
    const action = 'grant-documented-sharing-exception';
    expect(refuse(incident, cmd('markActionDone', { actionId: action }))).toMatchObject({ code: 'needs-approval' });
    const asked = step(cmd('requestApproval', { actionId: action, reason: 'Partner fabrikam.com needs the sales site this week' }), actors.staff2);
    const approvalId = 'INC-20261124-070-A1';
    expect(asked).toEqual([{ kind: 'showIncident' }, { kind: 'requestApproval', approvalId }]);
    expect(refuse(incident, cmd('continue', {}))).toMatchObject({ code: 'awaiting-approval' });
    expect(refuse(incident, cmd('decideApproval', { approvalId, decision: 'approve' }, { actor: actors.outsider }))).toEqual({ code: 'not-approver' });
    const decided = step(cmd('decideApproval', { approvalId, decision: 'approve', comment: 'Security review SR-88' }), actors.approver2);
    expect(kinds(decided)).toEqual(['updateApproval', 'showIncident', 'notify']);
    expect(incident.evidence[incident.evidence.length - 1]).toMatchObject({ kind: 'approval', coversItem: 'approval-record-any-emergency' });
    step(cmd('markActionDone', { actionId: action, note: 'Exception added for fabrikam.com' }));
    expect(incident.actions[action]).toMatchObject({ status: 'done', approvalId });
    step(cmd('continue', {}));

    // Validation, including the "same path" principle, then evidence.
    expect(incident.phase).toBe('validation');
    for (const v of validationItems(rb)) step(cmd('tick', { list: 'validation', itemId: v.id, done: true }));
    step(cmd('continue', {}));
    step(
      cmd('addEvidence', {
        kind: 'attachment',
        text: 'sharing-settings-after.png',
        url: 'https://contoso.sharepoint.com/ev/after.png',
        coversItem: 'configuration-identity-licensing-endpoint',
      }),
    );
    step(cmd('continue', {}));

    // Summary: drafted on entry, completed by staff, then close posts it.
    expect(incident.phase).toBe('summary');
    expect(incident.summary.fields.whatHappened).toContain('SharePoint Online External Sharing Failure');
    expect(incident.summary.fields.resolution).toMatch(/^Applied: Grant a documented sharing exception/);
    expect(refuse(incident, cmd('close', {}))).toEqual({ code: 'incomplete', what: 'the summary', missing: ['Prevention'] });
    step(cmd('editSummary', { fields: { prevention: 'Partner domains are reviewed quarterly.' } }));
    expect(incident.summary.warnings).toEqual([]);
    expect(step(cmd('close', {}))).toEqual([{ kind: 'showIncident' }, { kind: 'postSummary' }]);
    expect(incident.phase).toBe('closed');

    incident = accept(incident, cmd('recordSummaryPost', { ok: true, where: 'IT Leads' }), envFor(incident)).incident;
    expect(incident.summary.post?.status).toBe('posted');
    expect(verifyAudit(incident.audit)).toEqual({ ok: true, entries: incident.version });
  });

  it('grades Sev 1 and escalates for a tenant-wide failure', () => {
    const sev1 = rb.severity.levels[0].when[0].field;
    const { incident, effects } = accept(makeIncident({ runbookId: rb.id }), cmd('submitIntake', { values: intakeValues(rb, { [sev1]: 'yes' }) }));
    expect(incident.severity?.id).toBe('sev1');
    expect(kinds(effects)).toEqual(['showIncident', 'postEscalation']);
  });
});
