import { GraphClient } from '../../src/diagnostics/graph-client';
import { serviceHealth } from '../../src/diagnostics/service-health';
import { GraphStandIn, staticToken } from './graph-stand-in';

const PATH = '/admin/serviceAnnouncement/healthOverviews/Exchange Online';

const makeIssue = (over: Record<string, unknown> = {}) => ({
  id: 'EX512345',
  title: 'Users may see delays sending external mail',
  classification: 'incident',
  status: 'serviceDegradation',
  startDateTime: '2026-11-20T07:00:00Z',
  endDateTime: null,
  isResolved: false,
  impactDescription: 'Outbound delays',
  feature: 'E-Mail and calendar access',
  ...over,
});

describe('serviceHealth', () => {
  let graph: GraphStandIn;
  const client = () => new GraphClient({ tokens: staticToken(), baseUrl: graph.baseUrl, sleep: async () => {} });

  beforeEach(async () => {
    graph = await new GraphStandIn().start();
  });
  afterEach(() => graph.stop());

  it('asks for the URL-encoded service with its issues and lists the open ones', async () => {
    graph.on(PATH, {
      body: {
        id: 'Exchange Online',
        service: 'Exchange Online',
        status: 'serviceDegradation',
        issues: [
          makeIssue(),
          makeIssue({ id: 'EX500000', classification: 'advisory', status: 'serviceRestored', isResolved: true, startDateTime: '2026-11-01T00:00:00Z' }),
          makeIssue({ id: 'EX512000', classification: 'advisory', title: 'Message trace delays', startDateTime: '2026-11-19T07:00:00Z' }),
        ],
      },
    });
    const res = await serviceHealth(client());
    expect(graph.requests[0]!.url.pathname).toBe('/v1.0/admin/serviceAnnouncement/healthOverviews/Exchange%20Online');
    expect(graph.requests[0]!.url.searchParams.get('$expand')).toBe('issues');
    if (!res.ok) throw new Error(res.reason);
    expect(res.value.healthy).toBe(false);
    expect(res.value.openIssues.map((i) => i.id)).toEqual(['EX512345', 'EX512000']);
    expect(res.value.openIssues[0]).toEqual({
      id: 'EX512345',
      title: 'Users may see delays sending external mail',
      classification: 'incident',
      status: 'serviceDegradation',
      startDateTime: '2026-11-20T07:00:00Z',
      impactDescription: 'Outbound delays',
    });
    expect(res.value.sentence).toBe(
      'Exchange Online is degraded with 1 incident and 1 advisory open; newest: EX512345 "Users may see delays sending external mail" since 2026-11-20T07:00:00Z.',
    );
  });

  it('says operational with no open issues', async () => {
    graph.on(PATH, { body: { id: 'Exchange Online', service: 'Exchange Online', status: 'serviceOperational', issues: [] } });
    const res = await serviceHealth(client());
    expect(res).toMatchObject({ ok: true, value: { healthy: true, openIssues: [], sentence: 'Exchange Online is operational; no open issues.' } });
  });

  it('names ServiceHealth.Read.All on 403', async () => {
    graph.on(PATH, { status: 403, body: { error: { code: 'Forbidden' } } });
    await expect(serviceHealth(client())).resolves.toEqual({
      ok: false,
      reason: 'not available: Graph answered 403 (missing permission ServiceHealth.Read.All)',
    });
  });

  it('rejects an overview without a status', async () => {
    graph.on(PATH, { body: { service: 'Exchange Online', issues: [] } });
    const res = await serviceHealth(client());
    expect(!res.ok && res.reason).toMatch(/unexpected shape \(status/);
  });
});
