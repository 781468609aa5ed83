import type { Activity } from 'botbuilder';
import { createApp } from '../../src/app';
import { verbs } from '../../src/cards/verbs';
import { listen } from '../../src/server';
import { silentLogger } from '../../src/app/logger';
import { makeInvoke, makeMessage, mailFlowIntake } from '../helpers/activities';
import { type Card, actionsOf, findAction, textOf } from '../helpers/card-driver';
import { type LoopbackConnector, startLoopbackConnector } from '../helpers/loopback-connector';
import { conversations, people, testConfig } from '../helpers/teams-fakes';

// The real restify server and CloudAdapter on a loopback port; outgoing activities go to a loopback connector.

let connector: LoopbackConnector;
let app: ReturnType<typeof createApp>;
let base: string;

beforeAll(async () => {
  connector = await startLoopbackConnector();
  app = createApp(testConfig(), { log: silentLogger });
  const port = await listen(app.server, 0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  app.server.close();
  await connector.close();
});

async function post(activity: Partial<Activity>): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...activity, serviceUrl: connector.serviceUrl, recipient: { id: '28:bot', name: 'Runbook Incident Bot' } }),
  });
  const text = await res.text();
  // What the bot sends after answering (the outbox) is part of the request's outcome here.
  await app.deliverer.settled();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** The card of the latest in-place update (PUT) the bot sent to the connector. */
const lastUpdatedCard = (): Card =>
  ((connector.calls.filter((c) => c.method === 'PUT').at(-1)?.body.attachments ?? []) as { content: Card }[])[0]?.content ?? {};

async function click(
  card: Card,
  verb: string,
  match: Record<string, unknown> = {},
  inputs: Record<string, unknown> = {},
  from = people.staff,
  conversation: { id: string; conversationType: string; isGroup?: boolean } = conversations.personal,
): Promise<Card> {
  const action = findAction(card, verb, match);
  const res = await post(makeInvoke(verb, { ...action.data, ...inputs }, from, conversation));
  expect(res.status).toBe(200);
  const body = res.body as { statusCode: number; type: string; value: Card };
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value;
}

const sentCards = (conversationId: string) =>
  connector.calls
    .filter((c) => c.method === 'POST' && c.conversationId === conversationId && /\/activities(\/[^/]+)?$/.test(c.path))
    .flatMap((c) => ((c.body.attachments ?? []) as { content: Card }[]).map((a) => a.content));

test('health and readiness answer', async () => {
  const health = await fetch(`${base}/healthz`);
  expect(await health.json()).toEqual({ status: 'ok' });
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(200);
});

test('a message and card actions over HTTP: replies reach the connector, invokes answer with the card', async () => {
  const res = await post(makeMessage('start'));
  expect(res.status).toBe(200);
  const picker = sentCards(conversations.personal.id).at(-1) as Card;
  expect(textOf(picker)).toContain('Exchange Online Mail Flow Failure');
  const intake = await click(picker, verbs.pickRunbook, { runbookId: 'exchange-online-mail-flow-failure' });
  const triage = await click(intake, verbs.submitIntake, {}, mailFlowIntake({ f_scope: 'tenant' }));
  expect(textOf(triage)).toMatch(/Sev 1/);
  const thread = connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations');
  expect(thread?.body.channelData).toMatchObject({ channel: { id: conversations.leads } });
  expect(textOf(thread?.body.activity)).toMatch(/Sev 1/);
  expect(actionsOf(triage).every((a) => a.data.incidentId === actionsOf(triage)[0].data.incidentId)).toBe(true);
});

test('bad input over HTTP is a 200 with words, never a 500', async () => {
  const garbage = await post({ ...makeInvoke('x', {}), value: { action: { type: 'Action.Execute', verb: 42 } } });
  expect(garbage.status).toBe(200);
  expect(textOf((garbage.body as { value: Card }).value)).toMatch(/not one the bot understands/);
  const raw = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
  expect(raw.status).toBeLessThan(500);
});

test("a redelivered activity opens nothing new; a picker clicked twice opens one incident; a colleague's different input at the same card version is kept", async () => {
  const group = { id: '19:redelivery@thread.v2', conversationType: 'groupChat', isGroup: true };
  const before = (await app.store.list()).length;
  const start = makeMessage('start', people.staff, group);
  expect((await post(start)).status).toBe(200);
  expect((await post(start)).status).toBe(200);
  const pickers = sentCards(group.id).filter((c) => textOf(c).includes('Exchange Online Mail Flow Failure'));
  expect(pickers).toHaveLength(2);
  const pick = makeInvoke(
    verbs.pickRunbook,
    findAction(pickers[0], verbs.pickRunbook, { runbookId: 'exchange-online-mail-flow-failure' }).data,
    people.staff,
    group,
  );
  const first = await post(pick);
  const again = await post(pick);
  const doubleClick = await click(pickers[0], verbs.pickRunbook, { runbookId: 'exchange-online-mail-flow-failure' }, {}, people.staff, group);
  const idOf = (card: Card) => String(actionsOf(card)[0]?.data.incidentId);
  const ids = [first, again].map((r) => idOf((r.body as { value: Card }).value));
  expect(new Set([...ids, idOf(doubleClick)]).size).toBe(1);
  expect((await app.store.list()).length).toBe(before + 1);
  // The redelivered start showed the same picker (same keys); a new start shows a new one, which opens a new incident.
  expect(findAction(pickers[1], verbs.pickRunbook, {}).data.actionKey).toBe(findAction(pickers[0], verbs.pickRunbook, {}).data.actionKey);
  await post(makeMessage('start', people.staff, group));
  const newPicker = sentCards(group.id)
    .filter((c) => textOf(c).includes('Exchange Online Mail Flow Failure'))
    .at(-1) as Card;
  const fromOtherPicker = await click(newPicker, verbs.pickRunbook, { runbookId: 'exchange-online-mail-flow-failure' }, {}, people.staff, group);
  expect(idOf(fromOtherPicker)).not.toBe(ids[0]);
  expect((await app.store.list()).length).toBe(before + 2);

  // A typed start that names one runbook opens at once; delivered twice, it still opens one incident.
  const direct = makeMessage('start mail flow', people.staff, { id: '19:direct@thread.v2', conversationType: 'groupChat', isGroup: true });
  await post(direct);
  await post(direct);
  expect((await app.store.openIn('19:direct@thread.v2')).length).toBe(1);

  // Two colleagues paste different command output on the same card version: both are kept.
  const triage = await click(doubleClick, verbs.submitIntake, {}, mailFlowIntake(), people.staff, group);
  await click(triage, verbs.recordResult, {}, { starterId: 'transport-rules', output: 'Sam: no rule matches' }, people.staff, group);
  await click(triage, verbs.recordResult, {}, { starterId: 'transport-rules', output: 'Riley: rule "Block ext" matches' }, people.riley, group);
  await click(triage, verbs.recordResult, {}, { starterId: 'transport-rules', output: 'Riley: rule "Block ext" matches' }, people.riley, group);
  const stored = await app.store.get(ids[0]);
  expect(stored?.value.commandResults.map((r) => [r.by.name, r.output])).toEqual([
    ['Sam Staff', 'Sam: no rule matches'],
    ['Riley Responder', 'Riley: rule "Block ext" matches'],
  ]);
});

test('hostile activities: each is a 4xx with the reason in words, never a 5xx or a crash, and the bot answers the next one', async () => {
  const message = makeMessage('help') as Record<string, unknown>;
  const deep = `${'{"x":'.repeat(30_000)}{}${'}'.repeat(30_000)}`;
  const { type: _type, ...untyped } = message;
  const { name: _name, ...unnamedInvoke } = makeInvoke(verbs.show, {}) as Record<string, unknown>;
  const cases: [string, unknown, RegExp][] = [
    ['no type', untyped, /malformed at type/],
    ['an invoke without a name', unnamedInvoke, /an invoke activity needs a name/],
    ['an object as from.aadObjectId', { ...message, from: { id: '29:x', aadObjectId: { id: 1 } } }, /malformed at from\.aadObjectId/],
    ['a number as the conversation id', { ...message, conversation: { id: 42 } }, /malformed at conversation\.id/],
    ['a number as the activity id', { ...message, id: 7 }, /malformed at id/],
    ['a 30,000-level nested from', JSON.stringify({ ...message, from: { id: '29:x', deep: '@' } }).replace('"@"', deep), /nested more than 64 levels/],
    ['an array instead of an activity', [message], /not an activity/],
  ];
  for (const [what, body, reason] of cases) {
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(Array.isArray(body) ? body : { serviceUrl: connector.serviceUrl, ...(body as object) }),
    });
    const answer = (await res.json()) as { error?: string };
    expect({ what, status: res.status, error: answer.error }).toEqual({ what, status: 400, error: expect.stringMatching(reason) });
  }
  expect((await post(makeMessage('help'))).status).toBe(200);
});

test('approval proactively to the approvers chat, decision updates cards in place, summary as a new channel thread; a 403 is told in words and retried', async () => {
  connector.calls.length = 0;
  await post(makeMessage('start exchange'));
  const intake = sentCards(conversations.personal.id).at(-1) as Card;
  let card = await click(intake, verbs.submitIntake, {}, mailFlowIntake());
  for (const item of ['collect-details', 'run-message-trace', 'check-pipeline', 'review-health', 'separate-mailbox-rules']) {
    card = await click(card, verbs.tick, { list: 'checklist', itemId: item, done: true });
  }
  card = await click(card, verbs.recordResult, {}, { starterId: 'message-trace', output: 'Status Quarantined' });
  card = await click(card, verbs.continue);
  card = await click(card, verbs.chooseFinding, { findingId: 'quarantined' });
  card = await click(card, verbs.tick, { list: 'branch', itemId: 'threat-reason', done: true });
  card = await click(card, verbs.tick, { list: 'branch', itemId: 'policy-review', done: true });
  card = await click(card, verbs.continue);
  card = await click(
    card,
    verbs.requestApproval,
    { actionId: 'release-false-positives' },
    { 'reason_release-false-positives': 'False positive from a known partner' },
  );

  const approvalCard = sentCards(conversations.approvers.id).at(-1) as Card;
  expect(textOf(approvalCard)).toContain('False positive from a known partner');
  const decided = await click(approvalCard, verbs.decideApproval, { decision: 'approve' }, {}, people.approver, conversations.approvers);
  expect(textOf(decided)).toMatch(/Approved by Alex Approver/);
  const updates = connector.calls.filter((c) => c.method === 'PUT');
  expect(updates.map((u) => u.conversationId)).toContain(conversations.personal.id);

  card = await click(card, verbs.show);
  card = await click(
    card,
    verbs.markDone,
    { actionId: 'release-false-positives' },
    { 'note_release-false-positives': 'Released 3 held messages; quarantine before: 3, after: 0' },
  );
  card = await click(card, verbs.continue);
  for (const item of ['test-message', 'trace-delivered', 'change-documented', 'same-path']) {
    card = await click(card, verbs.tick, { list: 'validation', itemId: item, done: true });
  }
  card = await click(card, verbs.continue);
  card = await click(card, verbs.continue);
  card = await click(
    card,
    verbs.saveSummary,
    {},
    {
      s_whatHappened: 'Mail from a partner was held.',
      s_impact: 'One user, two hours.',
      s_rootCause: 'Spam filter false positive.',
      s_resolution: 'Released after review; test delivered.',
      s_prevention: 'Partner added to the allow list.',
    },
  );
  connector.failWhen((c) => c.method === 'POST' && c.path === '/v3/conversations', 403);
  card = await click(card, verbs.close);
  expect(textOf(card)).toContain('Posting the summary to');
  card = lastUpdatedCard();
  expect(textOf(card)).toMatch(/not allowed to post there \\?\(403/);
  expect(textOf(card)).toContain('Spam filter false positive.');
  connector.failWhen(() => false, 200);
  await click(card, verbs.retryPost);
  expect(textOf(lastUpdatedCard())).toMatch(/Summary posted/);
  const thread = connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations').at(-1);
  expect(thread?.body.channelData).toMatchObject({ channel: { id: conversations.leads } });
  expect(textOf(thread?.body.activity)).toContain('Partner added to the allow list.');
});
