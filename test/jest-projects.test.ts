// Every test file belongs to exactly one jest project, so `npm test` (all projects) runs each once and
// `npm run test:unit` stays the everyday loop. The projects are read as jest reads them (jest-config's readConfigs)
// and a path is matched as jest's SearchSource matches it: under a root, one of testMatch, none of testPathIgnorePatterns.
import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { readConfigs } from 'jest-config';
import { globsToMatcher } from 'jest-util';
import type { Config } from '@jest/types';

const rootDir = join(__dirname, '..');

type Project = { name: string; isMatch: (path: string) => boolean };

const escapeForRegex = (text: string) => text.replace(/[-[\]{}()*+?.,\\^$|#\s]/g, '\\$&');

/** The checks jest's SearchSource makes of a path for one project, in its order. */
function matcherOf(config: Config.ProjectConfig): Project {
  const roots = new RegExp(config.roots.map((dir) => escapeForRegex(dir + sep)).join('|'));
  const testMatch = config.testMatch.length ? globsToMatcher(config.testMatch) : () => true;
  const ignored = config.testPathIgnorePatterns.length ? new RegExp(config.testPathIgnorePatterns.join('|')) : undefined;
  const testRegex = config.testRegex.map((pattern) => new RegExp(pattern));
  return {
    name: config.displayName?.name ?? config.id,
    isMatch: (path) => roots.test(path) && testMatch(path) && !ignored?.test(path) && (testRegex.length === 0 || testRegex.some((regex) => regex.test(path))),
  };
}

/** The projects that would run `path`. */
const ownersOf = (path: string, projects: readonly Project[]) => projects.filter((project) => project.isMatch(path)).map((project) => project.name);

/** Files that do not belong to exactly one project, with the projects they are in. */
const misfiled = (paths: readonly string[], projects: readonly Project[]) =>
  paths.map((path) => ({ path, owners: ownersOf(path, projects) })).filter(({ owners }) => owners.length !== 1);

const testFiles = (readdirSync(join(rootDir, 'test'), { recursive: true, encoding: 'utf8' }) as string[])
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => join(rootDir, 'test', name))
  .sort();

let configs: Config.ProjectConfig[];
let projects: Project[];

beforeAll(async () => {
  const argv = { $0: 'jest', _: [] } as unknown as Config.Argv;
  ({ configs } = await readConfigs(argv, [rootDir]));
  projects = configs.map(matcherOf);
});

test('the config has the four projects, with the everyday loop (unit) first', () => {
  expect(projects.map((project) => project.name)).toEqual(['unit', 'slow', 'security', 'integration']);
});

test('finds the test files on disk (this one among them)', () => {
  expect(testFiles.length).toBeGreaterThan(100);
  expect(testFiles).toContain(__filename);
});

test('every test file is in exactly one project', () => {
  expect(misfiled(testFiles, projects)).toEqual([]);
});

test('this file runs in the unit project', () => {
  expect(ownersOf(__filename, projects)).toEqual(['unit']);
});

test('every testMatch entry of the listed projects names at least one test file (no stale entry)', () => {
  const stale = configs
    .filter((config) => config.displayName?.name !== 'unit')
    .flatMap((config) => config.testMatch.map((glob) => ({ project: config.displayName?.name, glob })))
    .filter(({ glob }) => !testFiles.some(globsToMatcher([glob])));
  expect(stale).toEqual([]);
});

test('the slow project holds the property, invariant and scale suites, out of the unit loop', () => {
  const slow = ['test/incident/invariants.test.ts', 'test/app/sweep-reads.test.ts', 'test/incident/powershell.test.ts'];
  for (const file of slow) expect({ file, owners: ownersOf(join(rootDir, file), projects) }).toEqual({ file, owners: ['slow'] });
});

test('the check fails for a file in two projects or in none', () => {
  const unit = projects[0]!;
  const twice = [...projects, { ...unit, name: 'unit again' }];
  const inUnit = join(rootDir, 'test', 'config.test.ts');
  expect(misfiled([inUnit], twice)).toEqual([{ path: inUnit, owners: ['unit', 'unit again'] }]);
  const outside = join(rootDir, 'src', 'config.test.ts');
  expect(misfiled([outside], projects)).toEqual([{ path: outside, owners: [] }]);
});
