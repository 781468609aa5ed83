import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/app';
import { silentLogger } from '../../src/app/logger';
import { verbs } from '../../src/cards/verbs';
import { listen } from '../../src/server';
import { startTelemetry, type RunningTelemetry } from '../../src/telemetry/setup';
import { GraphStandIn, staticToken } from '../diagnostics/graph-stand-in';
import { makeMessage, mailFlowIntake } from '../helpers/activities';
import { type Azurite, freePort, startAzurite } from '../helpers/azurite';
import type { Card } from '../helpers/card-driver';
import { type BotProcess, HttpBot, startBotProcess } from '../helpers/http-bot';
import { type Envelope, type IngestionStandIn, startIngestionStandIn } from '../helpers/ingestion-stand-in';
import { type LoopbackConnector, startLoopbackConnector } from '../helpers/loopback-connector';
import { people, testConfig } from '../helpers/teams-fakes';

// Telemetry end to end: the real server, CloudAdapter, Azure Monitor exporter and blob store (Azurite); Graph, the Bot
// Connector and Application Insights' ingestion endpoint as loopback stand-ins. Asserts what arrives there.

const typedNote = 'marker-8431 the CFO mailbox rejects everything';
const sender = 'ceo.private@contoso.test';
const healthPath = '/admin/serviceAnnouncement/healthOverviews/Exchange Online';

let ingestion: IngestionStandIn;
let connector: LoopbackConnector;
let graph: GraphStandIn;
let azurite: Azurite;
let telemetry: RunningTelemetry;
let app: ReturnType<typeof createApp>;
let bot: HttpBot;
let incidentId = '';

const lastPosted = (): Card => (connector.calls.filter((c) => c.method === 'POST').at(-1)?.body.attachments as { content: Card }[])[0].content;
const ofType = (type: string) => ingestion.envelopes.filter((e) => e.data.baseType === type);
const props = (e: Envelope) => e.data.baseData.properties ?? {};

beforeAll(async () => {
  [ingestion, connector, azurite] = await Promise.all([startIngestionStandIn(), startLoopbackConnector(), startAzurite()]);
  graph = await new GraphStandIn().start();
  graph.on(healthPath, { body: { service: 'Exchange Online', status: 'serviceOperational', issues: [] } });
  telemetry = startTelemetry({ connectionString: ingestion.connectionString, metricIntervalMs: 60_000, tlsCa: ingestion.ca });
  const config = testConfig({
    STORE: 'blob',
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    AZURE_STORAGE_CONTAINER: `tele${randomUUID().replace(/-/g, '').slice(0, 12)}`,
    APPROVER_IDS: people.approver.aadObjectId,
    GRAPH_AUTH: 'client-secret',
    GRAPH_TENANT_ID: 'a9000000-0000-4000-8000-000000000009',
    GRAPH_CLIENT_ID: 'a9000000-0000-4000-8000-000000000010',
    GRAPH_CLIENT_SECRET: 'not-used-the-token-is-fixed',
    GRAPH_BASE_URL: graph.baseUrl,
  });
  app = createApp(config, { log: silentLogger, graphTokens: staticToken('stand-in-token-5521') });
  bot = new HttpBot(`http://127.0.0.1:${await listen(app.server, 0, '127.0.0.1')}`, connector.serviceUrl);

  // One incident: opened, intake (live checks call Graph), a note, a reply the Connector refuses, cancelled.
  await bot.post(makeMessage('start exchange'));
  const triage = await bot.click(lastPosted(), verbs.submitIntake, {}, mailFlowIntake({ f_sender: sender, f_recipient: 'b@fabrikam.test' }));
  incidentId = String(JSON.stringify(triage).match(/INC-\d{8}-\d{3}/)?.[0]);
  await app.deliverer.settled();
  await app.diagnostics?.whenIdle();
  await bot.post(makeMessage(`note ${typedNote}`));
  connector.failWhen((call) => call.method === 'POST' && call.path.endsWith('/activities/' + String(call.activityId)), 403);
  await bot.post(makeMessage('status'));
  connector.failWhen(() => false, 200);
  await bot.post(makeMessage('cancel opened twice by mistake'));
  await app.deliverer.settled();
  await telemetry.shutdown(); // flushes spans and metrics to the stand-in
}, 90_000);

afterAll(async () => {
  app?.server.close();
  await Promise.all([ingestion?.close(), connector?.close(), graph?.stop(), azurite?.stop()]);
});

test('each turn is a request named after what it was, with the incident id, verb and outcome', () => {
  const requests = ofType('RequestData');
  const intake = requests.find((r) => r.data.baseData.name === `invoke ${verbs.submitIntake}`);
  expect(intake && props(intake)).toMatchObject({
    'incident.id': incidentId,
    'incident.ask': 'command',
    'incident.verb': 'submitIntake',
    'incident.outcome': 'applied',
  });
  const note = requests.find((r) => props(r)['incident.verb'] === 'addNote');
  expect(note?.data.baseData.name).toBe('message');
  expect(props(note!)).toMatchObject({ 'incident.id': incidentId, 'incident.outcome': 'applied', 'activity.type': 'message' });
  expect(requests.filter((r) => props(r)['incident.id'] === incidentId).length).toBeGreaterThanOrEqual(4);
});

test('the Bot Connector, Azure Blob Storage and Microsoft Graph are dependencies of the turn that called them', () => {
  const dependencies = ofType('RemoteDependencyData');
  const names = new Set(dependencies.map((d) => String(d.data.baseData.name)));
  expect([...names]).toEqual(
    expect.arrayContaining([
      'POST /v3/conversations/:conversationId/activities/:activityId',
      'Azure Blob Storage: put',
      'Azure Blob Storage: get',
      'Azure Blob Storage: create',
      `GET /v1.0/admin/serviceAnnouncement/healthOverviews/${encodeURIComponent('Exchange Online')}`,
    ]),
  );
  const connectorCall = dependencies.find((d) => String(d.data.baseData.name).startsWith('POST /v3/conversations'))!;
  // botbuilder does not hand back the status of a send that worked: success without a code.
  expect(connectorCall.data.baseData).toMatchObject({ type: 'Http', success: true });
  expect(connectorCall.data.baseData.data).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3\/conversations\/:conversationId\/activities\/:activityId$/);
  // Same operation as the request it belongs to: the context flows through the turn.
  const operations = new Set(ofType('RequestData').map((r) => r.tags?.['ai.operation.id']));
  expect(operations.has(connectorCall.tags?.['ai.operation.id'])).toBe(true);
});

test('a refused send is a failed dependency with its status, and an exception', () => {
  const failed = ofType('RemoteDependencyData').find((d) => d.data.baseData.success === false && String(d.data.baseData.name).startsWith('POST /v3/'));
  expect(failed?.data.baseData).toMatchObject({ resultCode: '403', type: 'Http' });
  const exceptions = ofType('ExceptionData');
  expect(exceptions.length).toBeGreaterThan(0);
  expect(JSON.stringify(exceptions[0].data.baseData)).toMatch(/exceptions/);
});

test("the incident's own figures arrive as metrics", () => {
  const metric = (name: string) =>
    ofType('MetricData').flatMap((e) =>
      ((e.data.baseData as { metrics?: { name: string; value: number; count?: number }[] }).metrics ?? [])
        .filter((m) => m.name === name)
        .map((m) => ({ ...m, properties: props(e) })),
    );
  expect(metric('incidents.opened')).toEqual([
    expect.objectContaining({ value: 1, properties: expect.objectContaining({ runbook: 'exchange-online-mail-flow-failure' }) }),
  ]);
  const phases = metric('incident.phase.duration').map((m) => m.properties.phase);
  expect(phases).toEqual(expect.arrayContaining(['intake', 'triage']));
  expect(metric('incident.time_to_close')).toEqual([expect.objectContaining({ count: 1, properties: expect.objectContaining({ outcome: 'cancelled' }) })]);
});

test('nothing typed, no address, token or storage key is sent', () => {
  const sent = ingestion.raw();
  expect(sent.length).toBeGreaterThan(1000);
  for (const secret of [
    'marker-8431',
    sender,
    'b@fabrikam.test',
    'stand-in-token-5521',
    'opened twice by mistake',
    'Finance',
    azurite.connectionString.match(/AccountKey=([^;]+)/)![1],
  ]) {
    expect({ secret, found: sent.includes(secret) }).toEqual({ secret, found: false });
  }
  expect(ingestion.envelopes.every((e) => e.iKey === 'a1000000-0000-4000-8000-0000000000a1')).toBe(true);
});

describe('the bot process', () => {
  let processBot: BotProcess | undefined;
  afterAll(() => processBot?.stop());

  test('with APPLICATIONINSIGHTS_CONNECTION_STRING set, sends requests and metrics on its own', async () => {
    const own = await startIngestionStandIn('a2000000-0000-4000-8000-0000000000a2');
    try {
      processBot = await startBotProcess(await freePort(), {
        STORE: 'memory',
        APPROVER_IDS: people.approver.aadObjectId,
        NODE_EXTRA_CA_CERTS: own.caFile,
        APPLICATIONINSIGHTS_CONNECTION_STRING: own.connectionString,
        TELEMETRY_METRIC_INTERVAL_SECONDS: '1',
      });
      await new HttpBot(processBot.base, connector.serviceUrl).post(makeMessage('start exchange'));
      const request = await own.waitFor((e) => e.data.baseType === 'RequestData' && e.data.baseData.name === 'message');
      expect(props(request)).toMatchObject({ 'incident.ask': 'open' });
      const opened = await own.waitFor((e) => JSON.stringify(e.data.baseData).includes('"incidents.opened"'));
      expect(opened.iKey).toBe('a2000000-0000-4000-8000-0000000000a2');
    } finally {
      await own.close();
    }
  }, 40_000);
});
