import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { projectRoot } from '../../src/project-root';

// Test builders: the seed runbook's YAML, edited copies of it, and throwaway folders of runbook files.

export const seedFile = join(projectRoot(), 'src', 'runbooks', 'exchange-online-mail-flow-failure.yaml');
export const seedYaml = (): string => readFileSync(seedFile, 'utf8');

/** The seed YAML with edits applied at YAML paths (`undefined` deletes the key); comments are kept. */
export function editedSeed(edits: [path: (string | number)[], value: unknown][]): string {
  const doc = parseDocument(seedYaml());
  for (const [path, value] of edits) {
    if (value === undefined) doc.deleteIn(path);
    else doc.setIn(path, value);
  }
  return doc.toString();
}

/** A fresh temp folder holding the given files; `cleanup` removes it. */
export function tempRunbookDir(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'runbooks-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
