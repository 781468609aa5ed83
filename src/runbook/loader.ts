import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { runbookJsonSchemaText } from './json-schema';
import { basename, join } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { projectRoot } from '../project-root';
import { runbookSchema, type Runbook } from './schema';

// Runbook files: YAML text -> validated Runbook, with every problem reported as file, path and reason.

/** One thing wrong with a runbook file. `path` is the dotted data path (`commands.1.bind.id`), `(yaml)` or `(file)`. */
export interface RunbookProblem {
  file: string;
  path: string;
  reason: string;
  line?: number;
}

/** Thrown when one or more runbook files are broken; carries every problem found, not just the first. */
export class RunbookLoadError extends Error {
  override readonly name = 'RunbookLoadError';
  constructor(readonly problems: RunbookProblem[]) {
    super(`${problems.length === 1 ? 'A runbook file is' : 'Runbook files are'} broken:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }
}

/** `file: path: reason`, one line. */
export function formatProblem(p: RunbookProblem): string {
  return `${p.file}: ${p.path}: ${p.reason}`;
}

/** The runbooks shipped with the bot: src/runbooks under the project root (also when running from dist/). */
export function defaultRunbooksDir(): string {
  return join(projectRoot(), 'src', 'runbooks');
}

/** Pure: parses one runbook file's text; throws RunbookLoadError with every YAML and schema problem in it. */
export function parseRunbook(text: string, fileName: string): Runbook {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new RunbookLoadError(
      doc.errors.map((err) => {
        const pos = lineCounter.linePos(err.pos[0]);
        return { file: fileName, path: '(yaml)', reason: `YAML syntax error at line ${pos.line}, column ${pos.col}: ${err.message}`, line: pos.line };
      }),
    );
  }
  const data: unknown = doc.toJS();
  const result = runbookSchema.safeParse(data);
  if (result.success) return result.data;
  throw new RunbookLoadError(
    result.error.issues.map((issue) => {
      const line = lineOf(doc, lineCounter, issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path);
      const reason = describeIssue(issue, data);
      return { file: fileName, path: dottedPath(issue.path), reason: line ? `${reason} (line ${line})` : reason, line };
    }),
  );
}

/** Runbook files found under `paths` (directories: their *.yaml / *.yml, sorted), each parsed, plus every problem. */
export function collectRunbooks(paths: string[]): { runbooks: { file: string; runbook: Runbook }[]; problems: RunbookProblem[] } {
  const runbooks: { file: string; runbook: Runbook }[] = [];
  const problems: RunbookProblem[] = [];
  for (const file of paths.flatMap((p) => expandPath(p, problems))) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      problems.push({ file, path: '(file)', reason: `cannot be read: ${(err as Error).message}` });
      continue;
    }
    try {
      runbooks.push({ file, runbook: parseRunbook(text, file) });
    } catch (err) {
      if (!(err instanceof RunbookLoadError)) throw err;
      problems.push(...err.problems);
    }
  }
  const firstFile = new Map<string, string>();
  for (const { file, runbook } of runbooks) {
    const other = firstFile.get(runbook.id);
    if (other) problems.push({ file, path: 'id', reason: `runbook id "${runbook.id}" is already used by ${basename(other)}` });
    else firstFile.set(runbook.id, file);
  }
  return { runbooks, problems };
}

/** Every runbook in `dir`, sorted by file name; throws one RunbookLoadError listing all problems across all files. */
export function loadRunbooks(dir: string): Runbook[] {
  const { runbooks, problems } = collectRunbooks([dir]);
  if (problems.length === 0 && runbooks.length === 0) {
    problems.push({ file: dir, path: '(file)', reason: 'holds no runbook files (*.yaml or *.yml)' });
  }
  if (problems.length > 0) throw new RunbookLoadError(problems);
  return runbooks.map((r) => r.runbook);
}

function expandPath(path: string, problems: RunbookProblem[]): string[] {
  try {
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path)
      .filter((name) => /\.ya?ml$/i.test(name))
      .sort()
      .map((name) => join(path, name));
  } catch (err) {
    problems.push({ file: path, path: '(file)', reason: `cannot be read: ${(err as Error).message}` });
    return [];
  }
}

function dottedPath(path: PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/** zod's message, with "missing" and "empty" said plainly when the key is absent or has no value. */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  if (issue.code !== 'invalid_type') return issue.message;
  const value = valueAt(data, issue.path);
  if (value === undefined) return `is missing (expected ${issue.expected})`;
  if (value === null) return `is empty (expected ${issue.expected})`;
  return issue.message;
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Line of the YAML node at `path`, or of its nearest existing ancestor (a missing key points at its parent). */
function lineOf(doc: Document, lineCounter: LineCounter, path: PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return undefined;
}

/** Problems with the generated JSON Schema file: missing, or not what `npm run runbooks:schema` writes today. */
export function checkJsonSchemaFile(file: string): RunbookProblem[] {
  const fix = 'run `npm run runbooks:schema`';
  if (!existsSync(file)) return [{ file, path: '(file)', reason: `is missing; ${fix}` }];
  if (readFileSync(file, 'utf8') !== runbookJsonSchemaText()) return [{ file, path: '(file)', reason: `is out of date with src/runbook/schema.ts; ${fix}` }];
  return [];
}
