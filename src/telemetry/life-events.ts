import type { Incident, Phase } from '../incident/types';

// Pure: the figures of an incident's life that one accepted write produced, from the incident before and after it.
// Attributes are the runbook id, phases, severity labels and outcomes only: never ids of people or what they typed.

export type LifeEvent =
  | { metric: 'incidents.opened'; attributes: { runbook: string } }
  | { metric: 'incident.phase.duration'; ms: number; attributes: { runbook: string; phase: Phase; next: Phase } }
  | { metric: 'incident.time_to_close'; ms: number; attributes: { runbook: string; severity: string; outcome: 'closed' | 'cancelled' } }
  | { metric: 'incident.approval.wait'; ms: number; attributes: { runbook: string; decision: 'approved' | 'rejected' } };

/** When `incident` entered its phase: phaseSince, or for documents older than that field the best time they hold. */
export function phaseStartedAt(incident: Incident): string | undefined {
  if (incident.phaseSince) return incident.phaseSince;
  if (incident.phase === 'intake') return incident.openedAt;
  if (incident.phase === 'triage') return incident.triageStartedAt;
  return undefined;
}

const msBetween = (from: string | undefined, to: string): number | undefined => {
  if (!from) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
};

/** What changed between `before` (undefined: just opened) and `after`, as metric events measured at `at` (ISO). */
export function lifeEvents(before: Incident | undefined, after: Incident, at: string): LifeEvent[] {
  const runbook = after.runbookId;
  if (!before) return [{ metric: 'incidents.opened', attributes: { runbook } }];
  const events: LifeEvent[] = [];
  if (before.phase !== after.phase) {
    const inPhase = msBetween(phaseStartedAt(before), at);
    if (inPhase !== undefined) events.push({ metric: 'incident.phase.duration', ms: inPhase, attributes: { runbook, phase: before.phase, next: after.phase } });
    if (after.phase === 'closed' || after.phase === 'cancelled') {
      const open = msBetween(after.openedAt, at);
      const severity = after.severity?.label ?? 'not graded';
      if (open !== undefined) events.push({ metric: 'incident.time_to_close', ms: open, attributes: { runbook, severity, outcome: after.phase } });
    }
  }
  const pendingBefore = new Set(before.approvals.filter((a) => a.status === 'pending').map((a) => a.id));
  for (const approval of after.approvals) {
    if (!pendingBefore.has(approval.id) || approval.status === 'pending') continue;
    const waited = msBetween(approval.requestedAt, approval.decidedAt ?? at);
    if (waited !== undefined) events.push({ metric: 'incident.approval.wait', ms: waited, attributes: { runbook, decision: approval.status } });
  }
  return events;
}
