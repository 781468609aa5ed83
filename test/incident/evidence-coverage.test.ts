import { intakeCoverage } from '../../src/incident/evidence-coverage';
import { incidentAt, runbookById, secondRunbookId, seedRunbook } from '../helpers/incident-builders';

// Issue 14 item 11.11: an evidence item the intake already answered counts as covered, for any runbook of the series.

const labels = (c: ReturnType<typeof intakeCoverage>) => c.fields.map((f) => f.label);

describe('intakeCoverage', () => {
  it('seed runbook: "User, device, service, … exact error text" is covered by the device and error answers', () => {
    const rb = seedRunbook();
    const incident = incidentAt('evidence');
    const context = rb.evidence.find((e) => e.id === 'context')!;
    expect(intakeCoverage(rb, incident, context)).toMatchObject({ covered: true });
    expect(labels(intakeCoverage(rb, incident, context))).toEqual(['NDR or exact error text', 'Device or service identifiers']);
    // The other items ask for what the intake does not capture (traces, before/after, approvals).
    for (const item of rb.evidence.filter((e) => e.id !== 'context')) expect(intakeCoverage(rb, incident, item)).toEqual({ fields: [], covered: false });
  });

  it('counts only answered fields, and one named part of a long item is not enough', () => {
    const rb = seedRunbook();
    const base = incidentAt('evidence');
    const context = rb.evidence.find((e) => e.id === 'context')!;
    const onlyError = { ...base, intake: { ...base.intake, deviceOrService: '' } };
    expect(intakeCoverage(rb, onlyError, context)).toEqual({ fields: [rb.intake.find((f) => f.id === 'ndrText')], covered: false });
  });

  it('second runbook: its own labels ("Exact error text", "Device/service identifiers", "User") cover its context item, and "Site URL" alone does not cover before/after', () => {
    const rb = runbookById(secondRunbookId);
    const incident = incidentAt('evidence', { runbookId: secondRunbookId });
    const [context, , beforeAfter] = rb.evidence;
    expect(intakeCoverage(rb, incident, context).covered).toBe(true);
    expect(labels(intakeCoverage(rb, incident, context))).toEqual(['Exact error text', 'Device/service identifiers', 'Sharing user', 'User']);
    expect(intakeCoverage(rb, incident, beforeAfter)).toMatchObject({ covered: false });
  });
});
