import { GraphClient, type GraphClientOptions } from '../../src/diagnostics/graph-client';
import { domainsOf, runChecks, type CheckDeps } from '../../src/diagnostics/run-checks';
import { defaultRunbooksDir, loadRunbooks } from '../../src/runbook/loader';
import type { DiagnosticItem } from '../../src/incident/types';
import type { DiagnosticsSpec } from '../../src/runbook/schema';
import { startDnsStandIn, type Zone } from './dns-stand-in';
import { GraphStandIn, staticToken } from './graph-stand-in';

// One round of live checks for the seed runbook, against the loopback Graph and DNS stand-ins only.

const seedSpec: DiagnosticsSpec = (() => {
  const rb = loadRunbooks(defaultRunbooksDir()).find((r) => r.id === 'exchange-online-mail-flow-failure');
  if (!rb?.diagnostics) throw new Error('the seed runbook has no diagnostics section');
  return rb.diagnostics;
})();

const TRACES = '/admin/exchange/tracing/messageTraces';
const HEALTH = '/admin/serviceAnnouncement/healthOverviews/Exchange Online';
const details = (traceId: string, recipient = 'sam@fabrikam.test') => `${TRACES}/${traceId}/getDetailsByRecipient(recipientAddress='${recipient}')`;
const NOW = new Date('2026-11-24T12:00:00.000Z');
const PERMISSION_403 = 'not available: Graph answered 403 (missing permission ExchangeMessageTrace.Read.All)';

/** 08:30 in Berlin (winter) is 07:30Z; the search starts an hour earlier. */
const intake = {
  sender: 'alex@contoso.test',
  recipient: 'sam@fabrikam.test',
  startedAt: '2026-11-24T08:30',
  timeZone: 'Europe/Berlin',
  subject: 'Quarterly numbers',
};

const makeTrace = (over: Record<string, unknown> = {}) => ({
  id: 'aaaa-1',
  messageId: '<m1@contoso.test>',
  senderAddress: 'alex@contoso.test',
  recipientAddress: 'sam@fabrikam.test',
  subject: 'Quarterly numbers',
  status: 'Delivered',
  receivedDateTime: '2026-11-24T07:40:00Z',
  size: 24567,
  fromIP: '203.0.113.5',
  toIP: null,
  ...over,
});

const operational = { body: { id: 'Exchange Online', service: 'Exchange Online', status: 'serviceOperational', issues: [] } };

const zone: Zone = {
  // The sender's domain: MX elsewhere, two SPF records, no DMARC (DKIM selectors are fine).
  'contoso.test': {
    MX: [{ exchange: 'mail.contoso.test', priority: 10 }],
    TXT: ['v=spf1 include:spf.protection.outlook.com -all', 'v=spf1 ip4:192.0.2.0/24 ~all'],
  },
  'selector1._domainkey.contoso.test': { CNAME: 'selector1-contoso-test._domainkey.contoso.onmicrosoft.com' },
  'selector2._domainkey.contoso.test': { CNAME: 'selector2-contoso-test._domainkey.contoso.onmicrosoft.com' },
  // The recipient's domain: set up for Exchange Online.
  'fabrikam.test': { MX: [{ exchange: 'fabrikam-test.mail.protection.outlook.com', priority: 0 }], TXT: ['v=spf1 include:spf.protection.outlook.com -all'] },
  '_dmarc.fabrikam.test': { TXT: ['v=DMARC1; p=reject'] },
  'selector1._domainkey.fabrikam.test': { CNAME: 'selector1-fabrikam-test._domainkey.fabrikam.onmicrosoft.com' },
  'selector2._domainkey.fabrikam.test': { CNAME: 'selector2-fabrikam-test._domainkey.fabrikam.onmicrosoft.com' },
};

describe('runChecks', () => {
  let graph: GraphStandIn;
  let dns: Awaited<ReturnType<typeof startDnsStandIn>>;
  let sleeps: number[];

  const client = (extra: Partial<GraphClientOptions> = {}) =>
    new GraphClient({ tokens: staticToken(), baseUrl: graph.baseUrl, sleep: async (ms) => void sleeps.push(ms), ...extra });
  const deps = (over: Partial<CheckDeps> = {}): CheckDeps => ({ graph: client(), dns: { servers: [dns.server], timeoutMs: 1000 }, now: () => NOW, ...over });
  const byId = (items: DiagnosticItem[], id: string): DiagnosticItem => {
    const found = items.find((i) => i.id === id);
    if (!found) throw new Error(`no item ${id}; items: ${items.map((i) => i.id).join(', ')}`);
    return found;
  };

  beforeAll(async () => {
    dns = await startDnsStandIn(zone);
  });
  afterAll(() => dns.stop());

  beforeEach(async () => {
    graph = await new GraphStandIn().start();
    graph.on(HEALTH, operational);
    sleeps = [];
  });
  afterEach(() => graph.stop());

  it('the seed runbook asks for message trace, Exchange Online health and mail DNS of sender and recipient', () => {
    expect(seedSpec).toMatchObject({
      serviceHealth: { service: 'Exchange Online' },
      messageTrace: { sender: 'sender', recipient: 'recipient', startedAt: 'startedAt', timeZone: 'timeZone' },
      mailDns: { fields: ['sender', 'recipient'] },
      evidence: 'logs-and-traces',
    });
  });

  it('reports a failed message with its detail events as an attention item, and the status for the decision', async () => {
    graph.on(TRACES, {
      body: {
        value: [
          makeTrace(),
          makeTrace({ id: 'bbbb-2', messageId: '<m2@contoso.test>', status: 'Failed', receivedDateTime: '2026-11-24T08:31:00Z', subject: 'Invoice 42' }),
        ],
      },
    });
    graph.on(details('bbbb-2'), {
      body: {
        value: [
          { id: 'd2', dateTime: '2026-11-24T08:31:05Z', event: 'FAIL', description: '550 5.1.1 RESOLVER.ADR.RecipNotFound' },
          { id: 'd1', dateTime: '2026-11-24T08:31:00Z', event: 'RECEIVE', description: 'Message received by: AM0PR01MB' },
        ],
      },
    });

    const round = await runChecks(seedSpec, intake, deps({ dns: undefined }));

    expect(round.traceStatus).toBe('Failed');
    expect(round.items.map((i) => i.id)).toEqual(['message-trace', 'service-health']);
    expect(round.items[0]).toEqual({
      id: 'message-trace',
      title: 'Message trace alex@contoso.test → sam@fabrikam.test',
      ok: true,
      summary: '2 messages found; the one at 2026-11-24T08:31:00Z is Failed.',
      tone: 'attention',
      lines: [
        { text: 'Searched 2026-11-24T06:30Z to 2026-11-24T12:00Z.', tone: 'default' },
        { text: 'Subject "Invoice 42", message id <m2@contoso.test>, trace id bbbb-2.', tone: 'default' },
        { text: '2026-11-24T08:31:00Z RECEIVE: Message received by: AM0PR01MB', tone: 'default' },
        { text: '2026-11-24T08:31:05Z FAIL: 550 5.1.1 RESOLVER.ADR.RecipNotFound', tone: 'attention' },
      ],
    });
    // The window is the reported start read in Berlin time, less an hour, until now.
    expect(graph.requests[0]!.url.searchParams.get('$filter')).toBe(
      "receivedDateTime ge 2026-11-24T06:30:00.000Z and receivedDateTime le 2026-11-24T12:00:00.000Z and senderAddress eq 'alex@contoso.test' and recipientAddress eq 'sam@fabrikam.test'",
    );
    expect(graph.requests.every((r) => r.authorization === 'Bearer test-token')).toBe(true);
  });

  it('keeps only the last eight detail events', async () => {
    graph.on(TRACES, { body: { value: [makeTrace({ status: 'Failed' })] } });
    const events = Array.from({ length: 12 }, (_, i) => ({ dateTime: `2026-11-24T08:${String(i + 10).padStart(2, '0')}:00Z`, event: `STEP${i}` }));
    graph.on(details('aaaa-1'), { body: { value: events } });
    const round = await runChecks(seedSpec, intake, deps({ dns: undefined }));
    const lines = byId(round.items, 'message-trace');
    expect(lines.lines.slice(2).map((l) => l.text.split(' ')[1])).toEqual(['STEP4', 'STEP5', 'STEP6', 'STEP7', 'STEP8', 'STEP9', 'STEP10', 'STEP11']);
  });

  it('reports a delivered message as good', async () => {
    graph.on(TRACES, { body: { value: [makeTrace()] } });
    graph.on(details('aaaa-1'), {
      body: { value: [{ dateTime: '2026-11-24T07:40:02Z', event: 'DELIVER', description: 'The message was delivered to the mailbox' }] },
    });
    const round = await runChecks(seedSpec, intake, deps({ dns: undefined }));
    expect(round.traceStatus).toBe('Delivered');
    expect(byId(round.items, 'message-trace')).toMatchObject({
      ok: true,
      tone: 'good',
      summary: '1 message found; the one at 2026-11-24T07:40:00Z is Delivered.',
      lines: [
        { text: 'Searched 2026-11-24T06:30Z to 2026-11-24T12:00Z.', tone: 'default' },
        { text: 'Subject "Quarterly numbers", message id <m1@contoso.test>, trace id aaaa-1.', tone: 'default' },
        { text: '2026-11-24T07:40:02Z DELIVER: The message was delivered to the mailbox', tone: 'default' },
      ],
    });
  });

  it('says so when the trace finds no message, with no status to suggest a finding', async () => {
    graph.on(TRACES, { body: { value: [] } });
    const round = await runChecks(seedSpec, intake, deps({ dns: undefined }));
    expect(round.traceStatus).toBeUndefined();
    expect(byId(round.items, 'message-trace')).toEqual({
      id: 'message-trace',
      title: 'Message trace alex@contoso.test → sam@fabrikam.test',
      ok: true,
      summary: 'No message found in the trace for this sender, recipient and time range.',
      tone: 'warning',
      lines: [{ text: 'Searched 2026-11-24T06:30Z to 2026-11-24T12:00Z.', tone: 'default' }],
    });
    expect(graph.requests.filter((r) => r.path.includes('getDetailsByRecipient'))).toHaveLength(0);
  });

  it('says which permission is missing when Graph answers 403, and goes on with the other lookups', async () => {
    graph.on(TRACES, { status: 403, body: { error: { code: 'Forbidden', message: 'Insufficient privileges' } } });
    const round = await runChecks(seedSpec, intake, deps({ dns: undefined }));
    expect(round.traceStatus).toBeUndefined();
    expect(round.items[0]).toEqual({
      id: 'message-trace',
      title: 'Message trace alex@contoso.test → sam@fabrikam.test',
      ok: false,
      summary: PERMISSION_403,
      tone: 'warning',
      lines: [],
    });
    expect(byId(round.items, 'service-health')).toMatchObject({ ok: true, summary: 'Exchange Online is operational; no open issues.', tone: 'good' });
    expect(graph.callsTo(TRACES)).toBe(1);
  });

  it('waits the Retry-After of a 429 and then reports the answer', async () => {
    graph.on(TRACES, [{ status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'TooManyRequests' } } }, { body: { value: [makeTrace()] } }]);
    graph.on(details('aaaa-1'), { body: { value: [] } });
    const round = await runChecks(seedSpec, intake, deps({ dns: undefined }));
    expect(sleeps).toEqual([1000]);
    expect(graph.callsTo(TRACES)).toBe(2);
    expect(round.traceStatus).toBe('Delivered');
    expect(byId(round.items, 'message-trace')).toMatchObject({ ok: true, summary: '1 message found; the one at 2026-11-24T07:40:00Z is Delivered.' });
  });

  it('gives up on a slow answer at the timeout and says so; the other lookups still answer', async () => {
    graph.on(TRACES, { delayMs: 700, body: { value: [makeTrace()] } });
    const started = Date.now();
    const round = await runChecks(seedSpec, intake, deps({ graph: client({ timeoutMs: 200 }), dns: undefined }));
    expect(Date.now() - started).toBeLessThan(650);
    const trace = byId(round.items, 'message-trace');
    expect(trace).toMatchObject({ ok: false, tone: 'warning', lines: [] });
    expect(trace.summary).toMatch(/^not available: timed out/);
    expect(round.traceStatus).toBeUndefined();
    expect(byId(round.items, 'service-health')).toMatchObject({ ok: true, tone: 'good' });
  });

  it('shows an open service incident with its id, classification, status and title', async () => {
    graph.on(TRACES, { body: { value: [] } });
    graph.on(HEALTH, {
      body: {
        id: 'Exchange Online',
        service: 'Exchange Online',
        status: 'serviceDegradation',
        issues: [
          {
            id: 'EX512345',
            title: 'Users may see delays sending external mail',
            classification: 'incident',
            status: 'serviceDegradation',
            startDateTime: '2026-11-24T07:00:00Z',
            isResolved: false,
          },
          { id: 'EX500001', title: 'Old one', classification: 'advisory', status: 'serviceRestored', startDateTime: '2026-11-01T07:00:00Z', isResolved: true },
        ],
      },
    });
    const round = await runChecks(seedSpec, intake, deps({ dns: undefined }));
    expect(graph.requests.find((r) => r.path === HEALTH)?.url.searchParams.get('$expand')).toBe('issues');
    expect(byId(round.items, 'service-health')).toEqual({
      id: 'service-health',
      title: 'Exchange Online service health',
      ok: true,
      summary: 'Exchange Online is degraded with 1 incident open; newest: EX512345 "Users may see delays sending external mail" since 2026-11-24T07:00:00Z.',
      tone: 'attention',
      lines: [{ text: 'EX512345 (incident, serviceDegradation) since 2026-11-24T07:00:00Z: Users may see delays sending external mail', tone: 'attention' }],
    });
  });

  it("checks the DNS of the sender's and the recipient's domain, each with its findings and fixes", async () => {
    const round = await runChecks(seedSpec, intake, deps({ graph: undefined }));
    expect(round.items.map((i) => i.id)).toEqual(['dns:contoso.test', 'dns:fabrikam.test']);
    const sender = byId(round.items, 'dns:contoso.test');
    expect(sender).toMatchObject({ title: 'DNS of contoso.test', ok: true, tone: 'attention' });
    expect(sender.summary).toBe(
      '3 problems: MX does not point to Exchange Online (*.mail.protection.outlook.com or *.mx.microsoft); two SPF records; no DMARC record.',
    );
    expect(sender.lines.map((l) => [l.tone, l.text.split('. Fix: ')[0]])).toEqual([
      ['attention', 'MX does not point to Exchange Online (*.mail.protection.outlook.com or *.mx.microsoft)'],
      ['attention', 'two SPF records'],
      ['warning', 'no DMARC record'],
    ]);
    expect(sender.lines.every((l) => /\. Fix: .{10,}/.test(l.text))).toBe(true);
    expect(byId(round.items, 'dns:fabrikam.test')).toEqual({
      id: 'dns:fabrikam.test',
      title: 'DNS of fabrikam.test',
      ok: true,
      summary: 'MX, SPF, DKIM and DMARC look right for Exchange Online.',
      tone: 'good',
      lines: [],
    });
    expect(dns.queries).toEqual(expect.arrayContaining(['contoso.test', '_dmarc.contoso.test', 'fabrikam.test', 'selector2._domainkey.fabrikam.test']));
  });

  it('checks a domain given twice once', async () => {
    const before = dns.queries.length;
    const round = await runChecks(seedSpec, { ...intake, recipient: 'Kim@Contoso.test' }, deps({ graph: undefined }));
    expect(round.items.map((i) => i.id)).toEqual(['dns:contoso.test']);
    expect(dns.queries.slice(before).filter((q) => q === 'contoso.test')).toHaveLength(2); // MX and TXT, once each
  });

  it('runs only the DNS checks without Graph, and only the Graph lookups without DNS', async () => {
    graph.on(TRACES, { body: { value: [] } });
    const dnsOnly = await runChecks(seedSpec, intake, deps({ graph: undefined }));
    expect(dnsOnly.items.map((i) => i.id)).toEqual(['dns:contoso.test', 'dns:fabrikam.test']);
    expect(graph.requests).toHaveLength(0);

    const before = dns.queries.length;
    const graphOnly = await runChecks(seedSpec, intake, deps({ dns: undefined }));
    expect(graphOnly.items.map((i) => i.id)).toEqual(['message-trace', 'service-health']);
    expect(dns.queries.length).toBe(before);
  });

  it('runs nothing when the runbook names no lookups or nothing is configured', async () => {
    await expect(runChecks({}, intake, deps())).resolves.toEqual({ items: [], traceStatus: undefined });
    await expect(runChecks(seedSpec, intake, { now: () => NOW })).resolves.toEqual({ items: [], traceStatus: undefined });
    expect(graph.requests).toHaveLength(0);
  });

  it('says when the window was clipped to 10 days', async () => {
    graph.on(TRACES, { body: { value: [] } });
    const round = await runChecks(seedSpec, { ...intake, startedAt: '2026-11-01T08:00' }, deps({ dns: undefined }));
    const first = byId(round.items, 'message-trace').lines[0]!.text;
    expect(first).toBe('Searched 2026-11-14T12:01Z to 2026-11-24T12:00Z (clipped to 10 days).');
  });
});

describe('domainsOf', () => {
  it('gives the distinct domains of the named email fields, lower-cased, in field order', () => {
    expect(domainsOf(['sender', 'recipient'], { sender: 'a@Fabrikam.test', recipient: 'b@contoso.test' })).toEqual(['fabrikam.test', 'contoso.test']);
    expect(domainsOf(['sender', 'recipient'], { sender: 'a@Contoso.TEST', recipient: 'b@contoso.test ' })).toEqual(['contoso.test']);
  });

  it('skips fields that are missing or hold no domain', () => {
    expect(domainsOf(['sender', 'recipient', 'cc'], { sender: 'no-at-sign', recipient: 'b@' })).toEqual([]);
  });
});
