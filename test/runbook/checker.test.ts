import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkRunbookFiles, formatCheckReport } from '../../src/runbook/checker';
import { checkJsonSchemaFile } from '../../src/runbook/loader';
import { runbookJsonSchemaText } from '../../src/runbook/json-schema';
import { defaultRunbooksDir } from '../../src/runbook/loader';
import { editedSeed, seedFile, seedYaml, tempRunbookDir } from './runbook-files';

describe('checkRunbookFiles', () => {
  test('reports the shipped runbooks as good, one line each', () => {
    const { stdout, stderr, failed } = formatCheckReport(checkRunbookFiles([defaultRunbooksDir()]));
    expect(failed).toBe(false);
    expect(stderr).toEqual([]);
    expect(stdout).toEqual([
      `ok ${seedFile} (exchange-online-mail-flow-failure, 14 intake fields, 4 command starters, 4 findings, 4 remediation actions (2 need approval))`,
      `ok ${join(defaultRunbooksDir(), 'sharepoint-online-external-sharing-failure.yaml')} (sharepoint-online-external-sharing-failure, 17 intake fields, 5 command starters, 5 findings, 5 remediation actions (4 need approval))`,
    ]);
  });

  test('lists good files on stdout and every problem on stderr, and fails', () => {
    const broken = editedSeed([
      [['id'], 'broken'],
      [['commands', 0, 'bind', 'sender'], 'from'],
      [['summary'], []],
    ]);
    const { dir, cleanup } = tempRunbookDir({ 'good.yaml': seedYaml(), 'broken.yaml': broken });
    try {
      const report = checkRunbookFiles([dir]);
      expect(report.ok.map((r) => r.file)).toEqual([join(dir, 'good.yaml')]);
      const { stdout, stderr, failed } = formatCheckReport(report);
      expect(failed).toBe(true);
      expect(stdout).toEqual([expect.stringMatching(/^ok .*good\.yaml \(exchange-online-mail-flow-failure, 14 intake fields, /)]);
      const file = join(dir, 'broken.yaml');
      expect(stderr).toEqual([
        expect.stringMatching(new RegExp(`^${file}: summary: Too small: expected array to have >=1 items \\(line \\d+\\)$`)),
        expect.stringMatching(new RegExp(`^${file}: commands.0.bind.sender: unknown intake field "from" \\(line \\d+\\)$`)),
        '2 problems in 1 file',
      ]);
    } finally {
      cleanup();
    }
  });

  test('checks single files given by path, and finds duplicates among them', () => {
    const { dir, cleanup } = tempRunbookDir({ 'copy.yaml': seedYaml() });
    try {
      const report = checkRunbookFiles([seedFile, join(dir, 'copy.yaml')]);
      expect(report.ok.map((r) => r.file)).toEqual([seedFile]);
      expect(report.problems).toEqual([expect.objectContaining({ file: join(dir, 'copy.yaml'), path: 'id' })]);
    } finally {
      cleanup();
    }
  });

  test('reports a path that does not exist', () => {
    const report = checkRunbookFiles(['/no/such/runbooks']);
    expect(report.ok).toEqual([]);
    expect(formatCheckReport(report).stderr[0]).toMatch(/^\/no\/such\/runbooks: \(file\): cannot be read: ENOENT/);
  });
});

describe('checkJsonSchemaFile', () => {
  test('accepts the committed schema and flags a stale or missing one', () => {
    expect(checkJsonSchemaFile(join(defaultRunbooksDir(), 'runbook.schema.json'))).toEqual([]);
    const { dir, cleanup } = tempRunbookDir({ 'runbook.schema.json': runbookJsonSchemaText().replace('"minLength": 1', '"minLength": 2') });
    try {
      expect(checkJsonSchemaFile(join(dir, 'runbook.schema.json'))).toEqual([
        expect.objectContaining({ path: '(file)', reason: expect.stringContaining('out of date') }),
      ]);
      expect(checkJsonSchemaFile(join(dir, 'absent.json'))).toEqual([expect.objectContaining({ reason: expect.stringContaining('is missing') })]);
      writeFileSync(join(dir, 'runbook.schema.json'), runbookJsonSchemaText());
      expect(checkJsonSchemaFile(join(dir, 'runbook.schema.json'))).toEqual([]);
    } finally {
      cleanup();
    }
  });
});
