import { type Config, loadConfig } from '../../src/config';
import { diagnosticsFromConfig, graphCredentialOptions } from '../../src/diagnostics/setup';
import { GraphStandIn, staticToken } from './graph-stand-in';

// From configuration to the live-check parts: Graph client or none, DNS options or none, the approver check.

const TENANT = '0d1e2f30-0000-4000-8000-000000000001';
const CLIENT = 'c1e2a3b4-0000-4000-8000-000000000002';
const APPROVER = 'a2000000-0000-4000-8000-000000000001';
const GROUP = '11111111-1111-4111-8111-111111111111';
const MEMBER = '22222222-0000-4000-8000-00000000000a';
const STRANGER = '33333333-0000-4000-8000-000000000000';

/** A valid Config from environment strings; fails the test with the problems otherwise. */
function config(env: Record<string, string>): Config {
  const loaded = loadConfig({ APPROVER_IDS: APPROVER, ...env });
  if (!loaded.ok) throw new Error(`config rejected:\n${loaded.problems.join('\n')}`);
  return loaded.config;
}

describe('graphCredentialOptions', () => {
  it('is undefined for GRAPH_AUTH=none (the default)', () => {
    expect(graphCredentialOptions(config({}))).toBeUndefined();
    expect(graphCredentialOptions(config({ GRAPH_AUTH: 'none' }))).toBeUndefined();
  });

  it('names tenant, client and secret for client-secret', () => {
    expect(
      graphCredentialOptions(config({ GRAPH_AUTH: 'client-secret', GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: 'graph-s3cret' })),
    ).toEqual({
      kind: 'clientSecret',
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: 'graph-s3cret',
    });
  });

  it('names tenant, client and the certificate path for certificate', () => {
    expect(
      graphCredentialOptions(
        config({ GRAPH_AUTH: 'certificate', GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CERTIFICATE_PATH: '/etc/bot/graph.pem' }),
      ),
    ).toEqual({
      kind: 'certificate',
      tenantId: TENANT,
      clientId: CLIENT,
      certificatePath: '/etc/bot/graph.pem',
    });
  });

  it('uses the system-assigned managed identity, or the user-assigned one named by GRAPH_CLIENT_ID', () => {
    expect(graphCredentialOptions(config({ GRAPH_AUTH: 'managed-identity' }))).toEqual({ kind: 'managedIdentity' });
    expect(graphCredentialOptions(config({ GRAPH_AUTH: 'managed-identity', GRAPH_CLIENT_ID: CLIENT }))).toEqual({ kind: 'managedIdentity', clientId: CLIENT });
  });

  it('leaves the choice to DefaultAzureCredential for default', () => {
    expect(graphCredentialOptions(config({ GRAPH_AUTH: 'default' }))).toEqual({ kind: 'default' });
  });
});

describe('diagnosticsFromConfig', () => {
  it('builds no Graph client and no DNS options when nothing is configured', () => {
    const setup = diagnosticsFromConfig(config({ GRAPH_AUTH: 'none' }));
    expect(setup.graph).toBeUndefined();
    expect(setup.dns).toBeUndefined();
    expect(setup.availability).toEqual({ graph: false, dns: false });
  });

  it('builds no Graph client for GRAPH_AUTH=none even when a token provider is given', () => {
    const setup = diagnosticsFromConfig(config({}), { tokens: staticToken() });
    expect(setup.graph).toBeUndefined();
    expect(setup.availability.graph).toBe(false);
  });

  it.each([
    ['client-secret', { GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: 'graph-s3cret' }],
    ['certificate', { GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CERTIFICATE_PATH: '/etc/bot/graph.pem' }],
    ['managed-identity', {}],
    ['default', {}],
  ])('builds a Graph client for %s without calling out', (auth, extra) => {
    const setup = diagnosticsFromConfig(config({ GRAPH_AUTH: auth, ...extra }));
    expect(setup.graph).toBeDefined();
    expect(setup.availability).toEqual({ graph: true, dns: false });
  });

  it('turns DNS checks on with DNS_CHECKS, with the servers given or the system resolver', () => {
    expect(diagnosticsFromConfig(config({ DNS_CHECKS: 'true', DNS_SERVERS: '127.0.0.1:5353, 10.0.0.53' }))).toMatchObject({
      dns: { servers: ['127.0.0.1:5353', '10.0.0.53'] },
      availability: { graph: false, dns: true },
    });
    expect(diagnosticsFromConfig(config({ DNS_CHECKS: '1' })).dns).toEqual({});
    expect(diagnosticsFromConfig(config({ DNS_CHECKS: 'false', DNS_SERVERS: '127.0.0.1:5353' })).dns).toBeUndefined();
  });
});

describe('approvers from configuration', () => {
  let graph: GraphStandIn;
  const MEMBERS = `/groups/${GROUP}/transitiveMembers`;

  beforeEach(async () => {
    graph = await new GraphStandIn().start();
  });
  afterEach(() => graph.stop());

  it('accepts the configured ids (any casing) and nobody else, without Graph', async () => {
    const { approvers } = diagnosticsFromConfig(config({ APPROVER_IDS: APPROVER.toUpperCase() }));
    await expect(approvers.isApprover(APPROVER)).resolves.toBe(true);
    await expect(approvers.isApprover(STRANGER)).resolves.toBe(false);
    expect(approvers.source()).toEqual({ source: 'configured-only' });
  });

  it('accepts members of the approver group (nested too) read through Graph at GRAPH_BASE_URL', async () => {
    graph.on(MEMBERS, { body: { value: [{ '@odata.type': '#microsoft.graph.user', id: MEMBER }, { id: '44444444-0000-4000-8000-000000000004' }] } });
    const fallbacks: string[] = [];
    const setup = diagnosticsFromConfig(config({ GRAPH_AUTH: 'managed-identity', GRAPH_BASE_URL: graph.baseUrl, APPROVER_GROUP_ID: GROUP }), {
      tokens: staticToken('group-token'),
      onFallback: (r) => void fallbacks.push(r),
    });
    await expect(setup.approvers.isApprover(MEMBER)).resolves.toBe(true);
    await expect(setup.approvers.isApprover(APPROVER)).resolves.toBe(true);
    await expect(setup.approvers.isApprover(STRANGER)).resolves.toBe(false);
    expect(graph.callsTo(MEMBERS)).toBe(1);
    expect(graph.requests[0]!.authorization).toBe('Bearer group-token');
    expect(setup.approvers.source()).toMatchObject({ source: 'group', memberCount: 2 });
    expect(fallbacks).toEqual([]);
  });

  it('falls back to the configured ids when the group cannot be read, and says why', async () => {
    graph.on(MEMBERS, { status: 403, body: { error: { code: 'Authorization_RequestDenied' } } });
    const fallbacks: string[] = [];
    const setup = diagnosticsFromConfig(config({ GRAPH_AUTH: 'managed-identity', GRAPH_BASE_URL: graph.baseUrl, APPROVER_GROUP_ID: GROUP }), {
      tokens: staticToken(),
      onFallback: (r) => void fallbacks.push(r),
    });
    await expect(setup.approvers.isApprover(MEMBER)).resolves.toBe(false);
    await expect(setup.approvers.isApprover(APPROVER)).resolves.toBe(true);
    expect(fallbacks).toEqual([
      'approver group ignored, configured approvers only: not available: Graph answered 403 (missing permission GroupMember.Read.All)',
    ]);
    expect(setup.approvers.source()).toEqual({
      source: 'configured-only',
      reason: 'not available: Graph answered 403 (missing permission GroupMember.Read.All)',
    });
  });
});
