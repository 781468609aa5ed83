import { z } from 'zod';
import { GraphClient, createGraphCredential, odataString, retryAfterMs, tokenProviderFromCredential } from '../../src/diagnostics/graph-client';
import { GraphStandIn, staticToken } from './graph-stand-in';

const thing = z.object({ id: z.string() });

describe('GraphClient against a loopback stand-in', () => {
  let graph: GraphStandIn;
  let sleeps: number[];
  const client = (extra: Partial<ConstructorParameters<typeof GraphClient>[0]> = {}) =>
    new GraphClient({ tokens: staticToken('tok-1'), baseUrl: graph.baseUrl, sleep: async (ms) => void sleeps.push(ms), ...extra });

  beforeEach(async () => {
    graph = await new GraphStandIn().start();
    sleeps = [];
  });
  afterEach(() => graph.stop());

  it('sends the bearer token and parses the body', async () => {
    graph.on('/things/1', { body: { id: '1', extra: true } });
    await expect(client().get('/things/1', thing)).resolves.toEqual({ ok: true, value: { id: '1' } });
    expect(graph.requests[0]!.authorization).toBe('Bearer tok-1');
  });

  it('follows @odata.nextLink across pages', async () => {
    graph.on('/things', (_req, url) =>
      url.searchParams.get('$skiptoken') === 'p2'
        ? { body: { value: [{ id: 'c' }] } }
        : { body: { value: [{ id: 'a' }, { id: 'b' }], '@odata.nextLink': `${graph.baseUrl}/things?$skiptoken=p2` } },
    );
    const res = await client().getAll('/things', thing);
    expect(res).toEqual({ ok: true, value: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
    expect(graph.callsTo('/things')).toBe(2);
  });

  it('refuses a nextLink to another host (the token would leak)', async () => {
    graph.on('/things', { body: { value: [{ id: 'a' }], '@odata.nextLink': 'http://127.0.0.2:9/v1.0/things?$skiptoken=x' } });
    const res = await client().getAll('/things', thing);
    expect(res).toEqual({ ok: false, reason: 'not available: Graph sent a next page link to another host' });
  });

  it('follows a relative nextLink on the same host', async () => {
    graph.on('/things', (_req, url) =>
      url.searchParams.get('$skiptoken') === 'p2'
        ? { body: { value: [{ id: 'b' }] } }
        : { body: { value: [{ id: 'a' }], '@odata.nextLink': '/v1.0/things?$skiptoken=p2' } },
    );
    await expect(client().getAll('/things', thing)).resolves.toEqual({ ok: true, value: [{ id: 'a' }, { id: 'b' }] });
  });

  it('answers in words, never throws, for a nextLink that is not a URL', async () => {
    graph.on('/things', { body: { value: [{ id: 'a' }], '@odata.nextLink': 'http://[bad' } });
    await expect(client().getAll('/things', thing)).resolves.toEqual({ ok: false, reason: 'not available: Graph sent a next page link that is not a URL' });
  });

  it('stops after maxPages', async () => {
    graph.on('/things', { body: { value: [{ id: 'a' }], '@odata.nextLink': `${graph.baseUrl}/things?$skiptoken=again` } });
    const res = await client({ maxPages: 3 }).getAll('/things', thing);
    expect(res).toEqual({ ok: false, reason: 'not available: more than 3 pages from Graph' });
    expect(graph.callsTo('/things')).toBe(3);
  });

  it('waits Retry-After on 429 and then succeeds', async () => {
    graph.on('/things/1', [{ status: 429, headers: { 'retry-after': '2' }, body: { error: { code: 'TooManyRequests' } } }, { body: { id: '1' } }]);
    await expect(client().get('/things/1', thing)).resolves.toEqual({ ok: true, value: { id: '1' } });
    expect(sleeps).toEqual([2000]);
  });

  it('backs off on 500 then succeeds', async () => {
    graph.on('/things/1', [{ status: 500 }, { status: 503 }, { body: { id: '1' } }]);
    await expect(client().get('/things/1', thing)).resolves.toEqual({ ok: true, value: { id: '1' } });
    expect(sleeps).toEqual([250, 500]);
  });

  it('gives up after the bounded attempts with the status in words', async () => {
    graph.on('/things/1', { status: 503, body: { error: { code: 'ServiceUnavailable' } } });
    await expect(client({ maxAttempts: 2 }).get('/things/1', thing)).resolves.toEqual({
      ok: false,
      reason: 'not available: Graph answered 503 (ServiceUnavailable)',
    });
    expect(graph.callsTo('/things/1')).toBe(2);
  });

  it('does not wait a Retry-After longer than allowed', async () => {
    graph.on('/things/1', { status: 429, headers: { 'retry-after': '120' } });
    await expect(client().get('/things/1', thing)).resolves.toEqual({
      ok: false,
      reason: 'not available: Graph asked to retry after 120 s',
    });
    expect(sleeps).toEqual([]);
  });

  it('names the missing permission on 403 and does not retry', async () => {
    graph.on('/things/1', { status: 403, body: { error: { code: 'Forbidden', message: 'Insufficient privileges' } } });
    const res = await client().get('/things/1', thing, { permission: 'ExchangeMessageTrace.Read.All' });
    expect(res).toEqual({ ok: false, reason: 'not available: Graph answered 403 (missing permission ExchangeMessageTrace.Read.All)' });
    expect(graph.callsTo('/things/1')).toBe(1);
  });

  it('times out a slow answer at the 3 s cap even when asked for longer', async () => {
    graph.on('/slow', { delayMs: 3600, body: { id: 'late' } });
    const started = Date.now();
    const res = await client({ timeoutMs: 60_000 }).get('/slow', thing);
    expect(res).toEqual({ ok: false, reason: 'not available: timed out after 3 s' });
    expect(Date.now() - started).toBeLessThan(3500);
  });

  it('rejects a body of the wrong shape', async () => {
    graph.on('/things/1', { body: { id: 42 } });
    const res = await client().get('/things/1', thing);
    expect(res.ok).toBe(false);
    expect(!res.ok && res.reason).toMatch(/^not available: Graph answered in an unexpected shape \(id: /);
  });

  it('reports a failing token provider without calling Graph', async () => {
    const tokens = { getToken: async () => Promise.reject(new Error('AADSTS7000215: invalid client secret')) };
    const res = await client({ tokens }).get('/things/1', thing);
    expect(res).toEqual({ ok: false, reason: 'not available: no Graph token (AADSTS7000215: invalid client secret)' });
    expect(graph.requests).toHaveLength(0);
  });

  it('reports an unreachable Graph', async () => {
    const url = graph.baseUrl;
    await graph.stop();
    const res = await new GraphClient({ tokens: staticToken(), baseUrl: url }).get('/x', thing);
    expect(!res.ok && res.reason).toMatch(/^not available: Graph unreachable/);
  });
});

describe('helpers', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', () => Date.parse('2026-01-01T00:00:00Z'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('quotes OData string literals', () => {
    expect(odataString("o'brien@contoso.com")).toBe("'o''brien@contoso.com'");
  });

  it('adapts a TokenCredential with the Graph scope', async () => {
    const scopes: unknown[] = [];
    const provider = tokenProviderFromCredential({
      getToken: async (scope) => (scopes.push(scope), { token: 'abc', expiresOnTimestamp: 0 }),
    });
    await expect(provider.getToken()).resolves.toBe('abc');
    expect(scopes).toEqual(['https://graph.microsoft.com/.default']);
  });

  it('gives the credential an abort signal that fires after the timeout', async () => {
    let signal: AbortSignal | undefined;
    const provider = tokenProviderFromCredential(
      {
        getToken: (_scope, options) =>
          new Promise((_resolve, reject) => {
            signal = options?.abortSignal as AbortSignal | undefined;
            signal?.addEventListener('abort', () => reject(new Error('The operation was aborted')));
          }),
      },
      undefined,
      50,
    );
    await expect(provider.getToken()).rejects.toThrow('aborted');
    expect(signal?.aborted).toBe(true);
  });

  it('builds the configured credential kind', () => {
    const tenantId = '00000000-0000-0000-0000-000000000001';
    const clientId = '00000000-0000-0000-0000-000000000002';
    expect(createGraphCredential({ kind: 'clientSecret', tenantId, clientId, clientSecret: 's' }).constructor.name).toBe('ClientSecretCredential');
    expect(createGraphCredential({ kind: 'certificate', tenantId, clientId, certificatePath: '/nonexistent.pem' }).constructor.name).toBe(
      'ClientCertificateCredential',
    );
    expect(createGraphCredential({ kind: 'managedIdentity', clientId }).constructor.name).toBe('ManagedIdentityCredential');
    expect(createGraphCredential({ kind: 'default' }).constructor.name).toBe('DefaultAzureCredential');
  });
});
