import type { Activity } from 'botbuilder';
import { silentLogger } from '../../src/app/logger';
import { verbs } from '../../src/cards/verbs';
import { PLAYGROUND_USERS } from '../../src/dev/playground-users';
import { listen } from '../../src/server';
import { makeMessage, mailFlowIntake } from '../helpers/activities';
import { type Card, actionsOf, textOf } from '../helpers/card-driver';
import { HttpBot } from '../helpers/http-bot';
import { type LoopbackConnector, startLoopbackConnector } from '../helpers/loopback-connector';
import { conversations, createApp, people, testConfig } from '../helpers/teams-fakes';

// The act-as switch through the real composition: createApp with DEV_ACT_AS=1, restify and the CloudAdapter on a
// loopback port, sends to a loopback connector. Sam (not an approver) clicks Approve in the approvers' chat.

const { alex } = PLAYGROUND_USERS;
const botMention = '<at>Runbook Incident Bot</at>';

let connector: LoopbackConnector;
let app: ReturnType<typeof createApp>;
let http: HttpBot;

beforeAll(async () => {
  connector = await startLoopbackConnector();
  app = createApp(testConfig({ DEV_ACT_AS: '1' }), { log: silentLogger });
  const port = await listen(app.server, 0, '127.0.0.1');
  http = new HttpBot(`http://127.0.0.1:${port}`, connector.serviceUrl);
});

afterAll(async () => {
  app.server.close();
  await connector.close();
});

async function post(activity: Partial<Activity>) {
  const res = await http.post(activity);
  await app.deliverer.settled();
  return res;
}

/** A message in the approvers' chat that @mentions the bot, as the Playground requires outside the personal chat. */
const typedInApprovers = (text: string) =>
  makeMessage(`${botMention} ${text}`, people.staff, conversations.approvers, {
    entities: [{ type: 'mention', text: botMention, mentioned: { id: '28:bot', name: 'Runbook Incident Bot' } }],
  });

const sent = (conversationId: string) =>
  connector.calls.filter((c) => c.method === 'POST' && c.conversationId === conversationId && /\/activities(\/[^/]+)?$/.test(c.path));
const sentCards = (conversationId: string) => sent(conversationId).flatMap((c) => ((c.body.attachments ?? []) as { content: Card }[]).map((a) => a.content));
const lastText = (conversationId: string) => sent(conversationId).at(-1)?.body.text;

type Conversation = { id: string; conversationType: string; isGroup?: boolean };

/** Sam opens a mail-flow incident in `conversation` and requests approval to release quarantined mail; returns its id and the approvers' card. */
async function walkToApproval(conversation: Conversation, reason: string): Promise<{ incidentId: string; approvalCard: Card }> {
  expect((await post(makeMessage('start exchange', people.staff, conversation))).status).toBe(200);
  const click = (card: Card, verb: string, match: Record<string, unknown> = {}, inputs: Record<string, unknown> = {}) =>
    http.click(card, verb, match, inputs, people.staff, conversation);
  let card = sentCards(conversation.id).at(-1) as Card;
  card = await click(card, verbs.submitIntake, {}, mailFlowIntake());
  for (const item of ['collect-details', 'run-message-trace', 'check-pipeline', 'review-health', 'separate-mailbox-rules']) {
    card = await click(card, verbs.tick, { list: 'checklist', itemId: item, done: true });
  }
  card = await click(card, verbs.recordResult, {}, { starterId: 'message-trace', output: 'Status Quarantined' });
  card = await click(card, verbs.continue);
  card = await click(card, verbs.chooseFinding, { findingId: 'quarantined' });
  card = await click(card, verbs.tick, { list: 'branch', itemId: 'threat-reason', done: true });
  card = await click(card, verbs.tick, { list: 'branch', itemId: 'policy-review', done: true });
  card = await click(card, verbs.continue);
  card = await click(card, verbs.requestApproval, { actionId: 'release-false-positives' }, { 'reason_release-false-positives': reason });
  await app.deliverer.settled();
  const incidentId = String(actionsOf(card)[0]?.data.incidentId);
  expect(incidentId).toMatch(/^INC-\d{8}-\d{3}$/);
  const approvalCard = sentCards(conversations.approvers.id).at(-1) as Card;
  expect(textOf(approvalCard)).toContain(reason);
  return { incidentId, approvalCard };
}

const notApprover = 'Only a configured approver can approve or reject this request. Nothing was changed.';

test("after `act as alex` an Approve clicked by Sam is Alex's (approved); after `act as me` it is refused again", async () => {
  const first = await walkToApproval(conversations.personal, 'False positive from a known partner');
  const approve = (approvalCard: Card) => http.click(approvalCard, verbs.decideApproval, { decision: 'approve' }, {}, people.staff, conversations.approvers);
  const approvalOf = async (incidentId: string) => (await app.store.get(incidentId))?.value.approvals[0];

  // Sam clicks as himself: not an approver.
  expect(textOf(await approve(first.approvalCard))).toContain(notApprover);
  expect(await approvalOf(first.incidentId)).toMatchObject({ status: 'pending' });

  // `act as alex` is answered in the approvers' chat, by the bot's own transport, and opens nothing.
  const incidents = (await app.store.list()).length;
  expect((await post(typedInApprovers('act as alex'))).status).toBe(200);
  expect(lastText(conversations.approvers.id)).toBe(
    'Your next clicks and messages in this conversation come from Alex Approver (approver; dev only). Type `@Runbook Incident Bot act as me` to stop.',
  );
  expect((await app.store.list()).length).toBe(incidents);
  expect(textOf(await approve(first.approvalCard))).toMatch(/Approved by Alex Approver/);
  expect(await approvalOf(first.incidentId)).toMatchObject({
    status: 'approved',
    decidedBy: { id: alex.aadObjectId, name: 'Alex Approver' },
    requestedBy: { id: people.staff.aadObjectId },
  });

  // Only that conversation: a note Sam types in the incident's personal chat meanwhile is Sam's.
  await post(makeMessage('note still me'));
  const notes = (await app.store.get(first.incidentId))?.value.notes ?? [];
  expect(notes.map((n) => [n.by.id, n.by.name, n.text])).toEqual([[people.staff.aadObjectId, 'Sam Staff', 'still me']]);

  // `act as me` stops: Sam's Approve on the next request is refused again, and the request stays pending.
  await post(typedInApprovers('act as me'));
  expect(lastText(conversations.approvers.id)).toBe(
    'Stopped acting as Alex Approver: your clicks and messages in this conversation are your own again (Sam Staff).',
  );
  const second = await walkToApproval({ id: '19:second-incident@thread.v2', conversationType: 'groupChat', isGroup: true }, 'Second partner held too');
  expect(textOf(await approve(second.approvalCard))).toContain(notApprover);
  expect(await approvalOf(second.incidentId)).toMatchObject({ status: 'pending' });
  expect(await approvalOf(first.incidentId)).toMatchObject({ status: 'approved', decidedBy: { id: alex.aadObjectId } });

  // An unknown name is answered with the roster.
  await post(typedInApprovers('act as bob'));
  expect(lastText(conversations.approvers.id)).toMatch(/^Nobody called "bob" is on the Playground roster .*`alex` \(Alex Approver, approver\)/);
});
