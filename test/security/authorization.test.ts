import { verbs } from '../../src/cards/verbs';
import { verifyAudit } from '../../src/incident/audit';
import { isRefusal, refusalBound } from '../../src/incident/refusals';
import type { Incident } from '../../src/incident/types';
import { refreshVerb } from '../../src/app/approval-refresh';
import { textOf } from '../helpers/card-driver';
import { expectRefusal } from '../helpers/refusal-checks';
import { actors, cmd, defaultFinding, drive, incidentAt, intakeValues, seedRunbook } from '../helpers/incident-builders';
import { people, testConfig } from '../helpers/teams-fakes';
import { type Role, type RoleName, invokeAs, leadsChannelData, room, roles, sayAs, securityHarness, seed, stored } from './security-kit';

// The authorization matrix: every card verb and typed command, by staff, a colleague in the incident room, an approver
// (in the approvers' chat and in the room), a lead (in the leads' channel) and an outsider (in their own chat).
// Policy, from the code: anyone in the incident's conversation runs it; only configured approvers decide approvals,
// never their own request. Allowed cells change the stored incident; every other cell says why and leaves the incident
// unchanged but for one audit entry naming who was refused what and why (same version, same state).

const rb = seedRunbook();
const now = () => new Date('2026-11-24T12:00:00.000Z');

const outside = /worked on in another conversation: only people in that conversation can view or change it.*Nothing was changed\./s;
const notApprover = /Only a configured approver can approve or reject this request\. Nothing was changed\./;
/** Something the incident card shows that an outsider must not read. */
const secret = intakeValues(rb).sender;

const allRoles = { ...roles, approverInRoom: { person: people.approver, conversation: room } } satisfies Record<string, Role>;
type Who = RoleName | 'approverInRoom';
const inRoom: Who[] = ['staff', 'member', 'approverInRoom'];
const everyone = Object.keys(allRoles) as Who[];

const once = <T>(build: () => T) => {
  let value: T | undefined;
  return () => (value ??= build());
};

const gated = (i: Incident) => {
  const finding = rb.decisions.find((d) => d.id === i.finding?.findingId);
  const id = finding?.branch.actions.find((a) => rb.remediation.find((r) => r.id === a)?.approval.required);
  if (!id) throw new Error('the default finding has no gated action');
  return id;
};

const states = {
  intake: once(() => incidentAt('intake')),
  triage: once(() => incidentAt('triage')),
  triageDone: once(() => drive(incidentAt('triage'), ...rb.firstFifteen.map((i) => cmd('tick', { list: 'checklist', itemId: i.id, done: true })))),
  decision: once(() => incidentAt('decision')),
  remediation: once(() => incidentAt('remediation')),
  pending: once(() => drive(incidentAt('remediation'), cmd('requestApproval', { actionId: gated(incidentAt('remediation')), reason: 'Change needed' }))),
  approved: once((): Incident =>
    drive(states.pending(), cmd('recordResult', { starterId: rb.commands[0].id, output: 'Status: Failed (before)' }), (i) =>
      cmd('decideApproval', { approvalId: i.approvals[i.approvals.length - 1].id, decision: 'approve' }, { actor: actors.approver1 }),
    ),
  ),
  summary: once(() => incidentAt('summary')),
  summaryWarning: once(() => drive(incidentAt('summary'), cmd('editSummary', { fields: { whatHappened: 'The relay 10.20.30.40 refused mail.' } }))),
  summaryReady: once(() => {
    const filled = drive(
      incidentAt('summary'),
      cmd('editSummary', { fields: Object.fromEntries(rb.summary.map((f) => [f.id, `Customer-safe text (${f.label}).`])) }),
    );
    const pending = filled.summary.warnings.filter((w) => !filled.summary.acknowledged.includes(w.id)).map((w) => w.id);
    return pending.length ? drive(filled, cmd('acknowledgeWarnings', { warningIds: pending })) : filled;
  }),
  closed: once(() => incidentAt('closed')),
};

interface CardCell {
  verb: string;
  state: () => Incident;
  data: (i: Incident) => Record<string, unknown>;
  /** Who changes the incident (or, for read-only verbs, who gets to see it). */
  allowed: Who[];
  readOnly?: boolean;
  /** The words everyone else gets. */
  refusal: (who: Who) => RegExp;
  /** The refused request in the audit ("refused: <does> — <reason>"). */
  does: string;
  /** Why it is refused, in the audit; outside the incident conversation unless said. */
  because?: (who: Who) => string;
}

const staffOnly = (): RegExp => outside;
const cardCells: CardCell[] = [
  {
    verb: verbs.submitIntake,
    does: 'submit the intake',
    state: states.intake,
    data: () => prefixed('f_', intakeValues(rb)),
    allowed: inRoom,
    refusal: staffOnly,
  },
  {
    verb: verbs.correctIntake,
    does: 'submit the intake',
    state: states.triage,
    data: () => ({ f_sender: 'carol@contoso.com' }),
    allowed: inRoom,
    refusal: staffOnly,
  },
  {
    verb: verbs.tick,
    does: 'tick',
    state: states.triage,
    data: () => ({ list: 'checklist', itemId: rb.firstFifteen[0].id, done: true }),
    allowed: inRoom,
    refusal: staffOnly,
  },
  {
    verb: verbs.recordResult,
    does: 'record a command result',
    state: states.triage,
    data: () => ({ starterId: rb.commands[0].id, output: 'Status: Failed' }),
    allowed: inRoom,
    refusal: staffOnly,
  },
  { verb: verbs.continue, does: 'continue', state: states.triageDone, data: () => ({}), allowed: inRoom, refusal: staffOnly },
  {
    verb: verbs.chooseFinding,
    does: 'choose a finding',
    state: states.decision,
    data: () => ({ findingId: defaultFinding(rb).id, ndrText: '550 5.7.1 Delivery not authorized' }),
    allowed: inRoom,
    refusal: staffOnly,
  },
  {
    verb: verbs.requestApproval,
    does: 'request approval',
    state: states.remediation,
    data: (i) => ({ actionId: gated(i), [`reason_${gated(i)}`]: 'The rule blocks partner mail' }),
    allowed: inRoom,
    refusal: staffOnly,
  },
  {
    verb: verbs.markDone,
    does: 'mark an action done',
    state: states.approved,
    data: (i) => ({ actionId: gated(i), [`note_${gated(i)}`]: 'Rule disabled' }),
    allowed: inRoom,
    refusal: staffOnly,
  },
  {
    verb: verbs.decideApproval,
    state: states.pending,
    data: (i) => ({ approvalId: i.approvals[0].id, decision: 'approve', comment: 'CAB-1234' }),
    allowed: ['approver', 'approverInRoom'],
    refusal: () => notApprover,
    does: 'approve',
    because: () => 'not an approver',
  },
  {
    verb: verbs.addEvidence,
    does: 'add evidence',
    state: states.triage,
    data: () => ({ evidenceText: 'NDR screenshot', evidenceUrl: 'https://contoso.sharepoint.com/ev/1' }),
    allowed: inRoom,
    refusal: staffOnly,
  },
  {
    verb: verbs.saveSummary,
    does: 'edit the summary',
    state: states.summary,
    data: () => ({ s_impact: 'Finance, two hours.' }),
    allowed: inRoom,
    refusal: staffOnly,
  },
  {
    verb: verbs.acknowledge,
    does: 'acknowledge summary warnings',
    state: states.summaryWarning,
    data: (i) => ({ ack: i.summary.warnings.map((w) => w.id).join(',') }),
    allowed: inRoom,
    refusal: staffOnly,
  },
  { verb: verbs.close, does: 'close', state: states.summaryReady, data: () => ({}), allowed: inRoom, refusal: staffOnly },
  { verb: verbs.retryPost, does: 'retry the summary post', state: states.closed, data: () => ({}), allowed: inRoom, refusal: staffOnly },
  {
    verb: verbs.cancel,
    does: 'cancel',
    state: states.triage,
    data: () => ({ cancelReason: 'Duplicate of another ticket' }),
    allowed: inRoom,
    refusal: staffOnly,
  },
  { verb: verbs.escalate, does: 'escalate', state: states.triage, data: () => ({}), allowed: inRoom, refusal: staffOnly },
  {
    verb: verbs.handoverPick,
    does: 'hand over',
    state: states.triage,
    data: () => ({ person: 'a6000000-0000-4000-8000-000000000006' }),
    allowed: inRoom,
    refusal: staffOnly,
  },
  {
    // Live checks are not configured in this installation, so nobody may run them: the room is told so, others are outside.
    verb: verbs.runDiagnostics,
    does: 'run the live checks',
    state: states.triage,
    data: () => ({}),
    allowed: [],
    refusal: (who) => (inRoom.includes(who) ? /Live checks are not set up for this runbook or this installation/ : outside),
    because: (who) => (inRoom.includes(who) ? 'diagnostics unavailable' : 'outside the incident conversation'),
  },
  { verb: verbs.show, does: 'view', state: states.triage, data: () => ({}), allowed: inRoom, readOnly: true, refusal: staffOnly },
  { verb: verbs.editIntake, does: 'view', state: states.triage, data: () => ({}), allowed: inRoom, readOnly: true, refusal: staffOnly },
  { verb: verbs.exportPack, does: 'export the evidence pack', state: states.closed, data: () => ({}), allowed: inRoom, readOnly: true, refusal: staffOnly },
  {
    verb: refreshVerb,
    does: 'view the approval',
    state: states.pending,
    data: (i) => ({ approvalId: i.approvals[0].id }),
    allowed: ['staff', 'member', 'approver', 'approverInRoom'],
    readOnly: true,
    refusal: staffOnly,
  },
];

function prefixed(prefix: string, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${prefix}${k}`, v]));
}

const harness = () => securityHarness({ now });
let keys = 0;

describe('card actions: every verb x every role', () => {
  test('the matrix covers every verb the cards carry', () => {
    expect(new Set(cardCells.map((c) => c.verb))).toEqual(new Set([...Object.values(verbs).filter((v) => v !== verbs.pickRunbook), refreshVerb]));
  });

  const cells = cardCells.flatMap((cell) => everyone.map((who) => [cell.verb, who, cell] as const));
  test.each(cells)('%s by %s', async (_verb, who, cell) => {
    const h = harness();
    const incident = await seed(h, cell.state());
    const before = await stored(h, incident.id);
    const sentBefore = { sends: h.recorded.sends.length, posts: h.recorded.channelPosts.length, updates: h.recorded.updates.length };
    const answer = await invokeAs(h, allRoles[who], cell.verb, {
      incidentId: incident.id,
      version: incident.version,
      actionKey: `matrix-${++keys}`,
      ...cell.data(incident),
    });
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    const words = textOf(answer.card);
    const after = await stored(h, incident.id);
    const allowed = cell.allowed.includes(who);

    if (allowed && !cell.readOnly) {
      expect(after).not.toEqual(before);
      expect(after.version).toBeGreaterThan(before.version);
      expect(after.audit.slice(before.audit.length).map((e) => e.actor.id)).toContain(allRoles[who].person.aadObjectId);
      expect(verifyAudit(after.audit).ok).toBe(true);
      expect(words).not.toMatch(outside);
      expect(words).not.toMatch(notApprover);
      return;
    }
    if (allowed) {
      expect(after).toEqual(before);
      expect(words).toContain(incident.id);
      expect(words).not.toMatch(outside);
      return;
    }
    expect(words).toMatch(cell.refusal(who));
    expectRefusal(before, after, allRoles[who].person.aadObjectId, `refused: ${cell.does} — ${cell.because?.(who) ?? 'outside the incident conversation'}`);
    if (!inRoom.includes(who)) expect(words).not.toContain(secret);
    expect(h.recorded.sends.length).toBe(sentBefore.sends);
    expect(h.recorded.channelPosts.length).toBe(sentBefore.posts);
    expect(h.recorded.updates.length).toBe(sentBefore.updates);
    expect(answer.replies).toEqual([]);
  });

  test.each(everyone)('runbook.pick by %s opens a new incident in their own conversation, nowhere else', async (who) => {
    const h = harness();
    const existing = await seed(h, states.triage());
    const before = await stored(h, existing.id);
    const role = allRoles[who];
    const answer = await invokeAs(h, role, verbs.pickRunbook, { runbookId: rb.id });
    expect(answer.status).toBe(200);
    const opened = (await h.store.list()).filter((r) => r.id !== existing.id);
    expect(opened).toHaveLength(1);
    expect(opened[0].conversationId).toBe(role.conversation.id);
    expect(textOf(answer.card)).toContain(opened[0].id);
    expect(await stored(h, existing.id)).toEqual(before);
  });

  test('identity fields forged into card data are ignored: the server-side sender decides', async () => {
    const h = harness();
    const incident = await seed(h, states.pending());
    const before = await stored(h, incident.id);
    const approver = { id: people.approver.aadObjectId, name: people.approver.name };
    const answer = await invokeAs(h, roles.outsider, verbs.decideApproval, {
      incidentId: incident.id,
      version: incident.version,
      actionKey: 'forged-1',
      approvalId: incident.approvals[0].id,
      decision: 'approve',
      actor: approver,
      from: { id: people.approver.id, aadObjectId: people.approver.aadObjectId },
      aadObjectId: people.approver.aadObjectId,
      approverIds: [people.outsider.aadObjectId],
      decidedBy: approver,
      requestedBy: approver,
    });
    expect(textOf(answer.card)).toMatch(notApprover);
    expectRefusal(before, await stored(h, incident.id), people.outsider.aadObjectId, 'refused: approve — not an approver');
  });

  test('an approver may not decide their own request; another approver may', async () => {
    const h = securityHarness({ now, config: testConfig({ APPROVER_IDS: `${people.staff.aadObjectId},${people.approver.aadObjectId}` }) });
    const incident = await seed(h, states.pending());
    expect(incident.approvals[0].requestedBy.id).toBe(people.staff.aadObjectId);
    const before = await stored(h, incident.id);
    const data = { incidentId: incident.id, version: incident.version, approvalId: incident.approvals[0].id, decision: 'approve' };
    const own = await invokeAs(h, roles.staff, verbs.decideApproval, { ...data, actionKey: 'self-1' });
    expect(textOf(own.card)).toMatch(/You requested this approval, so you cannot decide it\. Another approver must\./);
    expectRefusal(before, await stored(h, incident.id), people.staff.aadObjectId, 'refused: approve — own request');
    const other = await invokeAs(h, roles.approver, verbs.decideApproval, { ...data, actionKey: 'other-1' });
    expect(textOf(other.card)).toMatch(/Approved by Alex Approver/);
    expect((await stored(h, incident.id)).approvals[0]).toMatchObject({ status: 'approved', decidedBy: { id: people.approver.aadObjectId } });
  });

  test('a hostile clicker is answered every time, audited only up to the bound, and never makes the staff card stale', async () => {
    const h = harness();
    const incident = await seed(h, states.intake());
    for (let n = 0; n < 3 * refusalBound.perActorPerHour; n++) {
      const answer = await invokeAs(h, roles.outsider, verbs.submitIntake, {
        incidentId: incident.id,
        version: incident.version,
        actionKey: `flood-${n}`,
        ...prefixed('f_', intakeValues(rb)),
      });
      expect(textOf(answer.card)).toMatch(outside);
    }
    const flooded = await stored(h, incident.id);
    const refusals = flooded.audit.filter(isRefusal);
    expect(refusals).toHaveLength(refusalBound.perActorPerHour);
    expect(new Set(refusals.map((e) => `${e.actor.id} ${e.what}`))).toEqual(
      new Set([`${people.outsider.aadObjectId} refused: submit the intake — outside the incident conversation`]),
    );
    expect(flooded.version).toBe(incident.version);
    const submitted = await invokeAs(h, roles.staff, verbs.submitIntake, {
      incidentId: incident.id,
      version: incident.version,
      actionKey: 'after-flood',
      ...prefixed('f_', intakeValues(rb)),
    });
    expect(textOf(submitted.card)).not.toMatch(/out of date/);
    expect(await stored(h, incident.id)).toMatchObject({ phase: 'triage', version: incident.version + 1 });
  });

  test('a channel incident is worked on from any thread of its channel, not from another channel', async () => {
    const h = harness();
    const channel = { id: '19:ops@thread.tacv2;messageid=111', conversationType: 'channel', isGroup: true };
    const incident = await seed(h, states.triage(), { conversationId: channel.id, kind: 'channel', reference: { conversation: { id: channel.id } } });
    const data = { incidentId: incident.id, version: incident.version, list: 'checklist', itemId: rb.firstFifteen[0].id, done: true };
    const otherChannel = { ...channel, id: '19:elsewhere@thread.tacv2;messageid=111' };
    const refused = await invokeAs(h, { person: people.riley, conversation: otherChannel }, verbs.tick, { ...data, actionKey: 'ch-1' });
    expect(textOf(refused.card)).toMatch(outside);
    expectRefusal(incident, await stored(h, incident.id), people.riley.aadObjectId, 'refused: tick — outside the incident conversation');
    const sameChannel = { ...channel, id: '19:ops@thread.tacv2;messageid=222' };
    await invokeAs(h, { person: people.riley, conversation: sameChannel }, verbs.tick, { ...data, actionKey: 'ch-2' });
    expect((await stored(h, incident.id)).checklist[rb.firstFifteen[0].id]).toMatchObject({ done: true, by: { name: 'Riley Responder' } });
  });
});

interface TypedCell {
  name: string;
  /** The refused request in the audit. */
  does: string;
  text: (id: string) => string;
  /** Who changes the incident; the others get `refusal`. */
  allowed: Who[];
  readOnly?: boolean;
  mention?: boolean;
}

const typedCells: TypedCell[] = [
  { name: 'status', does: 'view', text: (id) => `${id} status`, allowed: inRoom, readOnly: true },
  { name: 'note', does: 'add a note', text: (id) => `${id} note checked the connector`, allowed: inRoom },
  { name: 'cancel', does: 'cancel', text: (id) => `${id} cancel duplicate ticket`, allowed: inRoom },
  { name: 'escalate', does: 'escalate', text: (id) => `${id} escalate the finance floor is down`, allowed: inRoom },
  { name: 'handover', does: 'hand over', text: (id) => `${id} handover <at>Riley Responder</at>`, allowed: inRoom, mention: true },
];

describe('typed commands: every command x every role', () => {
  const cells = typedCells.flatMap((cell) => everyone.map((who) => [cell.name, who, cell] as const));
  test.each(cells)('%s by %s (incident named by id)', async (_name, who, cell) => {
    const h = harness();
    const incident = await seed(h, states.triage());
    const before = await stored(h, incident.id);
    const mention = cell.mention
      ? { entities: [{ type: 'mention', mentioned: { id: people.riley.id, name: people.riley.name }, text: '<at>Riley Responder</at>' }] }
      : {};
    const words = await sayAs(h, allRoles[who], cell.text(incident.id), mention);
    const after = await stored(h, incident.id);
    if (cell.allowed.includes(who)) {
      if (cell.readOnly) expect(after).toEqual(before);
      else expect(after.version).toBe(before.version + 1);
      expect(words).toContain(incident.id);
      expect(words).not.toMatch(outside);
      return;
    }
    expect(words).toMatch(outside);
    expectRefusal(before, after, allRoles[who].person.aadObjectId, `refused: ${cell.does} — outside the incident conversation`);
    expect(words).not.toContain(secret);
    expect(h.recorded.channelPosts).toEqual([]);
  });

  test.each(everyone.filter((w) => !inRoom.includes(w)))('bare commands by %s find no incident in their conversation', async (who) => {
    const h = harness();
    const incident = await seed(h, states.triage());
    const before = await stored(h, incident.id);
    for (const text of ['status', 'note hello', 'cancel because', 'escalate']) {
      expect(await sayAs(h, allRoles[who], text)).toMatch(/There is no open incident in this conversation/);
    }
    expect(await stored(h, incident.id)).toEqual(before);
  });

  test.each(everyone)('help, unknown text and start by %s never touch the incident', async (who) => {
    const h = harness();
    const incident = await seed(h, states.triage());
    const before = await stored(h, incident.id);
    expect(await sayAs(h, allRoles[who], 'help')).toMatch(/what you can type/);
    expect(await sayAs(h, allRoles[who], 'rm -rf everything')).toMatch(/is not a command/);
    const started = await sayAs(h, allRoles[who], 'start exchange');
    const opened = (await h.store.list()).filter((r) => r.id !== incident.id);
    expect(opened.map((r) => r.conversationId)).toEqual([allRoles[who].conversation.id]);
    expect(started).toContain(opened[0].id);
    expect(await stored(h, incident.id)).toEqual(before);
  });

  test('"set summary channel" is for approvers only: refused in words to everyone else, explained outside a channel', async () => {
    const h = harness();
    const notApprovers = everyone.filter((w) => w !== 'approver' && w !== 'approverInRoom');
    for (const who of notApprovers) {
      expect(await sayAs(h, allRoles[who], 'set summary channel')).toBe('Only a configured approver can choose the summary channel. Nothing was changed.');
    }
    expect(await h.records.summaryChannel()).toBeUndefined();
    for (const who of ['approver', 'approverInRoom'] as const) {
      expect(await sayAs(h, allRoles[who], 'set summary channel')).toMatch(/Type "set summary channel" in the Teams channel/);
    }
    expect(await h.records.summaryChannel()).toBeUndefined();
    const approverInLeads: Role = { ...roles.lead, person: people.approver };
    expect(await sayAs(h, approverInLeads, 'set summary channel')).toMatch(/will be posted to this channel \(Incident Leads\)/);
    expect(await h.records.summaryChannel()).toMatchObject({ channelId: leadsChannelData.channel.id, setBy: 'Alex Approver' });
    expect(await sayAs(h, roles.lead, 'set summary channel')).toBe('Only a configured approver can choose the summary channel. Nothing was changed.');
    expect(await h.records.summaryChannel()).toMatchObject({ setBy: 'Alex Approver' });
  });

  test('files attached from another conversation are not recorded on the incident', async () => {
    const h = harness();
    const incident = await seed(h, states.triage());
    const before = await stored(h, incident.id);
    const attachments = [{ contentType: 'image/png', contentUrl: 'https://contoso.sharepoint.com/ndr.png', name: 'ndr.png' }];
    expect(await sayAs(h, roles.outsider, '', { attachments })).toMatch(/There is no open incident in this conversation/);
    expect(await stored(h, incident.id)).toEqual(before);
    expect(await sayAs(h, roles.member, '', { attachments })).toMatch(/Recorded as evidence/);
    expect((await stored(h, incident.id)).evidence.at(-1)).toMatchObject({ kind: 'attachment', by: { name: 'Riley Responder' } });
  });
});
