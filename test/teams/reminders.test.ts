import { dueReminders, type ReminderSettings } from '../../src/incident/reminders';
import type { Incident } from '../../src/incident/types';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import type { Reminder } from '../../src/incident/reminders';
import { silentLogger } from '../../src/teams/logger';
import { ReminderSweeper } from '../../src/teams/reminder-sweeper';
import { cmd, drive, finishPhase, makeIncident, seedRunbook, t0 } from '../helpers/incident-builders';

// Reminders with an injected clock: due times come from the incident, each is sent by exactly one instance.

const settings: ReminderSettings = { approvalRemindMinutes: 30, idleRemindMinutes: 60, sev1ResponseMinutes: 10 };

function atRemediationWithPendingApproval(): Incident {
  let incident = makeIncident({ now: t0 });
  while (incident.phase !== 'remediation') incident = finishPhase(incident);
  return drive(incident, cmd('requestApproval', { actionId: 'fix-rules-or-connectors', reason: 'transport rule blocks partner' }));
}

test('due reminders: triage timebox, approval waiting, idle, Sev 1 owner silent', () => {
  const rb = seedRunbook();
  const triage = finishPhase(makeIncident({ now: t0 }), { intake: { scope: 'tenant' } });
  const ids = (now: Date) => dueReminders(triage, rb, now, settings).map((r) => r.id).sort();
  const started = Date.parse(triage.triageStartedAt!);
  expect(dueReminders(triage, rb, new Date(started + 9 * 60_000), settings)).toEqual([]);
  expect(ids(new Date(started + 10 * 60_000))).toEqual(['sev1-response']);
  expect(ids(new Date(started + 15 * 60_000))).toEqual(['sev1-response', 'triage-timebox']);
  expect(ids(new Date(started + 61 * 60_000))).toContain(`idle:${triage.audit.length}`);
  const pending = atRemediationWithPendingApproval();
  const approval = dueReminders(pending, rb, new Date(Date.parse(pending.approvals[0].requestedAt) + 31 * 60_000), settings).find((r) => r.target === 'approvers');
  expect(approval?.text).toMatch(/has waited 30 min for an approver/);
});

test('two instances sweep at once: one reminder, exactly one post; a restart later sends nothing twice', async () => {
  const store = new MemoryIncidentStore();
  const incident = atRemediationWithPendingApproval();
  await store.create(incident);
  const posts: { instance: string; reminder: Reminder }[] = [];
  const requested = Date.parse(incident.approvals[0].requestedAt);
  let now = new Date(requested + 31 * 60_000);
  const sweeper = (instance: string) =>
    new ReminderSweeper(store, () => seedRunbook(), settings, { post: async (_i, reminder) => void posts.push({ instance, reminder }) }, silentLogger, () => now);

  const [a, b] = await Promise.all([sweeper('a').sweepOnce(), sweeper('b').sweepOnce()]);
  const approvalPosts = posts.filter((p) => p.reminder.id.startsWith('approval:'));
  expect(approvalPosts).toHaveLength(1);
  expect(a + b).toBe(posts.length);
  expect((await store.get(incident.id))?.value.remindersSent).toContain(approvalPosts[0].reminder.id);

  const restarted = sweeper('c');
  expect(await restarted.sweepOnce()).toBe(0);
  now = new Date(now.getTime() + 61 * 60_000);
  const sent = await restarted.sweepOnce();
  expect(posts.filter((p) => p.reminder.id.startsWith('approval:'))).toHaveLength(1);
  expect(posts.slice(-sent).every((p) => p.reminder.id.startsWith('idle:'))).toBe(true);
});

test('a restart between due time and sweep still sends once', async () => {
  const store = new MemoryIncidentStore();
  const incident = finishPhase(makeIncident({ now: t0 }));
  await store.create(incident);
  const posts: string[] = [];
  const now = new Date(Date.parse(incident.triageStartedAt!) + 20 * 60_000);
  const fresh = () => new ReminderSweeper(store, () => seedRunbook(), settings, { post: async (_i, r) => void posts.push(r.id) }, silentLogger, () => now);
  await fresh().sweepOnce();
  await fresh().sweepOnce();
  expect(posts).toEqual(['triage-timebox']);
});
