import type { Runbook } from '../runbook/schema';
import { appendAudit } from './audit';
import type { Effect } from './effects';
import type { Actor, Incident, Origin } from './types';

export interface OpenRequest {
  id: string;
  runbook: Runbook;
  actor: Actor;
  origin: Origin;
  key: string;
}

/** Pure: a new incident in intake, with its first audit entry; the caller saves it. */
export function openIncident(req: OpenRequest, now: Date): { incident: Incident; effects: Effect[] } {
  const at = now.toISOString();
  const defaults = Object.fromEntries(req.runbook.intake.filter((f) => f.default !== undefined).map((f) => [f.id, f.default as string]));
  const incident: Incident = {
    id: req.id,
    runbookId: req.runbook.id,
    runbookRevised: req.runbook.revised,
    version: 1,
    phase: 'intake',
    origin: req.origin,
    openedAt: at,
    openedBy: req.actor,
    owner: req.actor,
    intake: defaults,
    checklist: {},
    branchSteps: {},
    validation: {},
    commandResults: [],
    actions: {},
    approvals: [],
    evidence: [],
    notes: [],
    summary: { fields: {}, warnings: [], acknowledged: [] },
    audit: appendAudit([], at, req.actor, 'opened the incident', `runbook ${req.runbook.id} (${req.runbook.revised})`),
    recentKeys: [req.key],
    outbox: [],
  };
  return { incident, effects: [{ kind: 'showIncident' }] };
}

/** Incident ids of the form INC-YYYYMMDD-NNN; `sequence` is the day's running number from the store. */
export function incidentId(now: Date, sequence: number): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `INC-${day}-${String(sequence).padStart(3, '0')}`;
}
