import { appendAudit, auditKind } from './audit';
import type { CommandBody, CommandType } from './commands';
import type { Rejection } from './rejections';
import type { Actor, AuditEntry, Incident } from './types';

// Refusals in the audit log. Pure. `version` counts accepted changes only; the audit records accepted changes,
// refusals and reminders. So a refusal appends one entry and leaves the version alone: someone else's refused
// click never makes a good card stale.

/** What was refused and why, in a few words; `detail` holds specifics (versions, phase), never the refused input. */
export interface Refusal {
  verb: string;
  reason: string;
  detail?: string;
}

/**
 * Growth bound. A refused click is free for the clicker, so without a bound a hostile or stuck client could grow
 * an incident record without limit. At most `perActorPerHour` refusal entries per person per incident in any
 * hour, and `perIncidentPerHour` from everyone together (many identities); beyond that a refusal is logged only.
 * The counts are read off the audit itself, so every instance applies the same bound without shared state.
 */
export const refusalBound = { perActorPerHour: 10, perIncidentPerHour: 100, perIncident: 300 } as const;

/**
 * Refusals that matter for who may decide (not an approver, own request, already decided) have hourly bounds of
 * their own, so nobody can use up the allowance with harmless refusals to hide them; the lifetime cap
 * (`perIncident` refusal entries per incident, whoever caused them) holds every record to a fixed size.
 */
const approvalReasons = new Set(['not an approver', 'own request', 'already decided']);
/** A refusal about who may decide an approval (its own hourly bucket). */
export const isApprovalRefusal = (e: AuditEntry) => approvalReasons.has(e.what.split(' — ').slice(1).join(' — '));

const prefix = 'refused: ';
const hourMs = 60 * 60_000;

/** True for entries written by recordRefusal (they record no change). */
export function isRefusal(entry: AuditEntry): boolean {
  return auditKind(entry) === 'refusal';
}

/** The incident with one more audit entry ("refused: approve — not an approver"), version unchanged; undefined over the bound. */
export function recordRefusal(incident: Incident, actor: Actor, refusal: Refusal, at: Date): Incident | undefined {
  const refusals = incident.audit.filter(isRefusal);
  if (refusals.length >= refusalBound.perIncident) return undefined;
  const approvalClass = approvalReasons.has(refusal.reason);
  const since = at.getTime() - hourMs;
  const recent = refusals.filter((e) => Date.parse(e.at) > since && isApprovalRefusal(e) === approvalClass);
  if (recent.length >= refusalBound.perIncidentPerHour) return undefined;
  if (recent.filter((e) => e.actor.id === actor.id).length >= refusalBound.perActorPerHour) return undefined;
  const last = refusals.length === refusalBound.perIncident - 1;
  const detail = [refusal.detail?.slice(0, 200), last ? `the last refusal recorded here (${refusalBound.perIncident}); later ones are logged only` : undefined]
    .filter(Boolean)
    .join('; ');
  const what = `${prefix}${refusal.verb.slice(0, 60)} — ${refusal.reason.slice(0, 80)}`;
  return { ...incident, audit: appendAudit(incident.audit, at.toISOString(), actor, what, detail || undefined, 'refusal') };
}

const verbWords: Partial<Record<CommandType, string>> = {
  submitIntake: 'submit the intake',
  recordResult: 'record a command result',
  continue: 'continue',
  chooseFinding: 'choose a finding',
  requestApproval: 'request approval',
  markActionDone: 'mark an action done',
  addEvidence: 'add evidence',
  editSummary: 'edit the summary',
  acknowledgeWarnings: 'acknowledge summary warnings',
  close: 'close',
  recordSummaryPost: 'record the summary post',
  retrySummaryPost: 'retry the summary post',
  cancel: 'cancel',
  escalate: 'escalate',
  handover: 'hand over',
  addNote: 'add a note',
  runDiagnostics: 'run the live checks',
  recordDiagnostics: 'record the live checks',
};

/** A command type as a verb: "add a note", "hand over". */
export function typeVerb(type: CommandType): string {
  return verbWords[type] ?? type;
}

/** The refused command as a verb: "approve", "tick", "add a note". */
export function commandVerb(body: CommandBody): string {
  if (body.type === 'decideApproval') return body.decision;
  if (body.type === 'tick') return body.notApplicable ? 'mark not applicable' : body.done ? 'tick' : 'untick';
  return typeVerb(body.type);
}

/** Verbs for requests that change nothing even when allowed. */
export const viewVerbs = { show: 'view', export: 'export the evidence pack', approval: 'view the approval' } as const;

/** Someone acting on the incident from outside its conversation: no detail, nothing of what they sent is kept. */
export const outsideRefusal = (verb: string): Refusal => ({ verb, reason: 'outside the incident conversation' });

/** Over the per-person command allowance. */
export const rateLimitRefusal = (verb: string, retryAfterSeconds: number): Refusal => ({
  verb,
  reason: 'rate limit',
  detail: `retry after ${retryAfterSeconds} s`,
});

/** A rejection from decide(), in the audit's words (the person got describeRejection's). */
export function rejectionRefusal(verb: string, r: Rejection): Refusal {
  const of = (reason: string, detail?: string): Refusal => ({ verb, reason, ...(detail ? { detail } : {}) });
  switch (r.code) {
    case 'stale':
      return of('stale card', `incident at version ${r.currentVersion}`);
    case 'bad-version':
      return of('card version from the future', `card claims ${r.given}, incident at version ${r.currentVersion}`);
    case 'wrong-phase':
      return of('wrong phase', `incident in ${r.phase}`);
    case 'invalid-input': {
      // The runbook's field ids only: a problem's message can quote the refused input, and a field id the runbook
      // does not have came from card data; the audit keeps neither (unknown ones are counted).
      const ids = r.problems.flatMap((p) => (p.fieldId && !p.unknown ? [p.fieldId.slice(0, 40)] : []));
      const unknown = r.problems.filter((p) => p.unknown).length;
      const parts = [...ids, ...(unknown ? [`${unknown} unknown field${unknown === 1 ? '' : 's'}`] : [])];
      return of('invalid input', parts.length ? parts.join(', ') : `${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`);
    }
    case 'unknown-item':
      return of(`unknown ${r.what}`);
    case 'incomplete':
      return of(`${r.what} not finished`, `${r.missing.length} open`);
    case 'needs-evidence':
      return of('evidence needed first', r.action);
    case 'needs-approval':
      return of('approval needed first', r.action);
    case 'awaiting-approval':
      return of('awaiting an approval', r.actions.join(', '));
    case 'not-approver':
      return of('not an approver');
    case 'self-approval':
      return of('own request');
    case 'already-decided':
      return of('already decided', `${r.status} by ${r.by}`);
    case 'unacknowledged-warnings':
      return of('unacknowledged summary warnings', `${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}`);
    case 'not-open':
      return of(`incident ${r.phase}`);
    default:
      // A code added after this table: still recorded, by its name.
      return of((r as Rejection).code.replace(/-/g, ' '));
  }
}
