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
});
