import { GraphClient } from '../../src/diagnostics/graph-client';
import { describeTrace, suggestFinding, traceFilter, traceMessages } from '../../src/diagnostics/message-trace';
import { GraphStandIn, staticToken } from './graph-stand-in';

const TRACES = '/admin/exchange/tracing/messageTraces';
const start = new Date('2026-11-20T08:00:00Z');
const end = new Date('2026-11-20T12:00:00Z');

const makeTrace = (over: Record<string, unknown> = {}) => ({
  id: 'aaaa-1',
  messageId: '<m1@contoso.com>',
  senderAddress: 'alex@contoso.com',
  recipientAddress: 'sam@fabrikam.com',
  subject: 'Quarterly numbers',
  status: 'delivered',
  receivedDateTime: '2026-11-20T09:00:00Z',
  size: 24567,
  fromIP: '203.0.113.5',
  toIP: null,
  ...over,
});

describe('traceMessages', () => {
  let graph: GraphStandIn;
  const client = () => new GraphClient({ tokens: staticToken(), baseUrl: graph.baseUrl, sleep: async () => {} });

  beforeEach(async () => {
    graph = await new GraphStandIn().start();
  });
  afterEach(() => graph.stop());

  it('filters on sender, recipient and the time range, pages, and reads the details of the failed trace', async () => {
    graph.on(TRACES, (_req, url) =>
      url.searchParams.get('$skiptoken')
        ? { body: { value: [makeTrace({ id: 'bbbb-2', status: 'failed', receivedDateTime: '2026-11-20T08:30:00Z' })] } }
        : { body: { value: [makeTrace()], '@odata.nextLink': `${graph.baseUrl}${TRACES}?$skiptoken=2` } },
    );
    graph.on(`${TRACES}/bbbb-2/getDetailsByRecipient(recipientAddress='sam@fabrikam.com')`, {
      body: {
        value: [
          { id: 'd2', dateTime: '2026-11-20T08:30:05Z', event: 'FAIL', action: null, description: '550 5.1.1 RESOLVER.ADR.RecipNotFound', data: null },
          { id: 'd1', dateTime: '2026-11-20T08:30:00Z', event: 'RECEIVE', description: 'Message received by: AM0PR01MB' },
        ],
      },
    });

    const res = await traceMessages(client(), { sender: 'alex@contoso.com', recipient: 'sam@fabrikam.com', start, end });
    if (!res.ok) throw new Error(res.reason);
    expect(graph.requests[0]!.url.searchParams.get('$filter')).toBe(
      "receivedDateTime ge 2026-11-20T08:00:00.000Z and receivedDateTime le 2026-11-20T12:00:00.000Z and senderAddress eq 'alex@contoso.com' and recipientAddress eq 'sam@fabrikam.com'",
    );
    expect(res.value.traces.map((t) => t.id)).toEqual(['aaaa-1', 'bbbb-2']);
    expect(res.value.traces[0]).toMatchObject({ subject: 'Quarterly numbers', size: 24567, fromIP: '203.0.113.5', toIP: undefined });
    expect(res.value.focus?.trace.id).toBe('bbbb-2');
    expect(res.value.focus?.finding).toBe('failed-with-ndr');
    expect(res.value.focus?.events.map((e) => e.event)).toEqual(['RECEIVE', 'FAIL']);
    expect(describeTrace(res.value)).toBe('2 messages found; the one at 2026-11-20T08:30:00Z is failed.');
  });

  it('quotes a single quote in an address by doubling it', async () => {
    graph.on(TRACES, { body: { value: [makeTrace({ recipientAddress: "o'neil@fabrikam.com" })] } });
    graph.on(`${TRACES}/aaaa-1/getDetailsByRecipient(recipientAddress='o''neil@fabrikam.com')`, { body: { value: [] } });
    const res = await traceMessages(client(), { recipient: "o'neil@fabrikam.com", start, end });
    expect(graph.requests[0]!.url.searchParams.get('$filter')).toContain("recipientAddress eq 'o''neil@fabrikam.com'");
    expect(res.ok && res.value.focus).toMatchObject({ finding: 'delivered-to-mailbox', events: [] });
    expect(res.ok && res.value.focus?.eventsUnavailable).toBeUndefined();
  });

  it('keeps the traces when the details fail', async () => {
    graph.on(TRACES, { body: { value: [makeTrace({ status: 'quarantined' })] } });
    const res = await traceMessages(client(), { sender: 'alex@contoso.com', recipient: 'sam@fabrikam.com', start, end });
    expect(res.ok && res.value.focus).toMatchObject({ finding: 'quarantined', eventsUnavailable: 'not available: Graph answered 404 (NotFound)' });
  });

  it('answers an empty trace in words', async () => {
    graph.on(TRACES, { body: { value: [] } });
    const res = await traceMessages(client(), { sender: 'alex@contoso.com', start, end });
    expect(res.ok && describeTrace(res.value)).toBe('No message found in the trace for this sender, recipient and time range.');
  });

  it('reports a missing permission', async () => {
    graph.on(TRACES, { status: 403, body: { error: { code: 'Forbidden' } } });
    const res = await traceMessages(client(), { sender: 'alex@contoso.com', start, end });
    expect(res).toEqual({ ok: false, reason: 'not available: Graph answered 403 (missing permission ExchangeMessageTrace.Read.All)' });
  });

  it('refuses a range over 10 days or reversed without calling Graph', async () => {
    const far = new Date(start.getTime() + 11 * 86_400_000);
    await expect(traceMessages(client(), { sender: 'a@b.c', start, end: far })).resolves.toEqual({
      ok: false,
      reason: 'not available: message trace covers at most 10 days per query',
    });
    await expect(traceMessages(client(), { sender: 'a@b.c', start: end, end: start })).resolves.toMatchObject({ ok: false });
    await expect(traceMessages(client(), { start, end })).resolves.toMatchObject({ ok: false });
    expect(graph.requests).toHaveLength(0);
  });

  it('rejects a trace without a status (never trust the wire)', async () => {
    graph.on(TRACES, { body: { value: [makeTrace({ status: undefined })] } });
    const res = await traceMessages(client(), { sender: 'alex@contoso.com', start, end });
    expect(!res.ok && res.reason).toMatch(/unexpected shape \(value\.0\.status/);
  });
});

describe('suggestFinding', () => {
  it.each([
    ['Delivered', 'delivered-to-mailbox'],
    ['delivered', 'delivered-to-mailbox'],
    ['Failed', 'failed-with-ndr'],
    ['Quarantined', 'quarantined'],
    ['FilteredAsSpam', 'quarantined'],
    ['filteredAsSpam', 'quarantined'],
    ['Pending', undefined],
    ['Expanded', undefined],
    ['GettingStatus', undefined],
    ['None', undefined],
  ])('%s -> %s', (status, finding) => {
    expect(suggestFinding(status)).toBe(finding);
  });

  it('builds a filter with only the given parties', () => {
    expect(traceFilter({ sender: 'a@b.c', start, end })).not.toContain('recipientAddress');
  });
});
