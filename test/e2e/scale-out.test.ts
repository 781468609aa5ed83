import { randomUUID } from 'node:crypto';
import { verbs } from '../../src/cards/verbs';
import { BlobIncidentStore } from '../../src/store/blob-store';
import { blobContainer } from '../../src/store/blob-container';
import { makeMessage, mailFlowIntake } from '../helpers/activities';
import { type Azurite, freePort, startAzurite } from '../helpers/azurite';
import { type Card, actionsOf, textOf } from '../helpers/card-driver';
import { type BotProcess, HttpBot, startBotProcess } from '../helpers/http-bot';
import { type LoopbackConnector, startLoopbackConnector } from '../helpers/loopback-connector';
import { conversations, people } from '../helpers/teams-fakes';

// Two bot processes on one Azurite container behind a pretend load balancer: concurrency is decided by etags.

let azurite: Azurite;
let connector: LoopbackConnector;
const bots: BotProcess[] = [];
let container: string;
let a: HttpBot;
let b: HttpBot;

beforeAll(async () => {
  azurite = await startAzurite();
  connector = await startLoopbackConnector();
  container = `scale${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const env = {
    STORE: 'blob',
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    AZURE_STORAGE_CONTAINER: container,
    APPROVER_IDS: `${people.approver.aadObjectId},${people.approver2.aadObjectId}`,
    APPROVERS_CONVERSATION_ID: conversations.approvers.id,
    SUMMARY_CHANNEL_ID: conversations.leads,
  };
  bots.push(await startBotProcess(await freePort(), env), await startBotProcess(await freePort(), env));
  a = new HttpBot(bots[0].base, connector.serviceUrl);
  b = new HttpBot(bots[1].base, connector.serviceUrl);
}, 60_000);

afterAll(async () => {
  await Promise.all(bots.map((p) => p.stop()));
  await connector?.close();
  await azurite?.stop();
});

async function openTriage(): Promise<Card> {
  await a.post(makeMessage('start exchange'));
  const sent = connector.calls.filter((c) => c.method === 'POST' && c.conversationId === conversations.personal.id).at(-1);
  const intake = (sent?.body.attachments as { content: Card }[])[0].content;
  return a.click(intake, verbs.submitIntake, {}, mailFlowIntake());
}

const incidentOf = (card: Card) => String(actionsOf(card)[0].data.incidentId);
const store = () => new BlobIncidentStore(blobContainer({ connectionString: azurite.connectionString, container }));

test('two staff tick different items at the same moment on different instances: both ticks kept', async () => {
  const triage = await openTriage();
  const [one, two] = await Promise.all([
    a.click(triage, verbs.tick, { list: 'checklist', itemId: 'collect-details', done: true }, {}, people.staff),
    b.click(triage, verbs.tick, { list: 'checklist', itemId: 'run-message-trace', done: true }, {}, people.riley),
  ]);
  expect(textOf(one) + textOf(two)).not.toMatch(/out of date/);
  const incident = (await store().get(incidentOf(triage)))?.value;
  expect(incident?.checklist['collect-details']?.done).toBe(true);
  expect(incident?.checklist['run-message-trace']?.done).toBe(true);
});

test('200 concurrent approve clicks across both instances: exactly one decision, every click answered with the decided card', async () => {
  let card = await openTriage();
  for (const item of ['collect-details', 'run-message-trace', 'check-pipeline', 'review-health', 'separate-mailbox-rules']) {
    card = await a.click(card, verbs.tick, { list: 'checklist', itemId: item, done: true });
  }
  card = await b.click(card, verbs.recordResult, {}, { starterId: 'message-trace', output: 'Quarantined' });
  card = await a.click(card, verbs.continue);
  card = await b.click(card, verbs.chooseFinding, { findingId: 'quarantined' });
  card = await a.click(card, verbs.tick, { list: 'branch', itemId: 'threat-reason', done: true });
  card = await b.click(card, verbs.tick, { list: 'branch', itemId: 'policy-review', done: true });
  card = await a.click(card, verbs.continue);
  await b.click(card, verbs.requestApproval, { actionId: 'release-false-positives' }, { 'reason_release-false-positives': 'partner mail' });
  // The approval card goes to the approvers' chat from the outbox, after the click was answered.
  const toApprovers = () => connector.calls.filter((c) => c.conversationId === conversations.approvers.id);
  for (let waited = 0; toApprovers().length === 0 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  const approvalCard = (toApprovers().at(-1)?.body.attachments as { content: Card }[])[0].content;
  const approve = actionsOf(approvalCard).find((x) => x.verb === verbs.decideApproval && x.data.decision === 'approve');
  expect(approve).toBeDefined();

  const answers = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      (i % 2 ? a : b).invoke(
        verbs.decideApproval,
        { ...approve!.data, comment: `click ${i}` },
        i % 4 < 2 ? people.approver : people.approver2,
        conversations.approvers,
      ),
    ),
  );
  const incident = (await store().get(incidentOf(card)))?.value;
  expect(incident?.approvals).toHaveLength(1);
  expect(incident?.approvals[0].status).toBe('approved');
  expect(incident?.audit.filter((e) => e.what.startsWith('approved'))).toHaveLength(1);
  const decider = incident?.approvals[0].decidedBy?.name;
  for (const answer of answers) {
    expect(textOf(answer)).toContain(`Approved by ${decider}`);
    expect(actionsOf(answer).filter((x) => x.verb === verbs.decideApproval)).toHaveLength(0);
  }
}, 120_000);
