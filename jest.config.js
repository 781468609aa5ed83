/**
 * jest: TypeScript through ts-jest (transpile only; `npm run typecheck` checks types), in two projects:
 * - unit: in-process tests (engine, cards, the app on botbuilder's TestAdapter); no build step: `npm run test:unit`.
 * - security: the attack, fuzz and property suites (thousands of generated inputs, about 2.5 minutes of CPU).
 * - integration: tests that start real processes from dist/ (the bot, the Playground with Chromium, crash and
 *   restart loops, the CLI scripts), Azurite, or dependency-cruiser; their globalSetup compiles dist/ once.
 * `npm test` runs both.
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
      testPathIgnorePatterns: ['/node_modules/', ...[...integration, ...security].map(toPattern)],
    },
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
