import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunbook } from '../../src/runbook/loader';
import { corpusDir } from '../helpers/corpus';

// npm run runbook:import -- doc.md [out.yaml] [--strict]: exit codes, the report on stderr, the YAML (dist/ is built by jest's globalSetup).

const cli = join(__dirname, '..', '..', 'dist', 'scripts', 'runbook-import.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const licensing = join(corpusDir, '13-license-assignment-failure.md');
const sync = join(corpusDir, '12-onedrive-sync-failure.md');

test('imports with warnings: exit 0, the report on stderr, a YAML file that loads', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'import-')), 'licensing.yaml');
  const r = run(licensing, out);
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/^Import report for 13-license-assignment-failure\.md/);
  expect(r.stderr).toMatch(/Sections:\n {2}line 1 {2}Microsoft 365 License Assignment Failure -> header/);
  expect(r.stderr).toMatch(/! Command "Connect-MsolService": Connect-MsolService is retired since 2025-04 \(MSOnline\): use Connect-MgGraph/);
  expect(r.stderr).toMatch(/\n(\d+) of \1 sentences kept\.\n/);
  const rb = parseRunbook(readFileSync(out, 'utf8'), out);
  expect(rb.commands.find((c) => c.retired?.original === 'Connect-MsolService')?.template).toBe('Connect-MgGraph');
});

test('--strict refuses warnings and writes nothing; a document without warnings passes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-'));
  const strict = run(licensing, join(dir, 'x.yaml'), '--strict');
  expect(strict.status).toBe(1);
  expect(strict.stderr).toMatch(/--strict: \d+ warning\(s\); nothing written\./);
  expect(() => readFileSync(join(dir, 'x.yaml'))).toThrow();
  const clean = run(sync, '--strict');
  expect(clean.stderr).toMatch(/Warnings: none/);
  expect(clean.status).toBe(0);
  expect(clean.stdout).toMatch(/^# yaml-language-server/);
});

test('a document that cannot be a runbook: exit 1 with every reason in words, no stack trace', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'import-')), 'notes.md');
  writeFileSync(file, '# Team meeting\n\nWe talked about the roadmap.\n');
  const r = run(file);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/notes\.md cannot be read as a runbook of the series:\n {2}The document has no "Runbook NN" line/);
  expect(r.stderr).toMatch(/The document has no decision path/);
  expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  expect(run('/nonexistent/doc.md').stderr).toBe('Cannot read /nonexistent/doc.md: no such file\n');
  const bad = run(licensing, '--stritc');
  expect([bad.status, bad.stderr]).toEqual([1, 'Unknown option --stritc.\nusage: npm run --silent runbook:import -- <runbook.md> [out.yaml] [--strict]\n']);
});
