import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configKeys, loadConfig } from '../../src/config';
import { projectRoot } from '../../src/project-root';

// The Bicep compiler is not installable here: check what the project can — app settings against the config schema, parameters.

const bicep = readFileSync(join(projectRoot(), 'infra', 'azure.bicep'), 'utf8');
const parameters = JSON.parse(readFileSync(join(projectRoot(), 'infra', 'azure.parameters.json'), 'utf8')).parameters as Record<string, { value: unknown }>;

const appSettings = [...bicep.matchAll(/\{ name: '([A-Za-z0-9_]+)', value: /g)].map((m) => m[1]);
const declaredParams = [...bicep.matchAll(/^param (\w+) (\w+)/gm)].map((m) => ({ name: m[1], type: m[2], hasDefault: new RegExp(`^param ${m[1]} \\w+ =`, 'm').test(bicep) }));

test('every key src/config.ts reads is set as an app setting', () => {
  for (const key of configKeys) expect(appSettings).toContain(key);
});

test('the parameters file names only declared parameters and gives every required one', () => {
  const names = declaredParams.map((p) => p.name);
  for (const key of Object.keys(parameters)) expect(names).toContain(key);
  for (const p of declaredParams.filter((d) => !d.hasDefault)) expect(Object.keys(parameters)).toContain(p.name);
});

test('the settings the template produces pass the config schema (with parameter values substituted)', () => {
  const env: Record<string, string> = {
    PORT: '8080', HOST: '0.0.0.0', MicrosoftAppId: '11111111-2222-4333-8444-555555555555', MicrosoftAppPassword: 'x',
    MicrosoftAppType: String(parameters.botAppType.value), MicrosoftAppTenantId: '11111111-2222-4333-8444-666666666666',
    STORE: 'blob', DATA_DIR: '/home/data', AZURE_STORAGE_ACCOUNT_URL: 'https://runbookst.blob.core.windows.net/',
    AZURE_STORAGE_CONNECTION_STRING: '', AZURE_STORAGE_CONTAINER: 'incidents', RUNBOOKS_DIR: '',
    APPROVER_IDS: String(parameters.approverIds.value), APPROVER_GROUP_ID: '', APPROVERS_CONVERSATION_ID: '', SUMMARY_CHANNEL_ID: '',
    APPROVAL_CARD_REFRESH: String(parameters.approvalCardRefresh.value), APPROVAL_REMIND_MINUTES: '30', IDLE_REMIND_MINUTES: '60',
    SEV1_RESPONSE_MINUTES: '10', REMINDER_SWEEP_SECONDS: '60', OUTBOX_LEASE_SECONDS: '30', LOG_LEVEL: String(parameters.logLevel.value),
    APPROVER_GROUP_CACHE_MINUTES: '5', GRAPH_AUTH: parameters.liveGraphChecks.value ? 'managed-identity' : 'none', GRAPH_TENANT_ID: '',
    GRAPH_CLIENT_ID: '11111111-2222-4333-8444-777777777777', GRAPH_CLIENT_SECRET: '', GRAPH_CERTIFICATE_PATH: '',
    GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0', DNS_CHECKS: String(parameters.dnsChecks.value), DNS_SERVERS: '',
    APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=11111111-2222-4333-8444-999999999999;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
    TELEMETRY_METRIC_INTERVAL_SECONDS: '60',
  };
  for (const key of configKeys) expect(Object.keys(env)).toContain(key);
  const loaded = loadConfig(env);
  expect(loaded.ok ? [] : loaded.problems).toEqual([]);
});

test('with live Graph checks on, the template authenticates to Graph with the managed identity and turns on App Insights', () => {
  // An approver group is read through Graph, so it turns Graph on too (config.ts refuses the group without it).
  expect(bicep).toContain("{ name: 'GRAPH_AUTH', value: (liveGraphChecks || !empty(approverGroupId)) ? 'managed-identity' : 'none' }");
  expect(bicep).toContain("{ name: 'GRAPH_CLIENT_ID', value: identity.properties.clientId }");
  // Telemetry is the bot's own OpenTelemetry: the codeless agent would count every request twice.
  expect(bicep).toContain("{ name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }");
  expect(bicep).toContain("{ name: 'ApplicationInsightsAgent_EXTENSION_VERSION', value: 'disabled' }");
  const env = { APPROVER_IDS: String(parameters.approverIds.value), GRAPH_AUTH: 'managed-identity', GRAPH_CLIENT_ID: '11111111-2222-4333-8444-777777777777', APPROVER_GROUP_ID: '11111111-2222-4333-8444-888888888888' };
  const loaded = loadConfig(env);
  expect(loaded.ok ? [] : loaded.problems).toEqual([]);
});

test('standard resource types only, each with a pinned API version', () => {
  const types = [...bicep.matchAll(/^resource \w+ '([^']+)'/gm)].map((m) => m[1]);
  expect(types.every((t) => /^Microsoft\.[A-Za-z]+\/[A-Za-z/]+@\d{4}-\d{2}-\d{2}(-preview)?$/.test(t))).toBe(true);
  for (const needed of ['Microsoft.Web/sites', 'Microsoft.Web/serverfarms', 'Microsoft.BotService/botServices', 'Microsoft.BotService/botServices/channels', 'Microsoft.Storage/storageAccounts', 'Microsoft.Authorization/roleAssignments', 'Microsoft.Insights/components', 'Microsoft.ManagedIdentity/userAssignedIdentities']) {
    expect(types.some((t) => t.startsWith(`${needed}@`))).toBe(true);
  }
  expect(bicep).toContain("'ba92f5b4-2d11-453d-a403-e96b0029c9fe'");
  // The due index lives in blob index tags: the identity may write them with a blob and find blobs by them.
  for (const action of ['blobs/tags/read', 'blobs/tags/write', 'blobs/filter/action']) {
    expect(bicep).toContain(`'Microsoft.Storage/storageAccounts/blobServices/containers/${action}'`);
  }
  expect(types.some((t) => t.startsWith('Microsoft.Authorization/roleDefinitions@'))).toBe(true);
  expect(bicep).toMatch(/linuxFxVersion: 'NODE\|20-lts'/);
  expect(bicep).toMatch(/endpoint: 'https:\/\/\$\{app\.properties\.defaultHostName\}\/api\/messages'/);
});
