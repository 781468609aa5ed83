import { configKeys, loadConfig } from '../src/config';

const approver = 'a2000000-0000-4000-8000-000000000002';

test('defaults: file store on port 3978, anonymous', () => {
  const loaded = loadConfig({ APPROVER_IDS: approver });
  expect(loaded).toMatchObject({ ok: true, config: { PORT: 3978, STORE: 'file', DATA_DIR: './data', APPROVER_IDS: [approver], APPROVAL_CARD_REFRESH: false } });
});

test('every bad or missing key is listed at once, secrets never echoed', () => {
  const loaded = loadConfig({ PORT: 'eighty', STORE: 'redis', MicrosoftAppId: 'not-a-guid', MicrosoftAppPassword: 's3cr3t-value', APPROVER_IDS: 'bob', MicrosoftAppType: 'SingleTenant' });
  expect(loaded.ok).toBe(false);
  const problems = loaded.ok ? [] : loaded.problems;
  const text = problems.join('\n');
  for (const key of ['PORT', 'STORE', 'MicrosoftAppId', 'APPROVER_IDS']) expect(text).toContain(key);
  expect(text).not.toContain('s3cr3t-value');
});

test('cross-field rules: tenant for single tenant, storage for blob, approvers required', () => {
  const loaded = loadConfig({ STORE: 'blob', MicrosoftAppType: 'SingleTenant' });
  const text = loaded.ok ? '' : loaded.problems.join('\n');
  expect(text).toMatch(/MicrosoftAppTenantId: is required when MicrosoftAppType=SingleTenant/);
  expect(text).toMatch(/AZURE_STORAGE_CONNECTION_STRING: or AZURE_STORAGE_ACCOUNT_URL is required/);
  expect(text).toMatch(/APPROVER_IDS: is required/);
});

test('.env.example lists every key the config reads', () => {
  const example = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '.env.example'), 'utf8') as string;
  for (const key of configKeys) expect(example).toMatch(new RegExp(`^${key}=`, 'm'));
});
