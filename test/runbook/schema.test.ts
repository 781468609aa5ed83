import { parse } from 'yaml';
import { runbookSchema } from '../../src/runbook/schema';
import { editedSeed } from './runbook-files';

// The cross-reference and strictness checks of the runbook schema, on edited copies of the seed runbook.

function issues(edits: Parameters<typeof editedSeed>[0]): { path: string; message: string }[] {
  const result = runbookSchema.safeParse(parse(editedSeed(edits)));
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('runbookSchema', () => {
  test('accepts the seed', () => {
    expect(issues([])).toEqual([]);
  });

  test('rejects unknown keys at every level', () => {
    expect(issues([[['severity', 'levels', 0, 'escalte'], true]])).toEqual([{ path: 'severity.levels.0', message: 'Unrecognized key: "escalte"' }]);
    expect(issues([[['owner'], 'me']])).toEqual([{ path: '', message: 'Unrecognized key: "owner"' }]);
    expect(issues([[['remediation', 2, 'approval', 'reason'], 'x']])).toHaveLength(1);
  });

  test('reports a duplicate severity level id at severity.levels.N.id', () => {
    expect(issues([[['severity', 'levels', 1, 'id'], 'sev1']])).toEqual([{ path: 'severity.levels.1.id', message: 'duplicate id "sev1"' }]);
  });

  test('reports duplicate branch step and principle ids, and a fallback id that is also a level', () => {
    expect(issues([[['decisions', 0, 'branch', 'steps', 1, 'id'], 'mailbox-rules']])).toEqual([
      { path: 'decisions.0.branch.steps.1.id', message: 'duplicate id "mailbox-rules"' },
    ]);
    expect(issues([[['principles', 2, 'id'], 'evidence-before-intrusive']])).toEqual([
      { path: 'principles.2.id', message: 'duplicate id "evidence-before-intrusive"' },
    ]);
    expect(issues([[['severity', 'fallback', 'id'], 'sev2']])).toEqual([{ path: 'severity.fallback.id', message: 'duplicate id "sev2" (also a level)' }]);
  });

  test('requires yes or no in conditions on yes-no fields', () => {
    expect(issues([[['severity', 'levels', 0, 'when', 1, 'in'], ['Yes']]])).toEqual([
      { path: 'severity.levels.0.when.1.in.0', message: '"Yes" is not "yes" or "no" (field "regulatedData")' },
    ]);
  });

  test('refuses command templates a value could break out of (runbooks:check says why), accepts author-quoted ones', () => {
    const template = (t: string) => issues([[['commands', 0, 'template'], t]]);
    expect(template('Get-MessageTraceV2 -SenderAddress "$(<sender>)" -RecipientAddress <recipient>')).toEqual([
      { path: 'commands.0.template', message: expect.stringMatching(/^cannot be filled in safely: placeholder <sender> .*\$\(/) },
    ]);
    expect(template("Get-MessageTraceV2 -SenderAddress @'\n<sender>\n'@ -RecipientAddress <recipient>")[0]?.message).toMatch(/here-string/);
    expect(template('Get-MessageTraceV2 -SenderAddress \'<sender>\' -RecipientAddress "<recipient>"')).toEqual([]);
    expect(template('Get-Recipient -Filter "PrimarySmtpAddress -eq \'<sender>\'"; Get-MessageTraceV2 -RecipientAddress <recipient>')).toEqual([]);
  });

  test('takes a url field, a named approver, a retired original and extra sections', () => {
    expect(
      issues([
        [['intake', 6, 'type'], 'url'],
        [['remediation', 0, 'approval', 'approver'], 'the messaging lead'],
        [
          ['sections'],
          [
            {
              id: 'rollback',
              title: 'Rollback',
              phase: 'remediation',
              lines: ['Restore the rule from the export.', { code: 'Set-TransportRule -Identity <name>' }],
            },
          ],
        ],
      ]),
    ).toEqual([]);
    expect(issues([[['sections'], [{ id: 'rollback', title: 'Rollback', phase: 'later', lines: [] }]]]).map((i) => i.path)).toEqual([
      'sections.0.phase',
      'sections.0.lines',
    ]);
  });
});
