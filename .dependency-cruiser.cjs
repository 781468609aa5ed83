// @ts-check
/**
 * Layering rules of DESIGN.md ("Layers and folders"), checked by dependency-cruiser.
 * Run: `npm run lint:layers`; test/architecture.test.ts runs the same config in `npm test`.
 * Paths are relative to the folder depcruise runs in; every rule starts `from` src/, so
 * test/, bench/ and scripts/ are exempt. Rules name folders of the target layout whether or
 * not they exist yet.
 */
const path = require('node:path');

/** npm packages of the Bot Framework SDK (resolved under node_modules, or bare when not installed). */
const BOT_FRAMEWORK = '(?:botbuilder|botbuilder-[^/]+|botframework-[^/]+)';
const botFramework = `(?:^|/)node_modules/${BOT_FRAMEWORK}/|^${BOT_FRAMEWORK}(?:/|$)`;

/** Node modules that do I/O, with or without `node:`. node:crypto and node:path stay allowed. */
const nodeIo = '^(?:node:)?(?:fs|fs/promises|net|http|https|child_process|dgram|dns|dns/promises|worker_threads)$';

/** A bare or resolved npm package path matcher. */
const pkg = (name) => `(?:^|/)node_modules/${name}(?:/|$)|^${name}(?:/|$)`;

/** Adapters and I/O that a pure layer (incident, runbook, cards) may not import. */
const impure = [
  nodeIo,
  pkg('restify'),
  pkg('@azure/[^/]+'),
  pkg('pino'),
  '^src/(?:store|teams|app|diagnostics|dev)/',
  '^src/(?:server|config|app|index)\\.ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'only-teams-imports-botbuilder',
      comment: 'Only src/teams imports botbuilder; the composition root builds the adapter through src/teams.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/teams/' },
      to: { path: botFramework },
    },
    {
      name: 'incident-runbook-pure',
      comment: 'src/incident and src/runbook import no I/O and no outer layer; the runbook loader is the one edge module.',
      severity: 'error',
      from: { path: '^src/(?:incident|runbook)/', pathNot: '^src/runbook/loader\\.ts$' },
      to: { path: impure },
    },
    {
      name: 'cards-pure',
      comment:
        'src/cards are pure functions from an incident view to card JSON (incident, runbook and the templating packages only); templates.ts is the loader of the JSON templates in cards/, read once at start-up.',
      severity: 'error',
      from: { path: '^src/cards/', pathNot: '^src/cards/templates\\.ts$' },
      to: { path: impure },
    },
    {
      name: 'app-not-to-teams',
      comment: 'src/app holds the application services; Teams glue and HTTP stay outside it.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: ['^src/teams/', botFramework, pkg('restify')] },
    },
    {
      name: 'store-not-to-outer-layers',
      comment: 'src/store persists incidents; it knows nothing of Teams, the app services, cards or diagnostics.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(?:teams|app|cards|diagnostics)/' },
    },
    {
      name: 'diagnostics-not-to-teams-or-app',
      comment: 'src/diagnostics are optional live checks called by the app, never the other way round.',
      severity: 'error',
      from: { path: '^src/diagnostics/' },
      to: { path: ['^src/(?:teams|app)/', botFramework] },
    },
    {
      name: 'dev-only-through-composition-root',
      comment:
        'src/dev is dev-only tooling (npm run dev, tests): no production module imports it; the composition root (src/app.ts) wires the act-as wrapper only when config.DEV_ACT_AS is on without an app id.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/dev/', '^src/app\\.ts$'] },
      to: { path: '^src/dev/' },
    },
    {
      name: 'dev-before-teams',
      comment: 'src/dev works on activity JSON at the HTTP edge, before the Teams layer: it imports neither src/teams nor botbuilder.',
      severity: 'error',
      from: { path: '^src/dev/' },
      to: { path: ['^src/teams/', botFramework] },
    },
    {
      name: 'telemetry-at-the-edge',
      comment: 'src/telemetry wraps what the composition root hands it; it reads incident types and the Transport interface only.',
      severity: 'error',
      from: { path: '^src/telemetry/' },
      to: { path: ['^src/(?:teams|cards|store|diagnostics|dev)/', '^src/app/(?!outbound\\.ts$)', botFramework] },
    },
    {
      name: 'only-telemetry-imports-the-otel-sdk',
      comment: 'The OpenTelemetry SDK and the Azure Monitor exporter are set up in src/telemetry alone.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/telemetry/' },
      to: { path: [pkg('@opentelemetry/[^/]+'), pkg('@azure/monitor-opentelemetry-exporter')] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles among src modules at run time (cycles of value imports).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, path: '^src/', viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-types',
      comment: 'No cycles through type-only imports either; a warning while the ones of today remain (issue 13).',
      severity: 'warn',
      from: { path: '^src/' },
      to: { circular: true, path: '^src/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a pure layer may not even name an outer layer's types.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(__dirname, 'tsconfig.json') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
