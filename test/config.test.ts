import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configKeys, loadConfig } from '../src/config';

const approver = 'a2000000-0000-4000-8000-000000000002';

test('defaults: file store on port 3978, anonymous', () => {
  const loaded = loadConfig({ APPROVER_IDS: approver });
  expect(loaded).toMatchObject({ ok: true, config: { PORT: 3978, STORE: 'file', DATA_DIR: './data', APPROVER_IDS: [approver], APPROVAL_CARD_REFRESH: false } });
});

test('every bad or missing key is listed at once, secrets never echoed', () => {
  const loaded = loadConfig({
    PORT: 'eighty',
    STORE: 'redis',
    MicrosoftAppId: 'not-a-guid',
    MicrosoftAppPassword: 's3cr3t-value',
    APPROVER_IDS: 'bob',
    MicrosoftAppType: 'SingleTenant',
  });
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
  const example = readFileSync(join(__dirname, '..', '.env.example'), 'utf8');
  for (const key of configKeys) expect(example).toMatch(new RegExp(`^${key}=`, 'm'));
});

describe('live checks', () => {
  test('off by default: no Graph, no DNS', () => {
    const loaded = loadConfig({ APPROVER_IDS: approver });
    expect(loaded).toMatchObject({
      ok: true,
      config: { GRAPH_AUTH: 'none', DNS_CHECKS: false, DNS_SERVERS: [], GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0', APPROVER_GROUP_CACHE_MINUTES: 5 },
    });
  });

  test('a client secret needs tenant, client id and secret; the secret is never echoed', () => {
    const loaded = loadConfig({ APPROVER_IDS: approver, GRAPH_AUTH: 'client-secret', GRAPH_CLIENT_SECRET: 'graph-s3cret', GRAPH_CLIENT_ID: 'nope' });
    const text = loaded.ok ? '' : loaded.problems.join('\n');
    expect(text).toMatch(/GRAPH_TENANT_ID: is required when GRAPH_AUTH=client-secret/);
    expect(text).toMatch(/GRAPH_CLIENT_ID: must be an app \(client\) id/);
    expect(text).not.toMatch(/GRAPH_CLIENT_SECRET: is required/);
    expect(text).not.toContain('graph-s3cret');
  });

  test('a certificate needs its path; an unknown method is named', () => {
    const cert = loadConfig({ APPROVER_IDS: approver, GRAPH_AUTH: 'certificate', GRAPH_TENANT_ID: approver, GRAPH_CLIENT_ID: approver });
    expect(cert.ok ? [] : cert.problems).toEqual(['GRAPH_CERTIFICATE_PATH: is required when GRAPH_AUTH=certificate']);
    const odd = loadConfig({ APPROVER_IDS: approver, GRAPH_AUTH: 'password' });
    expect(odd.ok ? '' : odd.problems.join('\n')).toMatch(/^GRAPH_AUTH: /m);
  });

  test('the approver group needs Graph; with a managed identity it is enough on its own', () => {
    const alone = loadConfig({ APPROVER_GROUP_ID: approver });
    expect(alone.ok ? [] : alone.problems).toEqual(['APPROVER_GROUP_ID: needs GRAPH_AUTH (the group members are read through Microsoft Graph)']);
    expect(loadConfig({ APPROVER_GROUP_ID: approver, GRAPH_AUTH: 'managed-identity' })).toMatchObject({
      ok: true,
      config: { APPROVER_IDS: [], APPROVER_GROUP_ID: approver },
    });
  });

  test('DNS servers are IP addresses with an optional port', () => {
    expect(loadConfig({ APPROVER_IDS: approver, DNS_CHECKS: 'true', DNS_SERVERS: '127.0.0.1:5353, 10.0.0.53' })).toMatchObject({
      ok: true,
      config: { DNS_CHECKS: true, DNS_SERVERS: ['127.0.0.1:5353', '10.0.0.53'] },
    });
    const bad = loadConfig({ APPROVER_IDS: approver, DNS_SERVERS: 'dns.google' });
    expect(bad.ok ? '' : bad.problems.join('\n')).toMatch(/DNS_SERVERS\.0: each DNS server must be an IP address/);
  });
});

test('the Graph base URL is https, or plain http on loopback only (the bearer token goes there)', () => {
  const bad = loadConfig({ APPROVER_IDS: approver, GRAPH_BASE_URL: 'http://graph.example.com/v1.0' });
  expect(bad.ok ? '' : bad.problems.join('\n')).toMatch(/^GRAPH_BASE_URL: must be https \(plain http only on loopback/m);
  expect(loadConfig({ APPROVER_IDS: approver, GRAPH_BASE_URL: 'http://127.0.0.1:4100/v1.0' }).ok).toBe(true);
  expect(loadConfig({ APPROVER_IDS: approver, GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0' }).ok).toBe(true);
});
