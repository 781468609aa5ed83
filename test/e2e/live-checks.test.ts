import type { Activity } from 'botbuilder';
import { createApp } from '../../src/app';
import { verbs } from '../../src/cards/verbs';
import { listen } from '../../src/server';
import { silentLogger } from '../../src/app/logger';
import { GraphStandIn, staticToken } from '../diagnostics/graph-stand-in';
import { startDnsStandIn } from '../diagnostics/dns-stand-in';
import { makeInvoke } from '../helpers/activities';
import { type Card, actionsOf, findAction, textOf } from '../helpers/card-driver';
import { type LoopbackConnector, startLoopbackConnector } from '../helpers/loopback-connector';
import { conversations, people, testConfig } from '../helpers/teams-fakes';

// Live checks end to end: the real server and CloudAdapter, Graph and DNS as loopback stand-ins. The invoke is
// answered with "checking..." while Graph is held; the card is then updated in place through the connector.

const tracePath = '/admin/exchange/tracing/messageTraces';
const detailPath = `${tracePath}/t-1/getDetailsByRecipient(recipientAddress='b@fabrikam.test')`;
const healthPath = '/admin/serviceAnnouncement/healthOverviews/Exchange Online';
const groupId = 'a7000000-0000-4000-8000-000000000007';

let connector: LoopbackConnector;
let graph: GraphStandIn;
let dns: Awaited<ReturnType<typeof startDnsStandIn>>;
let app: ReturnType<typeof createApp>;
let base: string;
let releaseTrace: () => void = () => undefined;
/** Graph holds the message trace answer until the test releases it. */
const traceHeld = new Promise<void>((resolve) => (releaseTrace = resolve));

beforeAll(async () => {
  connector = await startLoopbackConnector();
  graph = await new GraphStandIn().start();
  dns = await startDnsStandIn({
    'contoso.test': { MX: [{ exchange: 'mail.contoso.test', priority: 10 }], TXT: ['v=spf1 include:spf.protection.outlook.com -all', 'v=spf1 mx -all'] },
    'fabrikam.test': { MX: [{ exchange: 'fabrikam-test.mail.protection.outlook.com', priority: 0 }], TXT: ['v=spf1 include:spf.protection.outlook.com -all'] },
    '_dmarc.fabrikam.test': { TXT: ['v=DMARC1; p=reject'] },
    'selector1._domainkey.fabrikam.test': { CNAME: 'selector1-fabrikam._domainkey.fabrikam.onmicrosoft.com' },
    'selector2._domainkey.fabrikam.test': { CNAME: 'selector2-fabrikam._domainkey.fabrikam.onmicrosoft.com' },
  });
  graph
    .on(tracePath, async () => {
      await traceHeld;
      return {
        body: {
          value: [
            {
              id: 't-1',
              messageId: '<m1@contoso.test>',
              senderAddress: 'a@contoso.test',
              recipientAddress: 'b@fabrikam.test',
              subject: 'Invoice',
              status: 'Failed',
              receivedDateTime: '2026-11-24T08:40:00Z',
            },
          ],
        },
      };
    })
    .on(detailPath, { body: { value: [{ dateTime: '2026-11-24T08:40:02Z', event: 'Fail', description: '550 5.7.1 Delivery not authorized' }] } })
    .on(healthPath, {
      body: {
        service: 'Exchange Online',
        status: 'serviceDegradation',
        issues: [
          {
            id: 'EX123',
            title: 'Delays sending mail',
            classification: 'incident',
            status: 'serviceDegradation',
            startDateTime: '2026-11-24T07:00:00Z',
            isResolved: false,
          },
        ],
      },
    })
    .on(`/groups/${groupId}/transitiveMembers`, { body: { value: [{ id: people.riley.aadObjectId }] } });
  const config = testConfig({
    APPROVER_IDS: people.approver.aadObjectId,
    APPROVER_GROUP_ID: groupId,
    GRAPH_AUTH: 'client-secret',
    GRAPH_TENANT_ID: 'a9000000-0000-4000-8000-000000000009',
    GRAPH_CLIENT_ID: 'a9000000-0000-4000-8000-000000000010',
    GRAPH_CLIENT_SECRET: 'not-used-the-token-is-fixed',
    GRAPH_BASE_URL: graph.baseUrl,
    DNS_CHECKS: 'true',
    DNS_SERVERS: dns.server,
  });
  app = createApp(config, { log: silentLogger, graphTokens: staticToken('stand-in-token') });
  base = `http://127.0.0.1:${await listen(app.server, 0, '127.0.0.1')}`;
});

afterAll(async () => {
  releaseTrace();
  await app.diagnostics?.whenIdle();
  app.server.close();
  await Promise.all([connector.close(), graph.stop(), dns.stop()]);
});

async function invoke(verb: string, data: Record<string, unknown>, replyToId = 'card-1'): Promise<Card> {
  const activity: Partial<Activity> = {
    ...makeInvoke(verb, data, people.staff, conversations.personal, replyToId),
    serviceUrl: connector.serviceUrl,
    recipient: { id: '28:bot', name: 'Runbook Incident Bot' },
  };
  const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBe(200);
  const card = ((await res.json()) as { value: Card }).value;
  // The answer's outbox (here: starting the live checks) is delivered after it.
  await app.deliverer.settled();
  return card;
}

const nextTick = (card: Card) => actionsOf(card).find((a) => a.verb === verbs.tick && a.data.list === 'checklist' && a.data.done === true);

// Yesterday (UTC) at 09:30 UTC+01:00: the trace window is relative to now and clipped to 10 days, so a fixed date would age out.
const yesterday = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
const intake = {
  f_affectedUsers: 'Finance',
  f_scope: 'single-user',
  f_startedAt: `${yesterday}T09:30`,
  f_timeZone: '+01:00',
  f_sender: 'a@contoso.test',
  f_recipient: 'b@fabrikam.test',
  f_regulatedData: 'no',
  f_highPriorityUser: 'no',
};

test('triage answers at once with "checking", then the card is updated in place with trace, health and DNS', async () => {
  const form = await invoke(verbs.pickRunbook, { runbookId: 'exchange-online-mail-flow-failure' }, 'card-live');
  const triage = await invoke(verbs.submitIntake, { ...findAction(form, verbs.submitIntake).data, ...intake }, 'card-live');

  // Graph is still holding the trace: the invoke did not wait for it.
  expect(textOf(triage)).toContain('Checking message trace, Exchange Online health and mail DNS...');
  expect(textOf(triage)).not.toContain('Check again');
  const updatesBefore = connector.calls.filter((c) => c.method === 'PUT').length;
  expect(updatesBefore).toBe(0);

  releaseTrace();
  await app.diagnostics!.whenIdle();

  const update = connector.calls.find((c) => c.method === 'PUT' && c.activityId === 'card-live');
  expect(update?.conversationId).toBe(conversations.personal.id);
  const card = ((update?.body.attachments ?? []) as { content: Card }[])[0]!.content;
  const text = textOf(card);
  expect(text).toContain('Message trace a@contoso.test → b@fabrikam.test');
  expect(text).toContain('is Failed');
  expect(text).toContain('Fail: 550 5.7.1 Delivery not authorized');
  expect(text).toContain('Exchange Online is degraded with 1 incident open');
  expect(text).toContain('DNS of contoso.test');
  expect(text).toContain('two SPF records');
  expect(text).toContain('MX does not point to Exchange Online');
  expect(text).toMatch(/DNS of fabrikam\.test\*\*: MX, SPF, DKIM and DMARC look right/);
  expect(text).toContain('Check again');

  // The trace asked Graph for the reporter's window: 09:30 at +01:00 (08:30 UTC) minus an hour, sender and recipient quoted.
  const filter = graph.requests.find((r) => r.path === tracePath)?.url.searchParams.get('$filter');
  expect(filter).toContain(`receivedDateTime ge ${yesterday}T07:30:00.000Z`);
  expect(filter).toContain("senderAddress eq 'a@contoso.test' and recipientAddress eq 'b@fabrikam.test'");
  expect(graph.requests.every((r) => r.authorization === 'Bearer stand-in-token')).toBe(true);

  // Check again: answered with "checking" at once, a second round, the card updated in place again.
  const again = await invoke(verbs.runDiagnostics, findAction(card, verbs.runDiagnostics).data, 'card-live');
  expect(textOf(again)).toContain('Checking message trace');
  await app.diagnostics!.whenIdle();
  expect(graph.callsTo(tracePath)).toBe(2);
  const updates = connector.calls.filter((c) => c.method === 'PUT' && c.activityId === 'card-live');
  expect(updates).toHaveLength(2);
  expect(textOf(((updates[1]!.body.attachments ?? []) as { content: Card }[])[0]!.content)).toContain('is Failed');
});

test('the answers are kept as evidence, and the decision card suggests the finding the trace status points at', async () => {
  const ids = await app.store.list();
  const incident = (await app.service.get(ids.at(-1)!.id))!;
  expect(incident.diagnostics).toMatchObject({ status: 'done', trace: { status: 'Failed', findingId: 'failed-with-ndr' } });
  // Each round is evidence of what was seen at the time: two rounds (first answer, Check again), four lookups each.
  const round = ['Message trace a@contoso.test → b@fabrikam.test', 'Exchange Online service health', 'DNS of contoso.test', 'DNS of fabrikam.test'];
  expect(incident.evidence.filter((e) => e.kind === 'lookup').map((e) => e.text.split(':')[0])).toEqual([...round, ...round]);
  expect(incident.evidence.filter((e) => e.kind === 'lookup').every((e) => e.coversItem === 'logs-and-traces')).toBe(true);
  expect(incident.audit.at(-1)).toMatchObject({ actor: { id: 'runbook-bot' }, what: 'recorded the live checks', detail: '4 answered, trace: Failed' });

  // Finish the checklist and continue: the decision card carries the suggestion.
  let card = await invoke(verbs.show, findAction(await invoke(verbs.show, { incidentId: incident.id }), verbs.show).data);
  for (let tick = nextTick(card); tick; tick = nextTick(card)) card = await invoke(verbs.tick, tick.data);
  card = await invoke(verbs.continue, findAction(card, verbs.continue).data);
  expect(textOf(card)).toContain('The message trace suggests: Failed with NDR (Failed)');
  const confirm = findAction(card, verbs.chooseFinding, { findingId: 'failed-with-ndr' });
  expect(confirm.title).toBe('Confirm (suggested by the trace)');
  await invoke(verbs.chooseFinding, { ...confirm.data, ndrText: '550 5.7.1 Delivery not authorized' });
  const chosen = (await app.service.get(incident.id))!;
  expect(chosen.finding).toMatchObject({ findingId: 'failed-with-ndr', suggested: 'failed-with-ndr' });
  expect(chosen.audit.at(-1)?.detail).toContain('confirms the message trace suggestion');
});

test('approvers: configured ids and members of the Entra group, read once through Graph', async () => {
  expect(await app.service.isApprover(people.approver.aadObjectId)).toBe(true);
  expect(await app.service.isApprover(people.riley.aadObjectId)).toBe(true);
  expect(await app.service.isApprover(people.outsider.aadObjectId)).toBe(false);
  expect(graph.callsTo(`/groups/${groupId}/transitiveMembers`)).toBe(1);
  // The user-specific approval card (APPROVAL_CARD_REFRESH) lists group members too.
  expect(app.approvers.knownApproverIds().sort()).toEqual([people.approver.aadObjectId, people.riley.aadObjectId].sort());
});
