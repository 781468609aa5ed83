import type { TickList } from '../../src/incident/commands';
import { evidencePack } from '../../src/incident/evidence-pack';
import { isSettled, openItems, validationItems } from '../../src/incident/progress';
import { commandVerb, rejectionRefusal } from '../../src/incident/refusals';
import { describeRejection } from '../../src/incident/rejections';
import { draftSummary } from '../../src/incident/summary-draft';
import type { Incident, Phase } from '../../src/incident/types';
import { accept, actors, cmd, drive, envFor, finishPhase, incidentAt, onCard, refuse, seedRunbook } from '../helpers/incident-builders';

// "Not applicable" on tick-list items: a reason is required, the item counts as settled for the guards, and the
// record says n/a (never done) everywhere it lists the item.

const transport = 'Transport change is documented with before/after evidence.';
const noChange = 'No transport change was made; only a DNS record was fixed';
const na = (list: TickList, itemId: string, note?: string) =>
  cmd('tick', { list, itemId, done: false, notApplicable: true, ...(note !== undefined ? { note } : {}) });
const tickAll = (list: TickList, ids: string[]) => ids.map((itemId) => cmd('tick', { list, itemId, done: true }));
const lastAudit = (incident: Incident) => incident.audit[incident.audit.length - 1];

/** Validation with every item ticked done except change-documented, which is marked not applicable. */
const validatedWithNa = () =>
  drive(incidentAt('validation'), ...tickAll('validation', ['test-message', 'trace-delivered', 'same-path']), na('validation', 'change-documented', noChange));

describe('marking an item not applicable', () => {
  it('keeps n/a with the reason, who, when and version; the audit line names item and reason', () => {
    const { incident, effects } = accept(incidentAt('validation'), na('validation', 'change-documented', noChange));
    expect(incident.validation['change-documented']).toEqual({
      done: false,
      notApplicable: true,
      note: noChange,
      by: actors.staff,
      at: lastAudit(incident).at,
      version: incident.version,
    });
    expect(effects).toEqual([{ kind: 'showIncident' }]);
    expect(lastAudit(incident).what).toBe(`marked "${transport}" not applicable: ${noChange}`);
    expect(lastAudit(incident).detail).toBeUndefined();
  });

  it.each<[TickList, Phase, string]>([
    ['checklist', 'triage', 'check-pipeline'],
    ['branch', 'investigation', 'match-category'],
    ['validation', 'validation', 'change-documented'],
  ])('works on the %s list in %s only', (list, phase, itemId) => {
    const key = ({ checklist: 'checklist', branch: 'branchSteps', validation: 'validation' } as const)[list];
    expect(accept(incidentAt(phase), na(list, itemId, 'Does not apply here')).incident[key][itemId]).toMatchObject({
      notApplicable: true,
      note: 'Does not apply here',
    });
    expect(refuse(incidentAt('remediation'), na(list, itemId, 'Does not apply here'))).toMatchObject({ code: 'wrong-phase', phase: 'remediation' });
  });

  it.each([
    ['no reason', undefined],
    ['an empty reason', ''],
    ['a blank reason', '  \n '],
  ])('refuses %s in words and changes nothing', (_name, note) => {
    const r = refuse(incidentAt('validation'), na('validation', 'change-documented', note));
    expect(r).toEqual({
      code: 'invalid-input',
      problems: [{ fieldId: 'note', message: `Say why "${transport}" does not apply: a reason is needed to mark it not applicable.` }],
    });
    expect(describeRejection(r)).toBe(`Say why "${transport}" does not apply: a reason is needed to mark it not applicable.`);
    expect(rejectionRefusal(commandVerb(na('validation', 'change-documented')), r)).toEqual({
      verb: 'mark not applicable',
      reason: 'invalid input',
      detail: 'note',
    });
  });

  it('refuses an over-long reason, and done together with not applicable', () => {
    expect(describeRejection(refuse(incidentAt('validation'), na('validation', 'change-documented', 'x'.repeat(2001))))).toBe(
      'The reason is too long (2001 characters, at most 2000).',
    );
    const both = cmd('tick', { list: 'validation', itemId: 'change-documented', done: true, notApplicable: true, note: 'n/a' });
    expect(describeRejection(refuse(incidentAt('validation'), both))).toBe(`"${transport}" can be done or not applicable, not both.`);
  });

  it('refuses N/A on the runbook rule "validate with the same path": it always applies', () => {
    expect(describeRejection(refuse(incidentAt('validation'), na('validation', 'same-path', 'We tested another path')))).toBe(
      '"Validate with the same identity, path, and workload that failed." is a rule of this runbook: it always applies and cannot be marked not applicable.',
    );
  });

  it('never validates by N/A alone: continue and close need at least one check done', () => {
    const runbook = seedRunbook();
    const noRule = { ...runbook, principles: runbook.principles.filter((p) => p.guard !== 'validate-same-path') };
    let incident = incidentAt('validation');
    for (const item of noRule.validation)
      incident = accept(incident, na('validation', item.id, 'Does not apply'), envFor(incident, { runbook: noRule })).incident;
    const refused = refuse(incident, cmd('continue', {}), envFor(incident, { runbook: noRule }));
    expect(describeRejection(refused)).toMatch(/^Finish the validation checklist \(at least one check done, not all not applicable\) first/);
  });

  it('refuses an item that is not on the list', () => {
    expect(refuse(incidentAt('validation'), na('validation', 'no-such-item', 'x'))).toEqual({
      code: 'unknown-item',
      what: 'checklist item',
      id: 'no-such-item',
    });
  });
});

describe('un-ticking and re-ticking', () => {
  it('un-ticking clears n/a: the item is open again and blocks Continue', () => {
    const marked = validatedWithNa();
    const { incident } = accept(marked, cmd('tick', { list: 'validation', itemId: 'change-documented', done: false }));
    expect(incident.validation['change-documented']).toEqual({ done: false, by: actors.staff, at: lastAudit(incident).at, version: incident.version });
    expect(lastAudit(incident).what).toBe(`unticked "${transport}"`);
    expect(refuse(incident, cmd('continue', {}))).toEqual({ code: 'incomplete', what: 'the validation checklist', missing: [transport] });
  });

  it('ticking done replaces n/a: the record never says both', () => {
    const { incident } = accept(validatedWithNa(), cmd('tick', { list: 'validation', itemId: 'change-documented', done: true }));
    expect(incident.validation['change-documented']).not.toHaveProperty('notApplicable');
    expect(incident.validation['change-documented'].done).toBe(true);
  });
});

describe('per-item staleness stays as it is', () => {
  it('an older card may mark an item n/a when that item has not changed since', () => {
    const card = incidentAt('validation');
    const moved = drive(card, cmd('tick', { list: 'validation', itemId: 'test-message', done: true }));
    const { incident } = accept(moved, { ...na('validation', 'change-documented', noChange), version: card.version });
    expect(incident.validation['change-documented'].notApplicable).toBe(true);
  });

  it('an older card may not mark an item n/a that changed since', () => {
    const card = incidentAt('validation');
    const moved = drive(card, cmd('tick', { list: 'validation', itemId: 'change-documented', done: true }));
    expect(refuse(moved, { ...na('validation', 'change-documented', noChange), version: card.version })).toEqual({
      code: 'stale',
      currentVersion: moved.version,
    });
    expect(accept(moved, onCard(moved, na('validation', 'change-documented', noChange))).incident.validation['change-documented'].notApplicable).toBe(true);
  });
});

describe('guards count n/a as settled', () => {
  it('isSettled and openItems: done or n/a settles, an un-ticked item does not', () => {
    const at = '2026-11-24T09:00:00.000Z';
    expect(isSettled(undefined)).toBe(false);
    expect(isSettled({ done: false, by: actors.staff, at, version: 2 })).toBe(false);
    expect(isSettled({ done: true, by: actors.staff, at, version: 2 })).toBe(true);
    expect(isSettled({ done: false, notApplicable: true, note: 'x', by: actors.staff, at, version: 2 })).toBe(true);
    const items = validationItems(seedRunbook());
    expect(openItems(items, validatedWithNa().validation)).toEqual([]);
  });

  it('leaves triage with one checklist item n/a', () => {
    const ids = seedRunbook().firstFifteen.map((i) => i.id);
    const triage = drive(
      incidentAt('triage'),
      ...tickAll(
        'checklist',
        ids.filter((id) => id !== 'review-health'),
      ),
      na('checklist', 'review-health', 'Service health is shown on the live checks'),
    );
    expect(accept(triage, cmd('continue', {})).incident.phase).toBe('decision');
  });

  it('leaves investigation with one branch step n/a', () => {
    const investigation = drive(
      incidentAt('investigation'),
      ...tickAll('branch', ['read-ndr-code']),
      na('branch', 'match-category', 'The code names the category itself'),
    );
    expect(accept(investigation, cmd('continue', {})).incident.phase).toBe('remediation');
  });

  it('leaves validation and closes with one validation item n/a; the record says n/a, not validated', () => {
    const evidence = accept(validatedWithNa(), cmd('continue', {})).incident;
    expect(evidence.phase).toBe('evidence');
    const summary = finishPhase(evidence);
    // The n/a check is neither claimed as validated nor listed in the customer's resolution (it is in the pack).
    expect(summary.summary.fields.resolution).not.toMatch(/Transport change|Not applicable/);
    const closed = finishPhase(summary);
    expect(closed.phase).toBe('closed');
    const pack = evidencePack(closed, seedRunbook());
    const at = closed.validation['change-documented'].at;
    expect(pack).toContain(`- [n/a] ${transport} — ${noChange} (${actors.staff.name}, ${at})`);
    expect(pack).toMatch(/- \[x\] Test message succeeds through intended path\./);
    expect(pack).toContain(`marked "${transport}" not applicable: ${noChange}`);
  });
});

describe('the summary draft and the evidence pack', () => {
  it('draft: the resolution is what was done (with its before/after note) and validated; n/a items stay out of it', () => {
    const incident = { ...incidentAt('evidence'), validation: validatedWithNa().validation };
    const resolution = draftSummary(seedRunbook(), incident, '2026-11-24T11:45:00.000Z').resolution;
    expect(resolution).toBe(
      'Applied: Fix incorrect transport rules or connector settings with change control (Done as the runbook says). ' +
        'Validated: Test message succeeds through intended path; Message trace shows delivered or expected disposition; ' +
        'Validate with the same identity, path, and workload that failed.',
    );
  });

  it('draft: a reason never reaches the customer text, however long or internal it is', () => {
    const internal = 'Checked on mx01.corp.contoso.local by admin.j.smith@contoso.com from 10.120.33.44 ' + 'r'.repeat(1900);
    const incident = {
      ...incidentAt('evidence'),
      validation: { ...validatedWithNa().validation, 'change-documented': { ...validatedWithNa().validation['change-documented'], note: internal } },
    };
    const resolution = draftSummary(seedRunbook(), incident, '2026-11-24T11:45:00.000Z').resolution;
    expect(resolution).not.toMatch(/Not applicable|Transport change/);
    expect(resolution).not.toMatch(/mx01|admin\.j\.smith|10\.120|rrrr/);
    expect(resolution.length).toBeLessThanOrEqual(1500);
  });

  it('pack: n/a rows for branch steps too, and reasons are literal Markdown', () => {
    const hostile = 'No change [click](https://evil.example) **now**';
    const investigation = drive(incidentAt('investigation'), na('branch', 'match-category', hostile));
    const pack = evidencePack(investigation, seedRunbook());
    expect(pack).toContain('### Investigation steps');
    expect(pack).toContain('- [ ] Read the enhanced status code and the text after it in the NDR.');
    expect(pack).toMatch(
      /- \[n\/a\] Match the code to DNS, recipient, connector, or policy and confirm in the message trace detail\. — No change \\\[click\\\]\\\(https:\/\/evil\.example\\\) \\\*\\\*now\\\*\\\* \(/,
    );
  });
});
