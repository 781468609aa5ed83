import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/project-root';
import { importRunbook, type ImportResult } from '../../src/runbook/importer';

// The runbook corpus of test/fixtures/runbooks/corpus: documents written for the tests, each with its author's expectations.

export interface CorpusExpectation {
  file: string;
  title: string;
  number: number;
  severityLevels: string[];
  severityClauses: number;
  approvalRequired: string[];
  approvers: Record<string, string>;
  noApproval: string[];
  captureItems: string[];
  placeholders: string[];
  laterPlaceholders: string[];
  commands: number;
  retiredCmdlets: string[];
  findings: number;
  extraSections: string[];
}

export interface CorpusEntry extends ImportResult {
  file: string;
  markdown: string;
  expect: CorpusExpectation;
}

export const corpusDir = join(projectRoot(), 'test', 'fixtures', 'runbooks', 'corpus');

let entries: CorpusEntry[] | undefined;

/** Every corpus document imported once (the import throws if a document cannot be read). */
export function corpus(): CorpusEntry[] {
  entries ??= readdirSync(corpusDir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => {
      const markdown = readFileSync(join(corpusDir, file), 'utf8');
      const expect = JSON.parse(readFileSync(join(corpusDir, file.replace(/\.md$/, '.expect.json')), 'utf8')) as CorpusExpectation;
      return { file, markdown, expect, ...importRunbook(markdown) };
    });
  return entries;
}
