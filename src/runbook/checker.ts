import { basename } from 'node:path';
import { collectRunbooks, formatProblem, type RunbookProblem } from './loader';
import type { Runbook } from './schema';

// `npm run runbooks:check` as a function: which files are good, what is wrong with the others.

export interface CheckReport {
  ok: { file: string; runbook: Runbook }[];
  problems: RunbookProblem[];
}

/** Validates the runbook files under `paths` (files, or directories of *.yaml / *.yml); never throws for bad files. */
export function checkRunbookFiles(paths: string[]): CheckReport {
  const { runbooks, problems } = collectRunbooks(paths);
  if (runbooks.length === 0 && problems.length === 0) {
    problems.push({ file: paths.join(', '), path: '(file)', reason: 'holds no runbook files (*.yaml or *.yml)' });
  }
  const broken = new Set(problems.map((p) => p.file));
  return { ok: runbooks.filter((r) => !broken.has(r.file)), problems };
}

/** One line per good runbook: `ok <file> (<id>, <n> intake fields, ...)`. */
export function describeRunbook(file: string, rb: Runbook): string {
  const approvals = rb.remediation.filter((a) => a.approval.required).length;
  const parts = [
    rb.id,
    count(rb.intake.length, 'intake field'),
    count(rb.commands.length, 'command starter'),
    count(rb.decisions.length, 'finding'),
    `${count(rb.remediation.length, 'remediation action')} (${approvals} need approval)`,
  ];
  return `ok ${file} (${parts.join(', ')})`;
}

/** Pure: the report as output lines: good files for stdout, problems for stderr; `failed` when anything is wrong. */
export function formatCheckReport(report: CheckReport): { stdout: string[]; stderr: string[]; failed: boolean } {
  const stdout = report.ok.map((r) => describeRunbook(r.file, r.runbook));
  const stderr = report.problems.map(formatProblem);
  if (stderr.length > 0) {
    const files = new Set(report.problems.map((p) => basename(p.file))).size;
    stderr.push(`${count(report.problems.length, 'problem')} in ${count(files, 'file')}`);
  }
  return { stdout, stderr, failed: report.problems.length > 0 };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
