import { gradeSeverity, severityEscalates, severityInWords } from '../../src/incident/severity';
import { runbookById, secondRunbookId, seedRunbook } from '../helpers/incident-builders';

// Severity from the runbook's guide: the first level with a matching intake answer wins; else the fallback.

const base = { scope: 'single-user', regulatedData: 'no', highPriorityUser: 'no' };
const none =
  "none of the guide's Sev 1 or Sev 2 criteria hold (nothing tenant-wide or regulated is blocked; no department, workload or high-priority user is impaired).";

describe('gradeSeverity (seed runbook)', () => {
  it.each([
    [{ scope: 'tenant' }, 'sev1', ['affected scope: tenant-wide (all mail flow)']],
    [{ regulatedData: 'yes' }, 'sev1', ['Is regulated data or security mail blocked? Yes']],
    [{ scope: 'tenant', highPriorityUser: 'yes' }, 'sev1', ['affected scope: tenant-wide (all mail flow)']],
    [{ scope: 'department' }, 'sev2', ['affected scope: a department or location']],
    [{ scope: 'workload' }, 'sev2', ['affected scope: a workload, domain, connector or application relay']],
    [{ highPriorityUser: 'yes' }, 'sev2', ['Is a high-priority user impaired (with a workaround)? Yes']],
    [
      { scope: 'department', highPriorityUser: 'yes' },
      'sev2',
      ['affected scope: a department or location', 'Is a high-priority user impaired (with a workaround)? Yes'],
    ],
    // Issue 14 item 11.2: "Several users" is below the guide's Sev 2 (a department, workload or high-priority user);
    // the reason names the choice and the fallback's criterion, never "single users".
    [{ scope: 'several-users' }, 'sev3', ['affected scope: several users', none]],
    [{}, 'sev3', ['affected scope: one user or mailbox', none]],
  ])('%j -> %s', (answers, id, reasons) => {
    const severity = gradeSeverity(seedRunbook(), { ...base, ...answers });
    expect(severity).toEqual({ id, label: `Sev ${id.slice(-1)}`, reasons });
  });

  it('grades the fallback when no answer is known yet, with only the criterion as reason', () => {
    expect(gradeSeverity(seedRunbook(), {})).toEqual({ id: 'sev3', label: 'Sev 3', reasons: [none] });
  });

  it('says severity and reasons in one natural line', () => {
    expect(severityInWords(gradeSeverity(seedRunbook(), { ...base, scope: 'department' }))).toBe('Sev 2 — affected scope: a department or location');
    expect(severityInWords({ id: 'sev3', label: 'Sev 3', reasons: [] })).toBe('Sev 3');
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
    expect(gradeSeverity(rb, { ...none, [sev2]: 'yes' })).toEqual({
      id: 'sev2',
      label: 'Sev 2',
      reasons: ['a department, workload, or high-priority user is impaired with a workaround'],
    });
    expect(gradeSeverity(rb, { ...none, [sev1]: 'yes', [sev2]: 'yes' }).id).toBe('sev1');
    expect(gradeSeverity(rb, none)).toEqual({ id: 'sev3', label: 'Sev 3', reasons: ["none of the guide's Sev 1 or Sev 2 criteria hold."] });
  });
});
