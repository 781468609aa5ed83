import type { Runbook } from '../runbook/schema';
import { appendAudit } from './audit';
import { isOpen } from './progress';
import { isRefusal } from './refusals';
import type { Actor, Incident } from './types';

// Reminders: due times derived from the incident itself, so they survive restarts and scale-out. Pure.

export interface ReminderSettings {
  approvalRemindMinutes: number;
  idleRemindMinutes: number;
  /** A Sev 1 whose owner has done nothing for this long after the escalation. */
  sev1ResponseMinutes: number;
}

export interface Reminder {
  /** Stable per occurrence: sending it once marks it done for good. */
  id: string;
  target: 'incident' | 'approvers';
  text: string;
  dueAt: string;
}

/** What a reminder waits on: its clock starts at `from` and runs for its kind's delay (ReminderSettings, or 15 min for triage). */
export type ReminderKind = 'triage' | 'approval' | 'idle' | 'sev1';

export interface ReminderClock {
  id: string;
  kind: ReminderKind;
  from: string;
  /** Set for approval reminders: the approval waited on. */
  approvalId?: string;
}

const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
export const triageMinutes = 15;

/** The delay of each reminder kind, in minutes. */
export function reminderMinutes(s: ReminderSettings): Record<ReminderKind, number> {
  return { triage: triageMinutes, approval: s.approvalRemindMinutes, idle: s.idleRemindMinutes, sev1: s.sev1ResponseMinutes };
}

/** Every reminder of the incident not sent yet, with when its clock started; no settings needed. Pure. */
export function reminderClocks(incident: Incident): ReminderClock[] {
  if (!isOpen(incident)) return [];
  const sent = new Set(incident.remindersSent ?? []);
  const clocks: ReminderClock[] = [];
  if (incident.phase === 'triage' && incident.triageStartedAt) clocks.push({ id: 'triage-timebox', kind: 'triage', from: incident.triageStartedAt });
  for (const a of incident.approvals.filter((x) => x.status === 'pending'))
    clocks.push({ id: `approval:${a.id}`, kind: 'approval', from: a.requestedAt, approvalId: a.id });
  // Refusals change nothing, so they neither keep an incident from being idle nor count as its owner responding.
  const changes = incident.audit.filter((e) => !isRefusal(e));
  const last = changes[changes.length - 1];
  if (last) clocks.push({ id: `idle:${last.seq}`, kind: 'idle', from: last.at });
  if (incident.escalated && !changes.some((e) => e.actor.id === incident.owner.id && e.at > incident.escalated!.at)) {
    clocks.push({ id: 'sev1-response', kind: 'sev1', from: incident.escalated.at });
  }
  return clocks.filter((c) => !sent.has(c.id));
}

/** Every reminder whose time has come and that was not sent yet. */
export function dueReminders(incident: Incident, runbook: Runbook, now: Date, s: ReminderSettings): Reminder[] {
  const delay = reminderMinutes(s);
  return reminderClocks(incident)
    .map((c) => ({
      id: c.id,
      target: c.kind === 'approval' ? ('approvers' as const) : ('incident' as const),
      text: textOf(incident, runbook, c, s),
      dueAt: plus(c.from, delay[c.kind]),
    }))
    .filter((r) => Date.parse(r.dueAt) <= now.getTime());
}

function textOf(incident: Incident, runbook: Runbook, clock: ReminderClock, s: ReminderSettings): string {
  switch (clock.kind) {
    case 'triage':
      return `${incident.id}: the first 15 minutes are over. Finish the checklist and choose a finding, or escalate.`;
    case 'approval': {
      const approval = incident.approvals.find((a) => a.id === clock.approvalId);
      const action = runbook.remediation.find((r) => r.id === approval?.actionId)?.text ?? approval?.actionId;
      return `${incident.id}: "${action}" has waited ${s.approvalRemindMinutes} min for an approver (requested by ${approval?.requestedBy.name}).`;
    }
    case 'idle':
      return `${incident.id} has had no update for ${s.idleRemindMinutes} min. ${incident.owner.name}, type status to pick it up, or handover.`;
    case 'sev1':
      return `${incident.id} is ${incident.severity?.label ?? 'escalated'} and its owner ${incident.owner.name} has not responded for ${s.sev1ResponseMinutes} min.`;
  }
}

/** Marks a reminder sent; the caller saves with the etag it read, so one instance wins. The card version stays: nothing on it changed. */
export function claimReminder(incident: Incident, reminder: Reminder, actor: Actor, now: Date): Incident | undefined {
  if ((incident.remindersSent ?? []).includes(reminder.id) || !isOpen(incident)) return undefined;
  return {
    ...incident,
    remindersSent: [...(incident.remindersSent ?? []), reminder.id].slice(-200),
    audit: appendAudit(incident.audit, now.toISOString(), actor, 'sent a reminder', reminder.id, 'reminder'),
  };
}
