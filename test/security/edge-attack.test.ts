import { verbs } from '../../src/cards/verbs';
import { isRefusal } from '../../src/incident/refusals';
import type { Incident } from '../../src/incident/types';
import { makeInvoke, makeMessage } from '../helpers/activities';
import { actionsOf, type Card, textOf } from '../helpers/card-driver';
import { liveIn } from '../helpers/card-checks';
import { type AttackBot, attackBot, fire, gate, incidentWithId, seedAt, until, within } from '../helpers/edge-attack-kit';
import { cmd, drive, intakeValues, seedRunbook } from '../helpers/incident-builders';
import { conversations, people } from '../helpers/teams-fakes';
import { approvalRequestBeingSent, click, current, data, gatedAction, nextId } from './attack-helpers';
import { room, roomOrigin } from './security-kit';

// Attacks on the redesigned edge (issue 13): inputs and sequences the pipeline, the outbox deliverer and the sweep
// were not written for. test.failing(...) pins a defect (it passes while the defect is there; flip it to test once
// fixed); plain tests pin behaviour that is right and that the suite did not cover yet.

const rb = seedRunbook();
const T0 = Date.parse('2026-11-24T12:00:00.000Z');
const clock = () => {
  let t = T0;
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
};

/** The summary filled with customer-safe text and every warning acknowledged: Post summary and close is accepted. */
function summaryReady(id: string): Incident {
  const filled = drive(
    incidentWithId(id, 'summary'),
    cmd('editSummary', { fields: Object.fromEntries(rb.summary.map((f) => [f.id, `Customer-safe text (${f.label}).`])) }),
  );
  const pending = filled.summary.warnings.filter((w) => !filled.summary.acknowledged.includes(w.id)).map((w) => w.id);
  return pending.length ? drive(filled, cmd('acknowledgeWarnings', { warningIds: pending })) : filled;
}

const summaryPosts = (bot: AttackBot, id: string) => bot.recorded.channelPosts.filter((p) => p.activity.summary === `Incident summary: ${id}`);
const retryOn = (card: Card) => actionsOf(card).find((a) => a.verb === verbs.retryPost);

describe('the summary is posted once, whatever is clicked while it is being posted', () => {
  // Defect: Retry posting does not mark the post as under way, so a second Retry while the first is sending queues a second postSummary (summary posted twice).
  test('Retry posting clicked again while the first retry is still posting: the summary reaches the channel once', async () => {
    const c = clock();
    const bot = attackBot({ now: c.now });
    const incident = await seedAt(bot.store, summaryReady(nextId()), roomOrigin);
    bot.recorded.failChannelPosts = { statusCode: 403 };
    await fire(bot, click(verbs.close, data(incident)));
    await bot.deliverer.settled();
    expect((await current(bot, incident.id)).summary.post).toMatchObject({ status: 'failed' });

    delete bot.recorded.failChannelPosts;
    const posting = gate();
    bot.holds.fn = (w) => (w.op === 'post' ? posting : undefined);
    const closed = await current(bot, incident.id);
    const first = await fire(bot, click(verbs.retryPost, data(closed)));
    await within(posting.reached, 'the first retry posting');
    // The answer to Retry still says the post failed and offers Retry again, on the new version.
    expect(textOf(first.card)).toContain('Could not post the summary');
    const again = retryOn(first.card);
    expect(again).toBeDefined();
    const second = await fire(bot, click(verbs.retryPost, { ...again!.data }));
    posting.open();
    await bot.deliverer.settled();

    expect(second.status).toBe(200);
    expect(summaryPosts(bot, incident.id)).toHaveLength(1);
    expect((await current(bot, incident.id)).outbox.filter((e) => e.effect.kind === 'postSummary' && e.state === 'delivered')).toHaveLength(1);
  });
});

describe('the outbox: a claim taken over is not sent by the instance that lost it', () => {
  // Defect: the deliverer sends any pending entry without checking its claim is still its own, so an entry another instance's sweep took over is sent twice.
  test('a late live deliverer and a sweep that took its entry over: the notification is sent once', async () => {
    const c = clock();
    const a = attackBot({ now: c.now });
    const b = attackBot({ now: c.now, store: a.store, recorded: a.recorded });
    const incident = await seedAt(a.store, incidentWithId(nextId(), 'triage'), roomOrigin);
    const late = gate();
    a.holds.fn = (w) => (w.op === 'enter' && w.incidentId === incident.id ? late : undefined);
    const mention = { entities: [{ type: 'mention', mentioned: { id: people.riley.id, name: people.riley.name }, text: '<at>Riley Responder</at>' }] };
    await fire(a, makeMessage(`${incident.id} handover <at>Riley Responder</at>`, people.staff, room, mention));
    await within(late.reached, "instance A's delivery");
    const [entry] = (await current(a, incident.id)).outbox.filter((e) => e.effect.kind === 'notify');
    expect(entry).toMatchObject({ state: 'pending', attempts: 1 });

    // The lease runs out: instance B takes the entry over and starts sending it.
    c.advance(31_000);
    const sending = gate();
    b.holds.fn = (w) => (w.op === 'send' && /handed/.test(w.text ?? '') ? sending : undefined);
    const sweep = b.sweeper.sweepOnce();
    await within(sending.reached, "instance B's send");
    expect((await current(a, incident.id)).outbox.find((e) => e.id === entry.id)).toMatchObject({ state: 'pending', attempts: 2 });

    // Instance A's delivery now gets to the entry: B holds the claim.
    late.open();
    await a.deliverer.settled();
    sending.open();
    await sweep;
    const notices = a.recorded.sends.filter((s) => s.activity.text === `Sam Staff handed ${incident.id} over to Riley Responder.`);
    expect(notices).toHaveLength(1);
  });
});

describe('approval cards follow their incident', () => {
  // Defect: 'approval card posted here' is checked for the approval id alone, not that it belongs to the incident named, so X's room reads Y's approval card.
  test("a refresh naming another incident's id with this room's approval id is refused as outside, and shows nothing of it", async () => {
    const bot = attackBot();
    const xBuilt = incidentWithId(nextId(), 'remediation');
    const x = await seedAt(bot.store, drive(xBuilt, cmd('requestApproval', { actionId: gatedAction(xBuilt), reason: 'Rule blocks partner mail' })), roomOrigin);
    await bot.deliverer.deliver(
      x.id,
      x.outbox.filter((e) => e.state === 'pending').map((e) => e.id),
    );
    expect((await bot.records.approvalCards(x.approvals[0].id)).map((p) => p.reference.conversation?.id)).toContain(room.id);

    const secret = 'CFO mailbox cfo@fabrikam.com silently dropping board mail';
    const otherRoom = {
      conversationId: '19:finance-war-room@thread.v2',
      kind: 'groupChat' as const,
      reference: { conversation: { id: '19:finance-war-room@thread.v2' } },
    };
    const y = await seedAt(bot.store, drive(incidentWithId(nextId(), 'triage'), cmd('escalate', { reason: secret })), otherRoom);
    const before = await current(bot, y.id);

    const answer = await fire(bot, click('approval.refresh', { incidentId: y.id, approvalId: x.approvals[0].id, actionKey: 'refresh:x', version: 0 }));
    expect(answer.status).toBe(200);
    expect(textOf(answer.card)).not.toContain(secret);
    expect(textOf(answer.card)).toMatch(/is worked on in another conversation/);
    const after = await current(bot, y.id);
    expect(after.audit.slice(before.audit.length).map((e) => e.what)).toEqual(['refused: view the approval — outside the incident conversation']);
  });

  // Was a defect (cancel's update missed an approval card still being sent, which landed with live buttons): the sender reads again after recording it.
  test('cancel while the approval request is still being sent: no card with Approve / Reject survives the cancel', async () => {
    const bot = attackBot();
    const { incident, requested, slow } = await approvalRequestBeingSent(bot);
    const cancelled = await fire(bot, click(verbs.cancel, data(requested, { cancelReason: 'Duplicate of INC-20261124-002' })));
    expect(textOf(cancelled.card)).toContain('Duplicate of INC-20261124-002');
    await until(
      async () => (await current(bot, incident.id)).outbox.some((e) => e.effect.kind === 'updateApproval' && e.state === 'delivered'),
      "the cancel's card update",
    );
    slow.open();
    await bot.deliverer.settled();

    const approvalId = requested.approvals[0].id;
    const posted = await bot.records.approvalCards(approvalId);
    expect(posted.length).toBeGreaterThan(0);
    for (const p of posted) {
      const where = p.reference.conversation?.id;
      const sent = bot.recorded.sends.filter((s) => s.conversationId === where && s.activity.summary === `Approval needed for ${incident.id}`).at(-1)?.activity;
      const last = bot.recorded.updates.filter((u) => u.activityId === p.activityId).at(-1)?.activity ?? sent;
      const card = last?.attachments?.[0].content;
      expect(actionsOf(card).filter((a) => a.verb === verbs.decideApproval)).toEqual([]);
      expect(textOf(card)).toContain('No decision needed: the incident was cancelled');
    }
  });

  // Defect: a claimed reminder is delivered whenever its entry is, even after the incident was cancelled (approvers nagged about a request that is void).
  test('an approval reminder whose first send failed is not sent once the incident is cancelled', async () => {
    const bot = attackBot();
    const built = incidentWithId(nextId(), 'remediation');
    const incident = await seedAt(
      bot.store,
      drive(built, cmd('requestApproval', { actionId: gatedAction(built), reason: 'Rule blocks partner mail' })),
      roomOrigin,
    );
    await bot.deliverer.deliver(
      incident.id,
      incident.outbox.filter((e) => e.state === 'pending').map((e) => e.id),
    );
    const at = Date.parse(incident.approvals[0].requestedAt) + 31 * 60_000;
    const later = attackBot({ now: () => new Date(at), store: bot.store, recorded: bot.recorded });
    bot.recorded.failSendsTo = { conversationId: conversations.approvers.id, statusCode: 503 };
    await later.sweeper.sweepOnce();
    const waiting = (await current(bot, incident.id)).outbox.find((e) => e.effect.kind === 'remind');
    expect(waiting).toMatchObject({ state: 'pending', error: 'Teams answered 503' });
    delete bot.recorded.failSendsTo;

    await fire(later, click(verbs.cancel, data(await current(bot, incident.id), { cancelReason: 'Duplicate ticket' })));
    await later.deliverer.settled();
    expect((await current(bot, incident.id)).phase).toBe('cancelled');
    const afterLease = attackBot({ now: () => new Date(at + 31_000), store: bot.store, recorded: bot.recorded });
    await afterLease.sweeper.sweepOnce();
    const reminders = bot.recorded.sends.filter(
      (s) => s.conversationId === conversations.approvers.id && /has waited \d+ min for an approver/.test(s.activity.text ?? ''),
    );
    expect(reminders).toEqual([]);
  });
});

describe('refusals are audited once per thing refused', () => {
  // Was a defect (refusals carried no idempotency key): a refused click Teams redelivers (same activity id) is audited once.
  test('the same refused invoke delivered twice is one refusal in the audit', async () => {
    const bot = attackBot();
    const incident = await seedAt(bot.store, incidentWithId(nextId(), 'triage'), roomOrigin);
    const activity = click(verbs.tick, data(incident, { list: 'checklist', itemId: rb.firstFifteen[0].id, done: true }), people.outsider, {
      id: 'a:personal-olive',
      conversationType: 'personal',
    });
    for (const copy of [structuredClone(activity), structuredClone(activity)]) {
      expect(textOf((await fire(bot, copy)).card)).toMatch(/is worked on in another conversation/);
    }
    const refusals = (await current(bot, incident.id)).audit.filter(isRefusal);
    expect(refusals.map((e) => e.what)).toEqual(['refused: tick — outside the incident conversation']);
  });

  // Was a defect (the rate limit's 'first refusal' was per person, not per incident): a flood that began with an over-limit 'help' is audited on the incident it then hits.
  test('a flood on an incident that starts with an over-limit "help" is still audited on the incident', async () => {
    const c = clock();
    const { RateLimiter } = await import('../../src/app/rate-limit');
    const bot = attackBot({ now: c.now, rateLimit: new RateLimiter({ burst: 3, perMinute: 6 }, () => c.now().getTime()) });
    const incident = await seedAt(bot.store, incidentWithId(nextId(), 'triage'), roomOrigin);
    for (let n = 0; n < 4; n++) await fire(bot, makeMessage('help', people.staff, room));
    for (let n = 0; n < 20; n++) {
      const answer = await fire(
        bot,
        click(verbs.tick, data(incident, { list: 'checklist', itemId: rb.firstFifteen[n % rb.firstFifteen.length].id, done: true })),
      );
      expect(textOf(answer.card)).toContain('You are going fast');
    }
    const after = await current(bot, incident.id);
    expect(after.version).toBe(incident.version);
    expect(after.audit.filter(isRefusal).map((e) => e.what)).toEqual(['refused: tick — rate limit']);
  });
});

describe('text outside cards is escaped too', () => {
  // Defect: the decision's notify text carries the approver's comment raw into a Markdown chat message (a typed link is live in the incident chat).
  test("an approver's comment with a Markdown link reaches the incident chat as text, not as a live link", async () => {
    const bot = attackBot();
    const built = incidentWithId(nextId(), 'remediation');
    const incident = await seedAt(
      bot.store,
      drive(built, cmd('requestApproval', { actionId: gatedAction(built), reason: 'Rule blocks partner mail' })),
      roomOrigin,
    );
    const link = '[Re-enter your password](https://evil.example/login)';
    await fire(
      bot,
      click(
        verbs.decideApproval,
        data(incident, { approvalId: incident.approvals[0].id, decision: 'approve', comment: `OK ${link} **now**` }),
        people.approver,
        conversations.approvers,
      ),
    );
    await bot.deliverer.settled();
    const notice = bot.recorded.sends.find((s) => s.conversationId === room.id && /approved/.test(s.activity.text ?? ''));
    expect(notice?.activity.text).toContain('Alex Approver approved');
    expect(liveIn(notice!.activity.text!, link)).toBe(false);
    expect(liveIn(notice!.activity.text!, '**now**')).toBe(false);
  });

  // Defect: the handover notify text carries display names raw: bidi overrides and Markdown act in the chat (cards and the pack neutralise them).
  test('display names with bidi overrides, NUL and Markdown reach the handover notification neutralised', async () => {
    const bot = attackBot();
    const incident = await seedAt(bot.store, incidentWithId(nextId(), 'triage'), roomOrigin);
    const name = 'Riley \u202Egnp.exe\u0000 [x](https://evil.example)';
    const mention = { entities: [{ type: 'mention', mentioned: { id: people.riley.id, name }, text: `<at>${name}</at>` }] };
    await fire(bot, makeMessage(`${incident.id} handover <at>${name}</at>`, people.staff, room, mention));
    await bot.deliverer.settled();
    const notice = bot.recorded.sends.find((s) => s.conversationId === room.id && /handed/.test(s.activity.text ?? ''));
    expect(notice?.activity.text).toContain(`handed ${incident.id} over to`);
    expect(notice!.activity.text).not.toMatch(/[\u0000\u202E]/);
    expect(liveIn(notice!.activity.text!, '[x](https://evil.example)')).toBe(false);
  });
});

describe('the incident card never goes back to an older version', () => {
  // Was a defect (the in-place refresh rendered from an earlier read and could overwrite a newer click's answer): read again after each update.
  test("a staff click answered while the approval's card refresh is on its way: the room keeps the newer card", async () => {
    const bot = attackBot();
    const built = incidentWithId(nextId(), 'remediation');
    const incident = await seedAt(
      bot.store,
      drive(built, cmd('requestApproval', { actionId: gatedAction(built), reason: 'Rule blocks partner mail' })),
      roomOrigin,
    );
    await bot.deliverer.deliver(
      incident.id,
      incident.outbox.filter((e) => e.state === 'pending').map((e) => e.id),
    );
    await bot.records.saveIncidentCard(incident.id, { reference: roomOrigin.reference as never, activityId: 'card-1' });
    const refresh = gate();
    bot.holds.fn = (w) => (w.op === 'update' && w.activityId === 'card-1' ? refresh : undefined);

    await fire(
      bot,
      click(
        verbs.decideApproval,
        data(incident, { approvalId: incident.approvals[0].id, decision: 'approve', comment: 'CAB-77' }),
        people.approver,
        conversations.approvers,
      ),
    );
    await within(refresh.reached, "the approval's card refresh");
    const approved = await current(bot, incident.id);
    const answer = await fire(bot, click(verbs.addEvidence, data(approved, { evidenceText: 'Message trace export before the change' })));
    expect(new Set(actionsOf(answer.card).map((a) => a.data.version))).toEqual(new Set([approved.version + 1]));
    refresh.open();
    await bot.deliverer.settled();

    const stored = await current(bot, incident.id);
    expect(stored.version).toBe(approved.version + 1);
    expect(stored.evidence.at(-1)?.text).toBe('Message trace export before the change');
    const shown = bot.recorded.updates.filter((u) => u.activityId === 'card-1').at(-1)!.activity.attachments![0].content;
    expect(new Set(actionsOf(shown).map((a) => a.data.version))).toEqual(new Set([stored.version]));
  });
});

describe('an incident record stays bounded', () => {
  // Defect: each failed Retry posting leaves a failed postSummary entry that is never dropped: the incident record grows with every retry.
  test('Retry posting, failing each time: the outbox stops growing at its bound, whatever the number of retries', async () => {
    const bot = attackBot();
    const incident = await seedAt(bot.store, summaryReady(nextId()), roomOrigin);
    bot.recorded.failChannelPosts = { statusCode: 403 };
    await fire(bot, click(verbs.close, data(incident)));
    await bot.deliverer.settled();
    const retry = async (n: number) => {
      for (let k = 0; k < n; k++) {
        await fire(bot, click(verbs.retryPost, data(await current(bot, incident.id))));
        await bot.deliverer.settled();
      }
      return (await current(bot, incident.id)).outbox.length;
    };
    const after5 = await retry(5);
    const after30 = await retry(25);
    const after60 = await retry(30);
    expect((await current(bot, incident.id)).summary.post).toMatchObject({ status: 'failed' });
    // Given-up entries are kept for the record up to a bound (src/incident/outbox.ts): the record stops growing there.
    expect(after5).toBeLessThanOrEqual(after30);
    expect(after60).toBe(after30);
    expect(after60).toBeLessThanOrEqual(41);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Pins of behaviour that is right and that the suite did not cover yet.

const once = <T>(build: () => T) => {
  let value: T | undefined;
  return () => (value ??= build());
};
const states = {
  intake: once(() => incidentWithId('INC-20261124-901', 'intake')),
  triage: once(() => incidentWithId('INC-20261124-902', 'triage')),
  triageDone: once(() =>
    drive(incidentWithId('INC-20261124-903', 'triage'), ...rb.firstFifteen.map((i) => cmd('tick', { list: 'checklist', itemId: i.id, done: true }))),
  ),
  decision: once(() => incidentWithId('INC-20261124-904', 'decision')),
  remediation: once(() => incidentWithId('INC-20261124-905', 'remediation')),
  pending: once(() => {
    const r = incidentWithId('INC-20261124-906', 'remediation');
    return drive(r, cmd('requestApproval', { actionId: gatedAction(r), reason: 'Change needed' }));
  }),
  approved: once((): Incident =>
    drive(states.pending(), cmd('recordResult', { starterId: rb.commands[0].id, output: 'Status: Failed (before)' }), (i) =>
      cmd('decideApproval', { approvalId: i.approvals[0].id, decision: 'approve' }, { actor: { id: people.approver.aadObjectId, name: people.approver.name } }),
    ),
  ),
  summary: once(() => incidentWithId('INC-20261124-907', 'summary')),
  summaryWarning: once(() =>
    drive(incidentWithId('INC-20261124-908', 'summary'), cmd('editSummary', { fields: { whatHappened: 'The relay 10.20.30.40 refused mail.' } })),
  ),
  summaryReady: once(() => summaryReady('INC-20261124-909')),
  closedFailed: once(() => {
    const closed = incidentWithId('INC-20261124-910', 'closed');
    const entry = closed.outbox.find((e) => e.effect.kind === 'postSummary')!;
    return drive(
      closed,
      cmd('recordSummaryPost', { ok: false, error: 'Teams answered 403', effectId: entry.id }, { actor: { id: 'runbook-bot', name: 'Runbook bot' } }),
    );
  }),
};

interface Cell {
  name: string;
  verb: string;
  state: () => Incident;
  data: (i: Incident) => Record<string, unknown>;
  approver?: boolean;
  /** Versions one delivery adds (the summary's posting is recorded as a change of its own). */
  versions?: number;
}
const prefixed = (p: string, values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [`${p}${k}`, v]));
const cells: Cell[] = [
  { name: 'intake.submit', verb: verbs.submitIntake, state: states.intake, data: () => prefixed('f_', intakeValues(rb)) },
  { name: 'intake.correct', verb: verbs.correctIntake, state: states.triage, data: () => ({ f_sender: 'carol@contoso.com' }) },
  { name: 'item.tick', verb: verbs.tick, state: states.triage, data: () => ({ list: 'checklist', itemId: rb.firstFifteen[0].id, done: true }) },
  { name: 'result.record', verb: verbs.recordResult, state: states.triage, data: () => ({ starterId: rb.commands[0].id, output: 'Status: Failed' }) },
  { name: 'phase.continue', verb: verbs.continue, state: states.triageDone, data: () => ({}) },
  {
    name: 'finding.choose',
    verb: verbs.chooseFinding,
    state: states.decision,
    data: () => ({ findingId: rb.decisions[0].id, ndrText: '550 5.7.1 Delivery not authorized' }),
  },
  {
    name: 'approval.request',
    verb: verbs.requestApproval,
    state: states.remediation,
    data: (i) => ({ actionId: gatedAction(i), [`reason_${gatedAction(i)}`]: 'The rule blocks partner mail' }),
  },
  {
    name: 'approval.decide',
    verb: verbs.decideApproval,
    state: states.pending,
    data: (i) => ({ approvalId: i.approvals[0].id, decision: 'approve', comment: 'CAB-1234' }),
    approver: true,
  },
  {
    name: 'action.done',
    verb: verbs.markDone,
    state: states.approved,
    data: (i) => ({ actionId: gatedAction(i), [`note_${gatedAction(i)}`]: 'Rule disabled: enabled -> disabled' }),
  },
  {
    name: 'evidence.add',
    verb: verbs.addEvidence,
    state: states.triage,
    data: () => ({ evidenceText: 'NDR screenshot', evidenceUrl: 'https://contoso.sharepoint.com/ev/1' }),
  },
  { name: 'summary.save', verb: verbs.saveSummary, state: states.summary, data: () => ({ s_impact: 'Finance, two hours.' }) },
  { name: 'summary.acknowledge', verb: verbs.acknowledge, state: states.summaryWarning, data: (i) => ({ ack: i.summary.warnings.map((w) => w.id).join(',') }) },
  { name: 'incident.close', verb: verbs.close, state: states.summaryReady, data: () => ({}), versions: 2 },
  {
    name: 'incident.close with unsaved edits',
    verb: verbs.close,
    state: states.summaryReady,
    data: () => prefixed('s_', Object.fromEntries(rb.summary.map((f) => [f.id, `Edited just before posting (${f.label}).`]))),
    versions: 3,
  },
  { name: 'summary.retry', verb: verbs.retryPost, state: states.closedFailed, data: () => ({}), versions: 2 },
  { name: 'incident.cancel', verb: verbs.cancel, state: states.pending, data: () => ({ cancelReason: 'Duplicate of another ticket' }) },
  { name: 'incident.escalate', verb: verbs.escalate, state: states.triage, data: () => ({}) },
  { name: 'incident.export', verb: verbs.exportPack, state: states.triage, data: () => ({}), versions: 0 },
];

const refusalWords = /out of date|Nothing was changed|Several people changed|not an action|Something went wrong|could not process/;

/** Runs the click once, or the same activity (same id) twice, in order or at once; returns what it left behind. */
async function deliverClick(cell: Cell, mode: 'once' | 'in order' | 'at once') {
  const bot = attackBot({ now: () => new Date(T0) });
  const incident = await seedAt(bot.store, cell.state(), roomOrigin);
  const activity = cell.approver
    ? makeInvoke(
        cell.verb,
        { incidentId: incident.id, version: incident.version, actionKey: `k:${cell.name}`, ...cell.data(incident) },
        people.approver,
        conversations.approvers,
      )
    : makeInvoke(cell.verb, { incidentId: incident.id, version: incident.version, actionKey: `k:${cell.name}`, ...cell.data(incident) }, people.staff, room);
  activity.id = 'redelivered-1';
  const copies = mode === 'once' ? [activity] : [structuredClone(activity), structuredClone(activity)];
  if (mode === 'at once') await Promise.all(copies.map((a) => bot.adapter.receiveActivity(a)));
  else for (const a of copies) await bot.adapter.receiveActivity(a);
  await bot.deliverer.settled();
  const answers = bot.adapter.activeQueue.filter((a) => a.type === 'invokeResponse').map((r) => textOf((r.value as { body: { value: Card } }).body.value));
  const replies = bot.adapter.activeQueue.filter((a) => a.type !== 'invokeResponse').length;
  const after = await current(bot, incident.id);
  return {
    before: incident,
    after,
    answers,
    replies,
    sends: bot.recorded.sends.map((s) => [s.conversationId, s.activity.text ?? s.activity.summary]),
    posts: bot.recorded.channelPosts.length,
  };
}

describe('a click Teams delivers twice (same activity id) changes the incident once, in order or at once', () => {
  test.each(cells.flatMap((c) => (['in order', 'at once'] as const).map((m) => [c.name, m, c] as const)))(
    '%s, delivered twice %s',
    async (_name, mode, cell) => {
      const single = await deliverClick(cell, 'once');
      expect(single.after.version).toBe(single.before.version + (cell.versions ?? 1));
      expect(single.after.audit.filter(isRefusal)).toEqual([]);
      expect(single.answers.join('\n')).not.toMatch(refusalWords);
      const twice = await deliverClick(cell, mode);
      // The same record as after one delivery (same clock): one change, one audit entry, one outbox entry per effect.
      expect(twice.after).toEqual(single.after);
      expect(twice.after.audit.filter(isRefusal)).toEqual([]);
      expect(twice.sends).toEqual(single.sends);
      expect(twice.posts).toBe(single.posts);
      expect(twice.replies).toBe(2 * single.replies);
      expect(twice.answers).toHaveLength(2);
      for (const words of twice.answers) expect(words).not.toMatch(refusalWords);
    },
  );
});

describe('a typed command Teams delivers twice (same activity id) changes the incident once', () => {
  const mention = { entities: [{ type: 'mention', mentioned: { id: people.riley.id, name: people.riley.name }, text: '<at>Riley Responder</at>' }] };
  const typed = [
    { name: 'note', text: (id: string) => `${id} note checked the connector`, extra: {} },
    { name: 'cancel', text: (id: string) => `${id} cancel duplicate ticket`, extra: {} },
    { name: 'escalate', text: (id: string) => `${id} escalate the finance floor is down`, extra: {} },
    { name: 'handover', text: (id: string) => `${id} handover <at>Riley Responder</at>`, extra: mention },
    { name: 'bare note (the only open incident here)', text: () => 'note second line of evidence', extra: {} },
  ];
  test.each(typed.flatMap((t) => (['in order', 'at once'] as const).map((m) => [t.name, m, t] as const)))('%s, delivered twice %s', async (_name, mode, t) => {
    const run = async (twice: boolean) => {
      const bot = attackBot({ now: () => new Date(T0) });
      const incident = await seedAt(bot.store, states.triage(), roomOrigin);
      const activity = makeMessage(t.text(incident.id), people.staff, room, { ...t.extra, id: 'typed-redelivered-1' });
      const copies = twice ? [structuredClone(activity), structuredClone(activity)] : [activity];
      if (mode === 'at once') await Promise.all(copies.map((a) => bot.adapter.receiveActivity(a)));
      else for (const a of copies) await bot.adapter.receiveActivity(a);
      await bot.deliverer.settled();
      return {
        before: incident,
        after: await current(bot, incident.id),
        sends: bot.recorded.sends.map((s) => s.activity.text ?? s.activity.summary),
        posts: bot.recorded.channelPosts.length,
      };
    };
    const single = await run(false);
    expect(single.after.version).toBe(single.before.version + 1);
    const twice = await run(true);
    expect(twice.after).toEqual(single.after);
    expect(twice.after.audit.filter(isRefusal)).toEqual([]);
    expect(twice.sends).toEqual(single.sends);
    expect(twice.posts).toBe(single.posts);
  });
});

describe("two people's different inputs at one card version", () => {
  test('two colleagues add different evidence from the same card at once: both are kept, each under its own name', async () => {
    const bot = attackBot();
    const incident = await seedAt(bot.store, incidentWithId(nextId(), 'triage'), roomOrigin);
    const actionKey = `${incident.id}:${incident.version}:${verbs.addEvidence}`;
    const same = { incidentId: incident.id, version: incident.version, actionKey };
    const [sam, riley] = await Promise.all([
      fire(bot, click(verbs.addEvidence, { ...same, evidenceText: 'NDR screenshot from Sam' })),
      fire(bot, click(verbs.addEvidence, { ...same, evidenceText: 'Message trace from Riley' }, people.riley)),
    ]);
    for (const a of [sam, riley]) expect(textOf(a.card)).not.toMatch(refusalWords);
    const after = await current(bot, incident.id);
    expect(after.evidence.map((e) => [e.by.name, e.text]).sort()).toEqual([
      ['Riley Responder', 'Message trace from Riley'],
      ['Sam Staff', 'NDR screenshot from Sam'],
    ]);
    expect(after.version).toBe(incident.version + 2);
  });

  test('the same person clicking the same card button twice with different text: both kept; with the same text: once', async () => {
    const bot = attackBot();
    const incident = await seedAt(bot.store, incidentWithId(nextId(), 'triage'), roomOrigin);
    const same = { incidentId: incident.id, version: incident.version, actionKey: `${incident.id}:${incident.version}:${verbs.addEvidence}` };
    await fire(bot, click(verbs.addEvidence, { ...same, evidenceText: 'first' }));
    await fire(bot, click(verbs.addEvidence, { ...same, evidenceText: 'second' }));
    await fire(bot, click(verbs.addEvidence, { ...same, evidenceText: 'second' }));
    expect((await current(bot, incident.id)).evidence.map((e) => e.text)).toEqual(['first', 'second']);
  });

  // Not pinned (a finding for the next issue): the refused colleague's answers are not on the card they get back, which is
  // the triage card (the intake form is behind 'Correct the intake' now), so what they typed is lost.
  test('two colleagues submit different intake answers on one card: one wins, the other is told in words and audited as stale', async () => {
    const bot = attackBot();
    const incident = await seedAt(bot.store, incidentWithId(nextId(), 'intake'), roomOrigin);
    const same = { incidentId: incident.id, version: incident.version, actionKey: `${incident.id}:${incident.version}:${verbs.submitIntake}` };
    const sams = prefixed('f_', intakeValues(rb, { sender: 'sam.sender@contoso.com' }));
    const rileys = prefixed('f_', intakeValues(rb, { sender: 'riley.sender@contoso.com' }));
    const first = await fire(bot, click(verbs.submitIntake, { ...same, ...sams }));
    expect(textOf(first.card)).not.toMatch(refusalWords);
    const second = await fire(bot, click(verbs.submitIntake, { ...same, ...rileys }, people.riley));
    expect(textOf(second.card)).toMatch(/This card is out of date/);
    const after = await current(bot, incident.id);
    expect(after.intake.sender).toBe('sam.sender@contoso.com');
    expect(after.audit.filter(isRefusal).map((e) => [e.actor.name, e.what])).toEqual([['Riley Responder', 'refused: submit the intake — stale card']]);
  });
});

describe('bookkeeping commands cannot be asked for from a card or a message', () => {
  const bookkeeping = [
    'recordDelivery',
    'recordSummaryPost',
    'recordRefusal',
    'claimReminder',
    'claimDelivery',
    'recordDiagnostics',
    'retrySummaryPost',
    'delivery.record',
    'summary.post',
  ];
  test.each(bookkeeping)('verb "%s" in card data is refused in words, logged, and changes and sends nothing', async (verb) => {
    const bot = attackBot();
    const closed = await seedAt(bot.store, states.closedFailed(), roomOrigin);
    const entry = closed.outbox.find((e) => e.effect.kind === 'postSummary')!;
    const before = await current(bot, closed.id);
    const answer = await fire(
      bot,
      click(verb, {
        ...data(closed),
        type: verb,
        effectId: entry.id,
        ok: true,
        where: 'the leads channel',
        refusal: { verb: 'approve', reason: 'not an approver' },
        reminder: { id: 'approval:x', target: 'approvers', text: 'forged', dueAt: closed.openedAt },
        leaseMs: 0,
        requestId: 'forged',
        items: [],
      }),
    );
    expect(answer.status).toBe(200);
    expect(textOf(answer.card)).toContain(`"${verb}" is not an action the bot knows.`);
    expect(await current(bot, closed.id)).toEqual(before);
    expect(bot.recorded.sends).toEqual([]);
    expect(bot.recorded.channelPosts).toEqual([]);
    expect(bot.logs.some((l) => l.message === 'card action refused' && l.fields.incidentId === closed.id)).toBe(true);
  });

  test('bookkeeping fields smuggled into a real verb are ignored: Retry posting stays a retry, the post is not marked done', async () => {
    const bot = attackBot();
    const closed = await seedAt(bot.store, states.closedFailed(), roomOrigin);
    bot.recorded.failChannelPosts = { statusCode: 403 };
    const entry = closed.outbox.find((e) => e.effect.kind === 'postSummary')!;
    await fire(
      bot,
      click(verbs.retryPost, { ...data(closed), type: 'recordSummaryPost', ok: true, where: 'Forged channel', effectId: entry.id, state: 'delivered' }),
    );
    await bot.deliverer.settled();
    const after = await current(bot, closed.id);
    expect(after.summary.post).toMatchObject({ status: 'failed' });
    expect(after.summary.post?.where).toBeUndefined();
    expect(after.audit.map((e) => e.what)).not.toContain('posted the summary');
    expect(after.outbox.find((e) => e.id === entry.id)?.state).toBe('failed');
  });

  test('typed bookkeeping words are not commands', async () => {
    const bot = attackBot();
    const incident = await seedAt(bot.store, states.triage(), roomOrigin);
    for (const text of ['recordSummaryPost ok', `${incident.id} recordDelivery`, 'claimReminder approval:x', `${incident.id} recordRefusal`]) {
      const answer = await fire(bot, makeMessage(text, people.staff, room));
      expect(answer.replies.map((r) => textOf(r.attachments?.[0]?.content) + (r.text ?? '')).join('\n')).toMatch(/is not a command/);
    }
    expect(await current(bot, incident.id)).toEqual(incident);
  });
});

describe('approvers and the approval card, from other places', () => {
  test('an approver deciding from a third conversation (their own chat) is served on the approval card; the room hears of it', async () => {
    const bot = attackBot();
    const built = incidentWithId(nextId(), 'remediation');
    const incident = await seedAt(
      bot.store,
      drive(built, cmd('requestApproval', { actionId: gatedAction(built), reason: 'Rule blocks partner mail' })),
      roomOrigin,
    );
    const ownChat = { id: 'a:personal-alex', conversationType: 'personal' };
    const answer = await fire(
      bot,
      click(verbs.decideApproval, data(incident, { approvalId: incident.approvals[0].id, decision: 'approve', comment: 'CAB-99' }), people.approver, ownChat),
    );
    await bot.deliverer.settled();
    expect(textOf(answer.card)).toContain('Approved by Alex Approver');
    expect(textOf(answer.card)).toContain('CAB-99');
    expect(actionsOf(answer.card).filter((a) => a.verb === verbs.decideApproval)).toEqual([]);
    expect((await current(bot, incident.id)).approvals[0]).toMatchObject({ status: 'approved', decidedBy: { name: 'Alex Approver' }, comment: 'CAB-99' });
    expect(bot.recorded.sends.filter((s) => s.conversationId === room.id).map((s) => s.activity.text)).toContain(
      `Alex Approver approved "${rb.remediation.find((a) => a.id === gatedAction(built))!.text}": CAB-99`,
    );
    // Nothing of the incident card is sent to the approver's own chat.
    expect(bot.recorded.sends.filter((s) => s.conversationId === ownChat.id)).toEqual([]);
  });

  test('a non-approver where the approval card is may refresh it, but a decision is refused on the approval card with their comment kept, audited once', async () => {
    const bot = attackBot();
    const built = incidentWithId(nextId(), 'remediation');
    const incident = await seedAt(
      bot.store,
      drive(built, cmd('requestApproval', { actionId: gatedAction(built), reason: 'Rule blocks partner mail' })),
      roomOrigin,
    );
    await bot.deliverer.deliver(
      incident.id,
      incident.outbox.filter((e) => e.state === 'pending').map((e) => e.id),
    );
    const before = await current(bot, incident.id);
    const approvalId = incident.approvals[0].id;
    const viewed = await fire(
      bot,
      click('approval.refresh', { incidentId: incident.id, approvalId, actionKey: `refresh:${approvalId}`, version: 0 }, people.riley, conversations.approvers),
    );
    expect(textOf(viewed.card)).toContain(`Approval needed · ${incident.id}`);
    expect(await current(bot, incident.id)).toEqual(before);

    const comment = 'Looks fine to me, ship it';
    const decided = await fire(
      bot,
      click(verbs.decideApproval, data(before, { approvalId, decision: 'approve', comment }), people.riley, conversations.approvers),
    );
    expect(textOf(decided.card)).toContain('Only a configured approver can approve or reject this request. Nothing was changed.');
    expect(JSON.stringify(decided.card)).toContain(comment);
    const after = await current(bot, incident.id);
    expect(after.approvals[0].status).toBe('pending');
    expect(after.audit.slice(before.audit.length).map((e) => [e.actor.name, e.what])).toEqual([['Riley Responder', 'refused: approve — not an approver']]);
  });
});

describe('an incident with hundreds of outbox entries', () => {
  test('300 undelivered entries: a click is answered with a card under 28 KB, the sweep delivers each once, the record sheds them', async () => {
    const c = clock();
    const bot = attackBot({ now: c.now });
    const base = incidentWithId(nextId(), 'triage');
    const at = new Date(T0 - 60_000).toISOString();
    const outbox = Array.from({ length: 300 }, (_, i) => ({
      id: `${base.id}:x.${i}`,
      effect: { kind: 'notify' as const, text: `notification ${i}` },
      at,
      state: 'pending' as const,
      attempts: 1,
      triedAt: at,
      ...(i % 2 ? { error: 'Teams answered 503' } : {}),
    }));
    const incident = await seedAt(bot.store, { ...base, outbox }, roomOrigin);
    const answer = await fire(bot, click(verbs.tick, data(incident, { list: 'checklist', itemId: rb.firstFifteen[0].id, done: true })));
    expect(Buffer.byteLength(JSON.stringify(answer.card))).toBeLessThan(28 * 1024);
    expect(textOf(answer.card)).toContain('Not delivered yet: a notification \\(Teams answered 503\\). It is tried again.');
    expect(textOf(answer.card)).toContain(`Step`);
    await bot.deliverer.settled();
    await bot.sweeper.sweepOnce();
    const texts = bot.recorded.sends.filter((s) => /^notification \d+$/.test(s.activity.text ?? '')).map((s) => s.activity.text);
    expect(new Set(texts).size).toBe(300);
    expect(texts).toHaveLength(300);
    const after = await current(bot, incident.id);
    expect(after.outbox.length).toBeLessThanOrEqual(20);
    expect(await bot.sweeper.sweepOnce()).toBe(0);
  });
});

describe('the sweep reports what it delivered', () => {
  // Defect: sweepOnce() counts deliveries after delivered entries beyond the 20 kept were shed, so it reports 20 for 30 delivered (countDelivered).
  test('a sweep that delivers 30 taken-over entries counts them (and the reminders it sent)', async () => {
    const bot = attackBot({ now: () => new Date(T0) });
    const base = incidentWithId(nextId(), 'triage');
    const at = new Date(T0 - 60_000).toISOString();
    const outbox = Array.from({ length: 30 }, (_, i) => ({
      id: `${base.id}:y.${i}`,
      effect: { kind: 'notify' as const, text: `late ${i}` },
      at,
      state: 'pending' as const,
      attempts: 1,
      triedAt: at,
    }));
    const incident = await seedAt(bot.store, { ...base, outbox }, roomOrigin);
    const delivered = await bot.sweeper.sweepOnce();
    expect(bot.recorded.sends.filter((s) => /^late \d+$/.test(s.activity.text ?? ''))).toHaveLength(30);
    expect((await current(bot, incident.id)).outbox.filter((e) => e.state === 'pending')).toEqual([]);
    // The sweep also claimed the reminders due by then; each counts as one delivery.
    const reminders = bot.recorded.sends.filter((s) => s.activity.text && !/^late \d+$/.test(s.activity.text)).length;
    expect(delivered).toBe(30 + reminders);
  });
});

describe('reminders and the end of an incident', () => {
  test('a cancel that lands between the sweep reading the incident and claiming its reminder: no reminder is claimed or sent', async () => {
    const built = incidentWithId(nextId(), 'remediation');
    const pending = drive(built, cmd('requestApproval', { actionId: gatedAction(built), reason: 'Rule blocks partner mail' }));
    const at = Date.parse(pending.approvals[0].requestedAt) + 31 * 60_000;
    const bot = attackBot({ now: () => new Date(at) });
    const incident = await seedAt(bot.store, { ...pending, outbox: pending.outbox.map((e) => ({ ...e, state: 'delivered' as const })) }, roomOrigin);
    const apply = bot.service.apply.bind(bot.service);
    let cancelled = false;
    bot.service.apply = (async (id, command, stored) => {
      if (command.type === 'claimReminder' && !cancelled) {
        cancelled = true;
        await fire(bot, click(verbs.cancel, data(await current(bot, id), { cancelReason: 'Resolved by the vendor' })));
      }
      return apply(id, command, stored);
    }) as typeof bot.service.apply;
    await bot.sweeper.sweepOnce();
    await bot.deliverer.settled();
    expect(cancelled).toBe(true);
    const after = await current(bot, incident.id);
    expect(after.phase).toBe('cancelled');
    expect(after.remindersSent ?? []).toEqual([]);
    expect(after.audit.filter((e) => e.kind === 'reminder')).toEqual([]);
    expect(bot.recorded.sends.filter((s) => /has waited|no update for/.test(s.activity.text ?? ''))).toEqual([]);
  });
});

describe('approval refreshes are not rate-limited, so their refusals are bounded instead', () => {
  test('an outsider firing 40 approval refreshes is refused every time, and the audit keeps at most the per-person bound', async () => {
    const c = clock();
    const { RateLimiter } = await import('../../src/app/rate-limit');
    const { refusalBound } = await import('../../src/incident/refusals');
    const bot = attackBot({ now: c.now, rateLimit: new RateLimiter({ burst: 3, perMinute: 6 }, () => c.now().getTime()) });
    const built = incidentWithId(nextId(), 'remediation');
    const incident = await seedAt(
      bot.store,
      drive(built, cmd('requestApproval', { actionId: gatedAction(built), reason: 'Rule blocks partner mail' })),
      roomOrigin,
    );
    const approvalId = incident.approvals[0].id;
    for (let n = 0; n < 40; n++) {
      const answer = await fire(
        bot,
        click('approval.refresh', { incidentId: incident.id, approvalId, actionKey: `refresh:${approvalId}`, version: 0 }, people.outsider, {
          id: 'a:personal-olive',
          conversationType: 'personal',
        }),
      );
      expect(textOf(answer.card)).toMatch(/is worked on in another conversation/);
      expect(textOf(answer.card)).not.toContain('Rule blocks partner mail');
    }
    const after = await current(bot, incident.id);
    expect(after.audit.filter(isRefusal).map((e) => e.what)).toEqual(
      Array(refusalBound.perActorPerHour).fill('refused: view the approval — outside the incident conversation'),
    );
    expect(after.version).toBe(incident.version);
  });
});
