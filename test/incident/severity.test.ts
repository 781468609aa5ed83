import { gradeSeverity, severityEscalates } from '../../src/incident/severity';
import { runbookById, secondRunbookId, seedRunbook } from '../helpers/incident-builders';

// Severity from the runbook's guide: the first level with a matching intake answer wins; else the fallback.

const base = { scope: 'single-user', regulatedData: 'no', highPriorityUser: 'no' };

describe('gradeSeverity (seed runbook)', () => {
  it.each([
    [{ scope: 'tenant' }, 'sev1', ['Affected scope: Tenant-wide (all mail flow)']],
    [{ regulatedData: 'yes' }, 'sev1', ['Is regulated data or security mail blocked?: yes']],
    [{ scope: 'tenant', highPriorityUser: 'yes' }, 'sev1', ['Affected scope: Tenant-wide (all mail flow)']],
    [{ scope: 'department' }, 'sev2', ['Affected scope: A department or location']],
    [{ scope: 'workload' }, 'sev2', ['Affected scope: A workload, domain, connector or application relay']],
    [{ highPriorityUser: 'yes' }, 'sev2', ['Is a high-priority user impaired (with a workaround)?: yes']],
    [{ scope: 'department', highPriorityUser: 'yes' }, 'sev2', ['Affected scope: A department or location', 'Is a high-priority user impaired (with a workaround)?: yes']],
    [{ scope: 'several-users' }, 'sev3', ["Below the guide's Sev 2 criteria (single users, no department or workload impaired)."]],
    [{}, 'sev3', ["Below the guide's Sev 2 criteria (single users, no department or workload impaired)."]],
  ])('%j -> %s', (answers, id, reasons) => {
    const severity = gradeSeverity(seedRunbook(), { ...base, ...answers });
    expect(severity).toEqual({ id, label: `Sev ${id.slice(-1)}`, reasons });
  });

  it('grades the fallback when no answer is known yet', () => {
    expect(gradeSeverity(seedRunbook(), {}).id).toBe('sev3');
  });
});

describe('severityEscalates', () => {
  it('only Sev 1 escalates at once', () => {
    expect(severityEscalates(seedRunbook(), 'sev1')).toBe(true);
    expect(severityEscalates(seedRunbook(), 'sev2')).toBe(false);
    expect(severityEscalates(seedRunbook(), 'sev3')).toBe(false);
    expect(severityEscalates(seedRunbook(), 'nope')).toBe(false);
  });
});

describe('gradeSeverity (second runbook)', () => {
  it('uses that runbook\'s own choice titles', () => {
    const rb = runbookById(secondRunbookId);
    expect(gradeSeverity(rb, { ...base, scope: 'workload' }).reasons).toEqual(['Affected scope: A workload, site, domain, connector or application path']);
    expect(gradeSeverity(rb, { ...base, regulatedData: 'yes' }).id).toBe('sev1');
    expect(gradeSeverity(rb, base).reasons).toEqual(["Below the guide's Sev 2 criteria."]);
  });
});
