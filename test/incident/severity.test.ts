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

describe('gradeSeverity (second runbook, imported: one yes/no question per criterion)', () => {
  it('grades from the answers to its own questions, in its own words', () => {
    const rb = runbookById(secondRunbookId);
    const [sev1, sev2] = rb.severity.levels.map((l) => l.when[0].field);
    const none = { [sev1]: 'no', [sev2]: 'no' };
    expect(gradeSeverity(rb, { ...none, [sev2]: 'yes' })).toEqual({ id: 'sev2', label: 'Sev 2', reasons: ['A department, workload, or high-priority user is impaired with a workaround: yes'] });
    expect(gradeSeverity(rb, { ...none, [sev1]: 'yes', [sev2]: 'yes' }).id).toBe('sev1');
    expect(gradeSeverity(rb, none)).toEqual({ id: 'sev3', label: 'Sev 3', reasons: ["None of the guide's Sev 1 or Sev 2 criteria hold."] });
  });
});
