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

const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
const triageMinutes = 15;

/** Every reminder whose time has come and that was not sent yet. */
export function dueReminders(incident: Incident, runbook: Runbook, now: Date, s: ReminderSettings): Reminder[] {
  if (!isOpen(incident)) return [];
  const sent = new Set(incident.remindersSent ?? []);
  const candidates: Reminder[] = [];
  if (incident.phase === 'triage' && incident.triageStartedAt) {
    candidates.push({
      id: 'triage-timebox',
      target: 'incident',
      text: `${incident.id}: the first 15 minutes are over. Finish the checklist and choose a finding, or escalate.`,
      dueAt: plus(incident.triageStartedAt, triageMinutes),
    });
  }
  for (const a of incident.approvals.filter((x) => x.status === 'pending')) {
    const action = runbook.remediation.find((r) => r.id === a.actionId)?.text ?? a.actionId;
    candidates.push({
      id: `approval:${a.id}`,
      target: 'approvers',
      text: `${incident.id}: "${action}" has waited ${s.approvalRemindMinutes} min for an approver (requested by ${a.requestedBy.name}).`,
      dueAt: plus(a.requestedAt, s.approvalRemindMinutes),
    });
  }
  // Refusals change nothing, so they neither keep an incident from being idle nor count as its owner responding.
  const changes = incident.audit.filter((e) => !isRefusal(e));
  const last = changes[changes.length - 1];
  if (last) {
    candidates.push({
      id: `idle:${last.seq}`,
      target: 'incident',
      text: `${incident.id} has had no update for ${s.idleRemindMinutes} min. ${incident.owner.name}, type status to pick it up, or handover.`,
      dueAt: plus(last.at, s.idleRemindMinutes),
    });
  }
  if (incident.escalated && !changes.some((e) => e.actor.id === incident.owner.id && e.at > incident.escalated!.at)) {
    candidates.push({
      id: 'sev1-response',
      target: 'incident',
      text: `${incident.id} is ${incident.severity?.label ?? 'escalated'} and its owner ${incident.owner.name} has not responded for ${s.sev1ResponseMinutes} min.`,
      dueAt: plus(incident.escalated.at, s.sev1ResponseMinutes),
    });
  }
  return candidates.filter((r) => !sent.has(r.id) && Date.parse(r.dueAt) <= now.getTime());
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
