import { join } from 'node:path';
import { defaultRunbooksDir, loadRunbooks, parseRunbook, RunbookLoadError, type RunbookProblem } from '../../src/runbook/loader';
import { editedSeed, seedYaml, tempRunbookDir } from './runbook-files';

function loadError(fn: () => unknown): RunbookLoadError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RunbookLoadError) return err;
    throw err;
  }
  throw new Error('expected a RunbookLoadError');
}

describe('parseRunbook', () => {
  test('parses the seed runbook and fills defaults', () => {
    const rb = parseRunbook(seedYaml(), 'seed.yaml');
    expect(rb.id).toBe('exchange-online-mail-flow-failure');
    expect(rb.series).toEqual({ name: 'Microsoft 365 Administration Runbooks', number: 4 });
    expect(rb.commands.find((c) => c.id === 'transport-rules')?.bind).toEqual({});
    expect(rb.intake.find((f) => f.id === 'sender')?.stage).toBe('intake');
    expect(rb.severity.levels.map((l) => [l.id, l.escalate])).toEqual([
      ['sev1', true],
      ['sev2', false],
    ]);
    expect(rb.intake.find((f) => f.id === 'scope')?.choices?.find((c) => c.value === 'workload')?.title).toBe(
      'A workload, domain, connector or application relay',
    );
  });

  test('reports a YAML syntax error with its line', () => {
    const text = 'id: broken\ntitle: Broken\nseries: { name: x, number: 4\nrevised: "2026-01-01"\n';
    const err = loadError(() => parseRunbook(text, 'broken.yaml'));
    expect(err.problems.length).toBeGreaterThan(0);
    expect(err.problems[0]).toMatchObject({ file: 'broken.yaml', path: '(yaml)' });
    expect(err.problems[0].reason).toMatch(/^YAML syntax error at line \d+, column \d+: /);
    expect(err.problems[0].line).toBeGreaterThanOrEqual(3);
  });

  test('reports a duplicate YAML key as a syntax error', () => {
    const err = loadError(() => parseRunbook(`${seedYaml()}\ntitle: Again\n`, 'dup.yaml'));
    expect(err.problems).toEqual([expect.objectContaining({ path: '(yaml)', reason: expect.stringContaining('unique') })]);
  });

  test('reports an empty file as one problem at the root', () => {
    const err = loadError(() => parseRunbook('', 'empty.yaml'));
    expect(err.problems).toEqual([{ file: 'empty.yaml', path: '(root)', reason: 'is empty (expected object)', line: undefined }]);
  });

  test('points a schema problem at the line of the offending value', () => {
    const text = editedSeed([[['commands', 1, 'bind', 'id'], 'traceId']]);
    const err = loadError(() => parseRunbook(text, 'a.yaml'));
    const line = text.split('\n').findIndex((l) => l.includes('id: traceId')) + 1;
    expect(err.problems).toEqual([{ file: 'a.yaml', path: 'commands.1.bind.id', reason: `unknown intake field "traceId" (line ${line})`, line }]);
  });

  test('rejects a misspelt optional key instead of dropping it', () => {
    const err = loadError(() => parseRunbook(editedSeed([[['severity', 'levels', 1, 'escalte'], true]]), 'a.yaml'));
    expect(err.problems).toEqual([expect.objectContaining({ path: 'severity.levels.1', reason: expect.stringMatching(/^Unrecognized key: "escalte"/) })]);
  });
});

describe('loadRunbooks', () => {
  test('loads every runbook shipped in src/runbooks, sorted by file name', () => {
    const ids = loadRunbooks(defaultRunbooksDir()).map((rb) => rb.id);
    expect(ids).toEqual(['exchange-online-mail-flow-failure', 'sharepoint-online-external-sharing-failure']);
  });

  test('collects every problem across all files and throws once', () => {
    const structural = editedSeed([
      [['id'], 'structural'],
      [['title'], undefined],
      [['severity', 'levels', 0, 'escalte'], true],
      [['remediation', 0, 'intrusive'], 'yes'],
    ]);
    const crossRefs = editedSeed([
      [['id'], 'cross-refs'],
      [['commands', 1, 'bind', 'id'], 'traceId'],
      [['severity', 'levels', 1, 'id'], 'sev1'],
      [['decisions', 0, 'branch', 'actions'], ['no-such-action']],
    ]);
    const { dir, cleanup } = tempRunbookDir({ 'a.yaml': structural, 'b.yml': crossRefs, 'c.yaml': seedYaml(), 'notes.txt': 'ignored' });
    try {
      const err = loadError(() => loadRunbooks(dir));
      const brief = err.problems.map((p: RunbookProblem) => [p.file, p.path, p.reason.replace(/ \(line \d+\)$/, '')]);
      expect(brief).toEqual([
        [join(dir, 'a.yaml'), 'title', 'is missing (expected string)'],
        [join(dir, 'a.yaml'), 'severity.levels.0', 'Unrecognized key: "escalte"'],
        [join(dir, 'a.yaml'), 'remediation.0.intrusive', 'Invalid input: expected boolean, received string'],
        [join(dir, 'b.yml'), 'severity.levels.1.id', 'duplicate id "sev1"'],
        [join(dir, 'b.yml'), 'commands.1.bind.id', 'unknown intake field "traceId"'],
        [join(dir, 'b.yml'), 'decisions.0.branch.actions.0', 'unknown remediation action "no-such-action"'],
      ]);
      expect(err.message).toContain(`${join(dir, 'b.yml')}: commands.1.bind.id: unknown intake field "traceId"`);
      expect(err.message.split('\n')).toHaveLength(1 + 6);
    } finally {
      cleanup();
    }
  });

  test('reports a runbook id used by two files', () => {
    const { dir, cleanup } = tempRunbookDir({ 'a.yaml': seedYaml(), 'b.yaml': seedYaml() });
    try {
      const err = loadError(() => loadRunbooks(dir));
      expect(err.problems).toEqual([
        { file: join(dir, 'b.yaml'), path: 'id', reason: 'runbook id "exchange-online-mail-flow-failure" is already used by a.yaml' },
      ]);
    } finally {
      cleanup();
    }
  });

  test('fails for a folder without runbooks and for a missing folder', () => {
    const { dir, cleanup } = tempRunbookDir({ 'README.md': '# nothing here' });
    try {
      expect(loadError(() => loadRunbooks(dir)).problems).toEqual([{ file: dir, path: '(file)', reason: 'holds no runbook files (*.yaml or *.yml)' }]);
      const missing = join(dir, 'missing');
      expect(loadError(() => loadRunbooks(missing)).problems).toEqual([
        expect.objectContaining({ file: missing, path: '(file)', reason: expect.stringContaining('cannot be read') }),
      ]);
    } finally {
      cleanup();
    }
  });
});
