/**
 * jest: TypeScript through ts-jest (transpile only: tsconfig.json has isolatedModules; `npm run typecheck` checks types),
 * in four projects, each test file in exactly one (test/jest-projects.test.ts checks that):
 * - unit: the everyday loop, every in-process test not listed below; no build step: `npm run test:unit` (under 40 s).
 * - slow: in-process property, invariant and scale suites (random command sequences, 10,000 incidents, thousands of
 *   generated values); the same code as unit, just too slow for the everyday loop: `npm run test:slow`.
 * - security: the attack, fuzz and property suites (thousands of generated inputs, about 2.5 minutes of CPU).
 * - integration: tests that start real processes from dist/ (the bot, the Playground with Chromium, crash and
 *   restart loops, the CLI scripts), Azurite, or dependency-cruiser; their globalSetup compiles dist/ once.
 * `npm test` runs all four. test:unit and test:slow pass --maxWorkers=100%: jest's default is one worker fewer than
 * the cores, so on a 2-core machine it runs in band (the unit loop took about 65 s that way, about 30 s with two).
 */
const integration = [
  '<rootDir>/test/e2e/**/*.test.ts',
  '<rootDir>/test/scripts/**/*.test.ts',
  '<rootDir>/test/store/crash-safety.test.ts',
  '<rootDir>/test/store/blob-store.test.ts',
  '<rootDir>/test/dev/act-as-http.test.ts',
  '<rootDir>/test/http-parser-warning.test.ts',
  '<rootDir>/test/architecture.test.ts',
];

const security = ['<rootDir>/test/security/**/*.test.ts'];

const slow = ['<rootDir>/test/incident/invariants.test.ts', '<rootDir>/test/app/sweep-reads.test.ts', '<rootDir>/test/incident/powershell.test.ts'];

const shared = {
  // Node's environment with src/server.ts's filter: tests that load restify themselves drop the one DEP0111 warning.
  testEnvironment: '<rootDir>/test/quiet-node-environment.ts',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};

module.exports = {
  testTimeout: 30000,
  collectCoverageFrom: ['src/**/*.ts'],
  coverageReporters: ['text-summary', 'lcov'],
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...[...integration, ...security, ...slow].map(toPattern)],
    },
    { ...shared, displayName: 'slow', testMatch: slow },
    { ...shared, displayName: 'security', testMatch: security },
    { ...shared, displayName: 'integration', testMatch: integration, globalSetup: '<rootDir>/test/global-setup.js' },
  ],
};

// A testMatch glob as a path pattern for testPathIgnorePatterns: a double star and slash for any folders, a star within a name.
function toPattern(glob) {
  return glob
    .replace('<rootDir>', '')
    .replace(/\./g, '\\.')
    .split('**/')
    .map((part) => part.replace(/\*/g, '[^/]*'))
    .join('(?:.*/)?');
}
