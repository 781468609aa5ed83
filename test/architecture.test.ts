import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../src/project-root';

// The layering rules of DESIGN.md, enforced by dependency-cruiser with .dependency-cruiser.cjs
// (the same config `npm run lint:layers` uses).

const root = projectRoot();
const config = join(root, '.dependency-cruiser.cjs');
const depcruise = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: 'error' | 'warn' | 'info' | 'ignore' };
  cycle?: { name: string }[];
}

/** Cruises `src` under `cwd` with the project's config; returns every violation it reports. */
async function cruise(cwd: string): Promise<Violation[]> {
  const args = [depcruise, 'src', '--config', config, '--output-type', 'json'];
  // depcruise exits with the number of errors, so a non-zero exit still carries the JSON report.
  const stdout = await promisify(execFile)(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 })
    .then((r) => r.stdout)
    .catch((err: { stdout?: string; stderr?: string }) => {
      if (!err.stdout) throw new Error(`depcruise failed: ${err.stderr ?? String(err)}`);
      return err.stdout;
    });
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

/** One line per violation: "rule (severity): from -> to" (a cycle lists its whole path). */
function inWords(v: Violation): string {
  const to = v.cycle ? [v.from, ...v.cycle.map((c) => c.name)].join(' -> ') : `${v.from} -> ${v.to}`;
  return `${v.rule.name} (${v.rule.severity}): ${to}`;
}

const errors = (vs: Violation[]) => vs.filter((v) => v.rule.severity === 'error').map(inWords);

/** A throwaway project: each key a path under it, each value the file's text. */
function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'architecture-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('layering rules (dependency-cruiser)', () => {
  let scratch: string;
  let fromSrc: Promise<Violation[]>;
  let fromFixture: Promise<Violation[]>;

  beforeAll(() => {
    scratch = fixture({
      'src/incident/x.ts': "import { readFileSync } from 'node:fs';\nimport { createHash } from 'node:crypto';\nexport const x = [readFileSync, createHash];\n",
      'src/runbook/loader.ts': "import { readFileSync } from 'node:fs';\nexport const load = readFileSync;\n",
      'src/app/y.ts': "import { CloudAdapter } from 'botbuilder';\nexport const y = CloudAdapter;\n",
      'src/store/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/store/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      'src/store/c.ts': "import type { D } from './d';\nexport type C = { d?: D };\nexport const c = 1;\n",
      'src/store/d.ts': "import { c } from './c';\nexport type D = { c: typeof c };\n",
    });
    // Both cruises run at once (a few seconds); each test awaits its own, so a failure lands there.
    fromSrc = cruise(root);
    fromFixture = cruise(scratch);
    for (const p of [fromSrc, fromFixture]) p.catch(() => undefined);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('src/ breaks no layering rule', async () => {
    expect(errors(await fromSrc)).toEqual([]);
  });

  test('the rules catch violations (fixture tree)', async () => {
    const found = (await fromFixture).map(inWords);
    expect(found).toEqual(
      expect.arrayContaining([
        'incident-runbook-pure (error): src/incident/x.ts -> fs',
        'app-not-to-teams (error): src/app/y.ts -> botbuilder',
        'only-teams-imports-botbuilder (error): src/app/y.ts -> botbuilder',
      ]),
    );
    expect(found.some((l) => /^no-circular \(error\): src\/store\/(a|b)\.ts -> /.test(l))).toBe(true);
    // A cycle through a type-only import is only a warning; node:crypto and the loader are allowed.
    expect(found.some((l) => /^no-circular-types \(warn\): src\/store\/(c|d)\.ts -> /.test(l))).toBe(true);
    expect(found.filter((l) => /store\/(c|d)\.ts/.test(l) && l.includes('(error)'))).toEqual([]);
    expect(found.filter((l) => l.includes('crypto') || l.includes('src/runbook/loader.ts'))).toEqual([]);
  });
});
