import { RequestBudget } from '../../src/diagnostics/request-budget';
import { runChecks } from '../../src/diagnostics/run-checks';
import { GraphClient } from '../../src/diagnostics/graph-client';
import { defaultRunbooksDir, loadRunbooks } from '../../src/runbook/loader';
import { GraphStandIn, staticToken } from './graph-stand-in';

describe('RequestBudget: a sliding window', () => {
  test('spends up to the limit, then says when enough is free again', () => {
    let now = 0;
    const budget = new RequestBudget(5, 60_000, () => now);
    expect([budget.take(2), budget.take(2)]).toEqual([{ ok: true }, { ok: true }]);
    expect(budget.take(2)).toEqual({ ok: false, retryInSeconds: 60 });
    now = 30_000;
    expect(budget.take(1)).toEqual({ ok: true });
    expect(budget.take(1)).toEqual({ ok: false, retryInSeconds: 30 });
    now = 60_000;
    expect(budget.take(4)).toEqual({ ok: true });
    // Two must be freed: the one spent at 30 s and one spent at 60 s, so the wait is until 120 s.
    expect(budget.take(2)).toEqual({ ok: false, retryInSeconds: 60 });
  });
});

describe('message trace past the quota', () => {
  const graph = new GraphStandIn();
  beforeAll(() => graph.start());
  afterAll(() => graph.stop());

  test('the round says "not available" with the wait in words and asks Graph nothing for the trace', async () => {
    graph.on('/admin/serviceAnnouncement/healthOverviews/Exchange Online', { body: { service: 'Exchange Online', status: 'serviceOperational', issues: [] } });
    const spec = loadRunbooks(defaultRunbooksDir()).find((r) => r.id === 'exchange-online-mail-flow-failure')!.diagnostics!;
    const client = new GraphClient({ tokens: staticToken(), baseUrl: graph.baseUrl });
    const budget = new RequestBudget(100, 300_000, () => 1_000);
    expect(budget.take(99)).toEqual({ ok: true });
    const round = await runChecks(
      spec,
      { sender: 'a@contoso.test', recipient: 'b@fabrikam.test', startedAt: '2026-11-24T08:00', timeZone: 'UTC' },
      { graph: client, traceBudget: budget, now: () => new Date('2026-11-24T09:00:00Z') },
    );
    expect(round.items.find((i) => i.id === 'message-trace')).toMatchObject({
      ok: false,
      summary: 'not available: message trace allows 100 queries per 5 minutes; Check again in 300 s',
    });
    expect(round.items.find((i) => i.id === 'service-health')).toMatchObject({ ok: true });
    expect(graph.callsTo('/admin/exchange/tracing/messageTraces')).toBe(0);
  });
});
