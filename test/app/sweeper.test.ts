import { maxDeliveryAttempts } from '../../src/incident/outbox';
import { dueReminders } from '../../src/incident/reminders';
import type { Incident } from '../../src/incident/types';
import { appInstance, freshStore, reminderSettings } from '../helpers/app-kit';
import { actors, cmd, drive, finishPhase, makeIncident, seedRunbook, t0 } from '../helpers/incident-builders';
import { conversations } from '../helpers/teams-fakes';

// The one timer: due reminders are claimed through the one writer and sent from the outbox; effects saved but never
// sent (a crash between the save and the send) are taken over once their claim is older than the lease.

const minutes = (n: number) => n * 60_000;

function atRemediationWithPendingApproval(): Incident {
  let incident = makeIncident({ now: t0 });
  while (incident.phase !== 'remediation') incident = finishPhase(incident);
  return drive(incident, cmd('requestApproval', { actionId: 'fix-rules-or-connectors', reason: 'transport rule blocks partner' }));
}

const textsTo = (recorded: ReturnType<typeof appInstance>['recorded'], conversationId: string) =>
  recorded.sends.filter((s) => s.conversationId === conversationId).map((s) => s.activity.text ?? '(card)');

test('due reminders: triage timebox, approval waiting, idle, Sev 1 owner silent', () => {
  const rb = seedRunbook();
  const triage = finishPhase(makeIncident({ now: t0 }), { intake: { scope: 'tenant' } });
  const ids = (now: Date) =>
    dueReminders(triage, rb, now, reminderSettings)
      .map((r) => r.id)
      .sort();
  const started = Date.parse(triage.triageStartedAt!);
  expect(dueReminders(triage, rb, new Date(started + minutes(9)), reminderSettings)).toEqual([]);
  expect(ids(new Date(started + minutes(10)))).toEqual(['sev1-response']);
  expect(ids(new Date(started + minutes(15)))).toEqual(['sev1-response', 'triage-timebox']);
  expect(ids(new Date(started + minutes(61)))).toContain(`idle:${triage.audit.length}`);
});

test('two instances sweep at once: each reminder is claimed and sent once, audited as a reminder, version unchanged', async () => {
  const store = freshStore();
  const incident = (await store.create(atRemediationWithPendingApproval())).value;
  let now = new Date(Date.parse(incident.approvals[0].requestedAt) + minutes(1));
  const a = appInstance(store, () => now);
  const b = appInstance(store, () => now, { recorded: a.recorded });
  // The request's own outbox entry was never sent in this test: take it over first so only reminders remain.
  await a.sweeper.sweepOnce();
  a.recorded.sends.length = 0;

  now = new Date(now.getTime() + minutes(30));
  const [x, y] = await Promise.all([a.sweeper.sweepOnce(), b.sweeper.sweepOnce()]);
  const toApprovers = textsTo(a.recorded, conversations.approvers.id);
  expect(toApprovers.filter((t) => /has waited 30 min for an approver/.test(t))).toHaveLength(1);
  const after = (await store.get(incident.id))!.value;
  expect(after.version).toBe(incident.version);
  expect(after.audit.filter((e) => e.kind === 'reminder').map((e) => e.detail)).toEqual(expect.arrayContaining([`approval:${incident.approvals[0].id}`]));
  expect(x + y).toBe(after.outbox.filter((e) => e.effect.kind === 'remind' && e.state === 'delivered').length);

  // A restart sends nothing again; an hour later only the idle reminder is new.
  const restarted = appInstance(store, () => now, { recorded: a.recorded });
  const before = a.recorded.sends.length;
  expect(await restarted.sweeper.sweepOnce()).toBe(0);
  expect(a.recorded.sends).toHaveLength(before);
  now = new Date(now.getTime() + minutes(61));
  await restarted.sweeper.sweepOnce();
  expect(a.recorded.sends.slice(before).map((s) => s.activity.text)).toEqual([expect.stringMatching(/has had no update for 60 min/)]);
});

test('an effect saved but never sent is delivered by the sweep once its claim is older than the lease, exactly once across instances', async () => {
  const store = freshStore();
  const incident = (await store.create(atRemediationWithPendingApproval())).value;
  const pending = incident.outbox.filter((e) => e.state === 'pending');
  expect(pending.map((e) => e.effect.kind)).toEqual(['requestApproval']);
  const requested = Date.parse(pending[0].triedAt!);

  let now = new Date(requested + 10_000);
  const a = appInstance(store, () => now);
  const b = appInstance(store, () => now, { recorded: a.recorded });
  expect(await a.sweeper.sweepOnce()).toBe(0); // still claimed by the instance that decided it
  expect(a.recorded.sends).toEqual([]);

  now = new Date(requested + 31_000);
  const [x, y] = await Promise.all([a.sweeper.sweepOnce(), b.sweeper.sweepOnce()]);
  expect(x + y).toBe(1);
  const cards = a.recorded.sends.filter((s) => s.activity.attachments?.length);
  expect(cards.map((s) => s.conversationId).sort()).toEqual([conversations.approvers.id, incident.origin.conversationId].sort());
  const entry = (await store.get(incident.id))!.value.outbox.find((e) => e.id === pending[0].id)!;
  expect(entry).toMatchObject({ state: 'delivered', attempts: 2 });
  expect((await store.get(incident.id))!.value.version).toBe(incident.version);

  now = new Date(requested + minutes(5));
  expect(await a.sweeper.sweepOnce()).toBe(0);
  expect(a.recorded.sends.filter((s) => s.activity.attachments?.length)).toHaveLength(2);
});

test('a retried approval request skips the conversations its first attempt reached', async () => {
  const store = freshStore();
  const incident = (await store.create(atRemediationWithPendingApproval())).value;
  const now = new Date(Date.parse(incident.outbox[0].triedAt!) + 31_000);
  const a = appInstance(store, () => now);
  a.recorded.failSendsTo = { conversationId: incident.origin.conversationId, statusCode: 503 };
  await a.sweeper.sweepOnce();
  const entry = () => store.get(incident.id).then((s) => s!.value.outbox[0]);
  expect(await entry()).toMatchObject({ state: 'pending', error: 'Teams answered 503' });
  expect(a.recorded.sends.map((s) => s.conversationId)).toEqual([conversations.approvers.id]);

  delete a.recorded.failSendsTo;
  const later = appInstance(store, () => new Date(now.getTime() + 31_000), { recorded: a.recorded });
  await later.sweeper.sweepOnce();
  expect(await entry()).toMatchObject({ state: 'delivered' });
  expect(a.recorded.sends.filter((s) => s.activity.attachments?.length).map((s) => s.conversationId)).toEqual([
    conversations.approvers.id,
    incident.origin.conversationId,
  ]);
});

test(`a sending that keeps failing is given up after ${maxDeliveryAttempts} attempts, in words, and the card says so`, async () => {
  const store = freshStore();
  const incident = (await store.create(atRemediationWithPendingApproval())).value;
  let now = new Date(Date.parse(incident.outbox[0].triedAt!));
  const a = appInstance(store, () => now);
  a.recorded.failSendsTo = { conversationId: conversations.approvers.id, statusCode: 403 };
  for (let k = 0; k < maxDeliveryAttempts + 2; k++) {
    now = new Date(now.getTime() + 31_000);
    await a.sweeper.sweepOnce();
  }
  const after = (await store.get(incident.id))!.value;
  expect(after.outbox[0]).toMatchObject({ state: 'failed', attempts: maxDeliveryAttempts, error: expect.stringContaining('not allowed to post there (403') });
  const card = JSON.stringify(a.recorded.sends.concat(a.recorded.updates as never[]).at(-1)?.activity.attachments?.[0].content ?? {});
  expect(card).toContain('Not delivered: the approval request');
  const listed = (await store.list()).find((r) => r.id === incident.id);
  expect(listed?.undelivered).toBeUndefined();
});

test('a closed incident whose summary was never posted (a crash at close) is posted by the sweep, once', async () => {
  const store = freshStore();
  let incident = makeIncident({ now: t0 });
  while (incident.phase !== 'closed') incident = finishPhase(incident);
  const saved = (await store.create(incident)).value;
  const entry = saved.outbox.find((e) => e.effect.kind === 'postSummary')!;
  expect(entry.state).toBe('pending');
  expect((await store.list()).find((r) => r.id === saved.id)?.undelivered).toBeGreaterThan(0);
  const now = new Date(Date.parse(entry.triedAt!) + 31_000);
  const a = appInstance(store, () => now);
  await a.sweeper.sweepOnce();
  await a.sweeper.sweepOnce();
  expect(a.recorded.channelPosts).toHaveLength(1);
  const after = (await store.get(saved.id))!.value;
  expect(after.summary.post).toMatchObject({ status: 'posted' });
  expect(after.outbox.find((e) => e.id === entry.id)?.state).toBe('delivered');
  expect(actors.staff.id).toBeTruthy();
});
