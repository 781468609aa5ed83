import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/project-root';
import { importRunbook, RunbookFormatError } from '../../src/runbook/importer';

// Inputs an attack on the importer found it got wrong (each now imported as the author meant), on edited copies of the seed.

const seedMd = join(projectRoot(), '..', 'shared', 'runbooks', 'exchange-online-mail-flow-failure.md');
const haveSeed = existsSync(seedMd);
if (!haveSeed) console.warn(`Skipping the importer attack regressions: ${seedMd} is not there (the shared runbook folder is outside the repository).`);
const seed = haveSeed ? readFileSync(seedMd, 'utf8') : '';
const remediationEnd = '- Escalate tenant-wide delivery impact as incident.\n';
const withRemediation = (extra: string) => seed.replace(remediationEnd, `${remediationEnd}${extra}`);
const gateOf = (md: string, part: string) => importRunbook(md).runbook.remediation.find((a) => a.text.includes(part))?.approval;
const guide = (text: string) => seed.replace(/\*\*Severity guide:\*\*.*\n/, `**Severity guide:** ${text}\n`);

(haveSeed ? describe : describe.skip)('importer regressions from the attack', () => {
  test.each([
    ['Disable the connector after the messaging lead signs off.', 'the messaging lead'],
    ['Disable the connector once the mailbox owner agrees.', 'the mailbox owner'],
    ["Disable the connector; get the owner's OK first.", undefined],
    ['Disable the connector; it needs a second pair of eyes.', undefined],
    ['Disable the connector under change-control.', undefined],
    ['Disable the connector after an ECAB.', undefined],
    ['Disable the connector when the owner gives the go ahead.', undefined],
    ['Disable the connector; the messaging manager must approve.', 'the messaging manager'],
    ['Disable the connector with approval from the messaging lead.', 'the messaging lead'],
    ['Disable the connector only after the owner has approved.', 'the owner'],
  ])('"%s" needs approval (approver %s)', (line, approver) => {
    const gate = gateOf(withRemediation(`- ${line}\n`), 'Disable the connector');
    expect(gate).toEqual({ required: true, reason: expect.any(String), ...(approver ? { approver } : {}) });
  });

  test('approval stated by the structure: a sub-heading, a lead line, an approval column', () => {
    const sub = withRemediation('\n### Needs approval first\n\n- Disable the outbound connector.\n');
    expect(gateOf(sub, 'Disable the outbound')?.required).toBe(true);
    const lead = withRemediation('\nThe following need CAB approval:\n\n- Disable the outbound connector.\n');
    expect(gateOf(lead, 'Disable the outbound')?.required).toBe(true);
    expect(gateOf(lead, 'Correct SPF')?.required).toBe(false);
    const table = withRemediation('\n| Action | Approval required |\n| --- | --- |\n| Disable the outbound connector | Yes |\n| Restart the sync | No |\n');
    expect([gateOf(table, 'Disable the outbound')?.required, gateOf(table, 'Restart the sync')?.required]).toEqual([true, false]);
  });

  test("the Evidence section's approval categories, written with a parenthesis or as sub-bullets", () => {
    const paren = withRemediation('- Delete the stale outbound connector.\n').replace(
      'Approval record for any',
      'Approval record (ticket or CAB reference) for any',
    );
    expect(gateOf(paren, 'Delete the stale')?.required).toBe(true);
    const bullets = withRemediation('- Roll back the last transport rule change.\n').replace(
      /- Approval record for any .*\n/,
      '- Approval record for any of the following:\n  - deletion\n  - rollback\n',
    );
    expect(gateOf(bullets, 'Roll back')?.required).toBe(true);
  });

  test('severity guides: levels separated by commas or "and", a stated catch-all, P levels, a guide restated in a section', () => {
    const commas = importRunbook(guide('Sev 1 when all mail flow is blocked, Sev 2 when one department is impaired.')).runbook.severity;
    expect(commas.levels.map((l) => [l.label, l.criteria])).toEqual([
      ['Sev 1', 'All mail flow is blocked.'],
      ['Sev 2', 'One department is impaired.'],
    ]);
    const otherwise = importRunbook(guide('Sev 1 when all mail flow is blocked; otherwise Sev 2.')).runbook.severity;
    expect(otherwise.levels.map((l) => l.label)).toEqual(['Sev 1']);
    expect(otherwise.fallback).toMatchObject({ label: 'Sev 2', criteria: expect.stringContaining('otherwise Sev 2') });
    const p = importRunbook(guide('P1 when all mail flow is blocked; P2 when one department is impaired.')).runbook.severity;
    expect([...p.levels.map((l) => l.label), p.fallback.label]).toEqual(['P1', 'P2', 'P3']);
    const restated = seed.replace(
      '## Triage Flow',
      '## Severity\n\n- Sev 1: all mail flow is blocked.\n- Sev 2: one department is impaired.\n\n## Triage Flow',
    );
    const both = importRunbook(restated);
    expect(both.runbook.severity.levels).toHaveLength(2);
    expect(both.runbook.sections.map((s) => s.title)).toContain('Severity (notes)');
    expect(both.report.lost).toEqual([]);
  });

  test('a title written with the number, a runbook numbered 00, a decision table without a header row', () => {
    const combined = seed.replace('# Exchange Online Mail Flow Failure\n', '# Runbook 04: Exchange Online Mail Flow Failure\n');
    expect(importRunbook(combined).runbook.title).toBe('Exchange Online Mail Flow Failure');
    let zero: unknown;
    try {
      importRunbook(seed.replace(/Runbook 04/g, 'Runbook 00'));
    } catch (err) {
      zero = err;
    }
    expect(zero).toBeInstanceOf(RunbookFormatError);
    expect((zero as RunbookFormatError).problems).toEqual(['The runbook number is 0; the series numbers its runbooks from 01 to 999.']);
    const headless = seed.replace('If you find...\tDo this next\n', 'Transport rule result shows a block\tThen review the rule before changing it.\n');
    const decisions = importRunbook(headless).runbook.decisions.map((d) => d.finding);
    expect(decisions).toEqual(['Transport rule result shows a block', 'Delivered to mailbox', 'Failed with NDR', 'Quarantined', 'Connector path fails']);
  });

  test('"client IP address" and "number of affected recipients" are not email fields', () => {
    const md = seed.replace('Capture who is affected,', 'Capture who is affected, the client IP address, the number of affected recipients,');
    const intake = importRunbook(md).runbook.intake;
    expect(intake.filter((f) => /IP address|number of/i.test(f.label)).map((f) => [f.label, f.type])).toEqual([
      ['Client IP address', 'text'],
      ['Number of affected recipients', 'text'],
    ]);
  });
});
