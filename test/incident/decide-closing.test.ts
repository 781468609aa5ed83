import { describeRejection } from '../../src/incident/rejections';
import type { Incident } from '../../src/incident/types';
import { phaseOrder } from '../../src/incident/types';
import { accept, actors, cmd, drive, envFor, incidentAt, kinds, onCard, refuse, seedRunbook } from '../helpers/incident-builders';

// Evidence, the customer summary and closing: the summary is posted only when complete and checked, and only on close.

const filled = (extra: Record<string, string> = {}) => cmd('editSummary', { fields: { prevention: 'Alert on transport rule changes.', ...extra } });

describe('addEvidence', () => {
  it('adds text, a link and an attachment reference with the item they cover', () => {
    const remediation = incidentAt('remediation');
    const a = accept(remediation, cmd('addEvidence', { kind: 'text', text: '  User saw 550 5.7.1  ', coversItem: 'context' }));
    expect(a.incident.evidence).toEqual([
      { id: 'E1', kind: 'text', text: 'User saw 550 5.7.1', coversItem: 'context', at: expect.any(String), by: actors.staff },
    ]);
    expect(a.effects).toEqual([{ kind: 'showIncident' }]);
    const b = accept(a.incident, cmd('addEvidence', { kind: 'link', text: 'Trace export', url: 'https://contoso.sharepoint.com/ev/trace.csv' }));
    const c = accept(
      b.incident,
      cmd('addEvidence', {
        kind: 'attachment',
        text: 'ndr.png',
        url: 'https://contoso-my.sharepoint.com/ndr.png',
        contentType: 'image/png',
        coversItem: 'logs-and-traces',
      }),
    );
    expect(c.incident.evidence.map((e) => [e.id, e.kind, e.url, e.contentType])).toEqual([
      ['E1', 'text', undefined, undefined],
      ['E2', 'link', 'https://contoso.sharepoint.com/ev/trace.csv', undefined],
      ['E3', 'attachment', 'https://contoso-my.sharepoint.com/ndr.png', 'image/png'],
    ]);
    expect(c.incident.audit[c.incident.audit.length - 1]).toMatchObject({ what: 'added attachment evidence', detail: 'ndr.png' });
  });

  it.each(phaseOrder.filter((p) => p !== 'closed'))('is possible in %s', (phase) => {
    accept(incidentAt(phase), cmd('addEvidence', { kind: 'text', text: 'note' }));
  });

  it('rejects empty text, a link without an https address, and an unknown evidence item, all at once', () => {
    const r = refuse(incidentAt('evidence'), cmd('addEvidence', { kind: 'link', text: ' ', coversItem: 'selfie' }));
    expect(r).toEqual({
      code: 'invalid-input',
      problems: [
        { message: 'The evidence description is empty.' },
        { message: 'A link or attachment needs its address.' },
        { message: 'There is no evidence item "selfie" in this runbook.' },
      ],
    });
    expect(describeRejection(refuse(incidentAt('evidence'), cmd('addEvidence', { kind: 'link', text: 'x', url: 'javascript:alert(1)' })))).toBe(
      'The link must be an https:// address: "javascript:alert(1)"',
    );
  });
});

describe('editSummary', () => {
  it('replaces the given fields, trimmed, and keeps the others', () => {
    const summary = incidentAt('summary');
    const { incident, effects } = accept(summary, cmd('editSummary', { fields: { prevention: '  Monitoring added. ', rootCause: 'A transport rule.' } }));
    expect(incident.summary.fields).toEqual({ ...summary.summary.fields, prevention: 'Monitoring added.', rootCause: 'A transport rule.' });
    expect(effects).toEqual([{ kind: 'showIncident' }]);
    expect(incident.audit[incident.audit.length - 1]).toMatchObject({ what: 'edited the summary', detail: 'prevention, rootCause' });
  });

  it('recomputes internal-detail warnings and drops acknowledgements of warnings that are gone', () => {
    const summary = incidentAt('summary');
    const warned = accept(summary, filled({ rootCause: 'Host 10.0.0.1 relayed via exch01.corp.local' })).incident;
    expect(warned.summary.warnings.map((w) => w.id)).toEqual(['rootCause:ipv4:10.0.0.1', 'rootCause:internal-host:exch01.corp.local']);
    const acked = accept(warned, cmd('acknowledgeWarnings', { warningIds: ['rootCause:ipv4:10.0.0.1', 'rootCause:internal-host:exch01.corp.local'] })).incident;
    const edited = accept(acked, cmd('editSummary', { fields: { rootCause: 'Host 10.0.0.1 relayed mail' } })).incident;
    expect(edited.summary.warnings.map((w) => w.id)).toEqual(['rootCause:ipv4:10.0.0.1']);
    expect(edited.summary.acknowledged).toEqual(['rootCause:ipv4:10.0.0.1']);
  });

  it('rejects an unknown field and an over-long one', () => {
    const summary = incidentAt('summary');
    expect(refuse(summary, cmd('editSummary', { fields: { apology: 'sorry' } }))).toEqual({
      code: 'invalid-input',
      problems: [{ message: 'There is no summary field "apology" in this runbook.' }],
    });
    expect(describeRejection(refuse(summary, cmd('editSummary', { fields: { impact: 'x'.repeat(1501) } })))).toBe(
      'Impact is too long (1501 characters, at most 1500).',
    );
  });

  it.each(['evidence', 'validation'] as const)('is not possible before the summary step (%s)', (phase) => {
    expect(refuse(incidentAt(phase), filled())).toEqual({ code: 'wrong-phase', phase, action: 'edit the summary' });
  });
});

describe('acknowledgeWarnings', () => {
  const warned = () => drive(incidentAt('summary'), filled({ impact: 'Mail from 10.0.0.1 bounced' }));

  it('acknowledges warnings on the summary by id, once each', () => {
    const before = warned();
    const { incident, effects } = accept(before, cmd('acknowledgeWarnings', { warningIds: ['impact:ipv4:10.0.0.1', 'impact:ipv4:10.0.0.1'] }));
    expect(incident.summary.acknowledged).toEqual(['impact:ipv4:10.0.0.1']);
    expect(effects).toEqual([{ kind: 'showIncident' }]);
  });

  it('refuses a warning that is not on the summary, or none at all', () => {
    expect(describeRejection(refuse(warned(), cmd('acknowledgeWarnings', { warningIds: ['impact:ipv4:10.9.9.9'] })))).toBe(
      'That warning is no longer on the summary.',
    );
    expect(describeRejection(refuse(warned(), cmd('acknowledgeWarnings', { warningIds: [] })))).toBe('No warning was selected.');
    expect(refuse(incidentAt('evidence'), cmd('acknowledgeWarnings', { warningIds: ['x'] }))).toMatchObject({ code: 'wrong-phase' });
  });
});

describe('close', () => {
  it('is refused while a summary field is empty, naming the field; nothing is posted', () => {
    const summary = incidentAt('summary');
    expect(summary.summary.fields.prevention).toBe('');
    const r = refuse(summary, cmd('close', {}));
    expect(r).toEqual({ code: 'incomplete', what: 'the summary', missing: ['Prevention'] });
    const blanked = drive(summary, filled({ impact: '   ' }));
    expect(refuse(blanked, cmd('close', {}))).toEqual({ code: 'incomplete', what: 'the summary', missing: ['Impact'] });
  });

  it('is refused while internal-detail warnings are unacknowledged', () => {
    const warned = drive(incidentAt('summary'), filled({ rootCause: 'We ran Get-TransportRule on 10.0.0.1' }));
    const r = refuse(warned, cmd('close', {}));
    expect(r).toEqual({ code: 'unacknowledged-warnings', warnings: ['Get-TransportRule', '10.0.0.1'] });
    const partly = drive(warned, cmd('acknowledgeWarnings', { warningIds: ['rootCause:ipv4:10.0.0.1'] }));
    expect(refuse(partly, cmd('close', {}))).toEqual({ code: 'unacknowledged-warnings', warnings: ['Get-TransportRule'] });
    const all = drive(partly, cmd('acknowledgeWarnings', { warningIds: ['rootCause:powershell:Get-TransportRule'] }));
    expect(accept(all, cmd('close', {})).incident.phase).toBe('closed');
  });

  it('is refused while the validation checklist is incomplete (a guard of its own, not only of the validation step)', () => {
    const summary = drive(incidentAt('summary'), filled());
    const { 'same-path': _gone, ...rest } = summary.validation;
    const unvalidated: Incident = { ...summary, validation: rest };
    expect(refuse(unvalidated, cmd('close', {}))).toEqual({
      code: 'incomplete',
      what: 'the validation checklist',
      missing: ['Validate with the same identity, path, and workload that failed.'],
    });
  });

  it('closes and asks for the summary post, once every guard is met', () => {
    const ready = drive(incidentAt('summary'), filled());
    const e = envFor(ready);
    const { incident, effects } = accept(ready, cmd('close', {}), e);
    expect(incident).toMatchObject({ phase: 'closed', closedAt: e.now.toISOString() });
    expect(effects).toEqual([{ kind: 'showIncident' }, { kind: 'postSummary' }]);
    expect(incident.audit[incident.audit.length - 1].what).toBe('closed the incident and posted the summary');
  });

  it.each(phaseOrder.filter((p) => p !== 'summary' && p !== 'closed'))('is refused in %s', (phase) => {
    expect(refuse(incidentAt(phase), cmd('close', {}))).toMatchObject({ code: 'wrong-phase', phase });
  });

  it('no command before close asks for the summary post', () => {
    const rb = seedRunbook();
    let incident = incidentAt('summary');
    expect(incident.audit.length).toBeGreaterThan(20);
    for (const command of [filled(), cmd('addNote', { text: 'ready' }), cmd('addEvidence', { kind: 'text', text: 'after' })]) {
      const step = accept(incident, command);
      expect(kinds(step.effects)).not.toContain('postSummary');
      incident = step.incident;
    }
    expect(rb.summary.every((f) => incident.summary.fields[f.id])).toBe(true);
  });
});

describe('after close: the summary post', () => {
  it('records a successful post', () => {
    const { incident, effects } = accept(incidentAt('closed'), cmd('recordSummaryPost', { ok: true, where: 'IT Leads > Incidents' }));
    expect(incident.summary.post).toEqual({ status: 'posted', at: expect.any(String), where: 'IT Leads > Incidents' });
    expect(effects).toEqual([{ kind: 'showIncident' }]);
  });

  it('records a failed post, and a retry asks for the post again', () => {
    const failed = accept(incidentAt('closed'), cmd('recordSummaryPost', { ok: false, error: '403 Forbidden' })).incident;
    expect(failed.summary.post).toEqual({ status: 'failed', at: expect.any(String), error: '403 Forbidden' });
    const retry = accept(failed, cmd('retrySummaryPost', {}));
    expect(retry.effects).toEqual([{ kind: 'postSummary' }]);
    expect(retry.incident.audit[retry.incident.audit.length - 1].what).toBe('retried posting the summary');
  });

  it('two Retry clicks on the same card post once: the second is on an old version and refused', () => {
    const failed = accept(incidentAt('closed'), cmd('recordSummaryPost', { ok: false, error: '403 Forbidden' })).incident;
    const first = accept(failed, onCard(failed, cmd('retrySummaryPost', {})));
    expect(first.effects).toEqual([{ kind: 'postSummary' }]);
    expect(refuse(first.incident, onCard(failed, cmd('retrySummaryPost', {})))).toMatchObject({ code: 'stale' });
  });

  it('refuses a retry once posted, and both commands before close', () => {
    const posted = drive(incidentAt('closed'), cmd('recordSummaryPost', { ok: true, where: 'Leads' }));
    expect(describeRejection(refuse(posted, cmd('retrySummaryPost', {})))).toBe('The summary was already posted to Leads.');
    const summary = incidentAt('summary');
    expect(refuse(summary, cmd('recordSummaryPost', { ok: true }))).toMatchObject({ code: 'wrong-phase' });
    expect(refuse(summary, cmd('retrySummaryPost', {}))).toMatchObject({ code: 'wrong-phase' });
  });
});
