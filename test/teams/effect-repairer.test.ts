import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import { createApp } from '../../src/app';
import type { Incident } from '../../src/incident/types';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import type { InConversation } from '../../src/teams/diagnostics-runner';
import { silentLogger } from '../../src/teams/logger';
import { textOf } from '../helpers/card-driver';
import { accept, cmd, incidentAt } from '../helpers/incident-builders';
import { conversations, type Recorded, recordingTransport, testConfig } from '../helpers/teams-fakes';

// Nothing lost: a decision saved but not sent (a crash in between) is found by the sweep and sent again, once.

const minutes = (iso: string, n: number) => new Date(Date.parse(iso) + n * 60_000);

function makeApp(store: MemoryIncidentStore, now: () => Date) {
  const recorded: Recorded = { sends: [], updates: [], channelPosts: [] };
  let n = 1;
  // Outside a turn: a context made from the incident's reference; sends in its own conversation are recorded too.
  const inConversation: InConversation = async (incident, work) => {
    const reference = incident.origin.reference as Partial<ConversationReference>;
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continue' }, reference, true) as Activity;
    const context = {
      activity,
      sendActivity: async (sent: Partial<Activity>) => {
        recorded.sends.push({ conversationId: reference.conversation?.id ?? '', activity: sent });
        return { id: `proactive-${n++}` };
      },
      updateActivity: async () => undefined,
    } as unknown as TurnContext;
    await work(recordingTransport(context, recorded));
  };
  const app = createApp(testConfig(), { log: silentLogger, store, now, transport: (c) => recordingTransport(c, recorded), inConversation });
  return { app, recorded };
}

/** Remediation with an approval requested (saved, but its cards never sent). */
function approvalRequested(): Incident {
  const at = incidentAt('remediation');
  return accept(at, cmd('requestApproval', { actionId: 'fix-rules-or-connectors', reason: 'Rule blocks the partner domain' })).incident;
}

describe('EffectRepairer', () => {
  test('an approval request whose cards were never sent is sent again after ten minutes, once, across two instances', async () => {
    const store = new MemoryIncidentStore();
    const incident = approvalRequested();
    await store.create(incident);
    const approval = incident.approvals[0]!;

    const early = makeApp(store, () => minutes(approval.requestedAt, 9));
    expect(await early.app.repairer.sweepOnce()).toBe(0);
    expect(early.recorded.sends).toEqual([]);

    const now = () => minutes(approval.requestedAt, 11);
    const [a, b] = [makeApp(store, now), makeApp(store, now)];
    const repaired = await Promise.all([a.app.repairer.sweepOnce(), b.app.repairer.sweepOnce()]);
    expect(repaired.sort()).toEqual([0, 1]);
    const sends = [...a.recorded.sends, ...b.recorded.sends];
    const approvalCards = sends.filter((s) => textOf(s.activity).includes('Approve'));
    expect(approvalCards.map((s) => s.conversationId).sort()).toEqual([conversations.approvers.id, incident.origin.conversationId].sort());
    expect(textOf(approvalCards[0]!.activity)).toContain('Fix incorrect transport rules or connector settings with change control.');
    expect(await a.app.records.approvalCards(approval.id)).toHaveLength(2);

    const stored = (await store.get(incident.id))!.value;
    expect(stored.audit.at(-1)).toMatchObject({ actor: { id: 'runbook-bot' }, what: 're-sent the approval request', detail: `${approval.id}: its first sending was not recorded` });
    expect(stored.version).toBe(incident.version + 1);
    // Sent and recorded now: later sweeps find nothing.
    expect(await a.app.repairer.sweepOnce()).toBe(0);
  });

  test('a closed incident whose summary post was never recorded is posted to the leads channel', async () => {
    const store = new MemoryIncidentStore();
    const closed = incidentAt('closed');
    expect(closed.summary.post).toBeUndefined();
    await store.create(closed);
    const { app, recorded } = makeApp(store, () => minutes(closed.closedAt!, 11));
    expect(await app.repairer.sweepOnce()).toBe(1);
    expect(recorded.channelPosts.map((p) => p.channelId)).toEqual([conversations.leads]);
    expect(textOf(recorded.channelPosts[0]!.activity)).toContain('What happened');
    const stored = (await store.get(closed.id))!.value;
    expect(stored.summary.post).toMatchObject({ status: 'posted' });
    expect(stored.audit.map((e) => e.what)).toContain('posted the summary again');
    expect(await app.repairer.sweepOnce()).toBe(0);
    expect(recorded.channelPosts).toHaveLength(1);
  });

  test('an escalation is re-posted only while it is news (10 minutes to 1 hour old) and not marked posted', async () => {
    const store = new MemoryIncidentStore();
    const triage = incidentAt('triage');
    const escalated = accept(triage, cmd('escalate', { reason: 'CEO mailbox down' })).incident;
    const at = escalated.escalated!.at;
    // The repairer was already running in this installation before the escalation.
    expect(await makeApp(store, () => minutes(at, -5)).app.repairer.sweepOnce()).toBe(0);
    await store.create(escalated);

    expect(await makeApp(store, () => minutes(at, 90)).app.repairer.sweepOnce()).toBe(0);
    const { app, recorded } = makeApp(store, () => minutes(at, 11));
    expect(await app.repairer.sweepOnce()).toBe(1);
    expect(recorded.channelPosts).toHaveLength(1);
    expect(textOf(recorded.channelPosts[0]!.activity)).toContain('CEO mailbox down');
    expect(await app.records.escalationPosted(escalated.id)).toBeDefined();
    expect(await app.repairer.sweepOnce()).toBe(0);
  });

  test('the repair runs on the reminder timer: one sweep sends reminders, then repairs', async () => {
    const store = new MemoryIncidentStore();
    const closed = incidentAt('closed');
    await store.create(closed);
    const { app, recorded } = makeApp(store, () => minutes(closed.closedAt!, 11));
    app.reminders.start(10);
    for (let i = 0; i < 100 && recorded.channelPosts.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await app.reminders.stop();
    expect(recorded.channelPosts).toHaveLength(1);
  });

  test('escalations from before the repairer ran (no "posted" mark yet) are never re-posted', async () => {
    const store = new MemoryIncidentStore();
    const escalated = accept(incidentAt('triage'), cmd('escalate', { reason: 'Posted by the previous release' })).incident;
    await store.create(escalated);
    const { app, recorded } = makeApp(store, () => minutes(escalated.escalated!.at, 20));
    expect(await app.repairer.sweepOnce()).toBe(0);
    expect(recorded.channelPosts).toEqual([]);
  });

  test('an incident that cannot be decided (its runbook retired) does not stop the repair of the others', async () => {
    const store = new MemoryIncidentStore();
    const retired = { ...incidentAt('remediation'), id: 'INC-20261101-001', runbookId: 'retired-runbook' };
    await store.create(retired);
    const closed = incidentAt('closed');
    await store.create(closed);
    const { app, recorded } = makeApp(store, () => minutes(closed.closedAt!, 11));
    expect(await app.repairer.sweepOnce()).toBe(1);
    expect(await app.reminders.sweepOnce()).toBe(0);
    expect(recorded.channelPosts).toHaveLength(1);
  });
});
