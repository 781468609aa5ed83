import type { Runbook } from '../../runbook/schema';
import type { DiagnosticItem, DiagnosticsState, EvidenceEntry, Incident } from '../types';
import { type DecideEnv, type Handler, limits, reject } from './change';

// Live checks: planned when the intake is submitted (or on Check again), recorded when src/teams reports the answers.

/** A check that has not answered after this long is treated as lost (e.g. the bot restarted) and may be run again. */
export const diagnosticsLostAfterSeconds = 60;
/** Rounds per incident (each adds up to maxItems evidence entries): bounds the stored record. */
export const maxRounds = 6;
const maxItems = 12;
const maxLines = 12;
const maxText = 400;
const recheckPhases: readonly Incident['phase'][] = ['triage', 'decision'];

/** Which lookups this runbook asks for that this installation can run; empty when none. */
export function plannedLookups(runbook: Runbook, env: Pick<DecideEnv, 'diagnostics'>): string[] {
  const spec = runbook.diagnostics;
  const can = env.diagnostics;
  if (!spec || !can) return [];
  return [
    ...(spec.messageTrace && can.graph ? ['message trace'] : []),
    ...(spec.serviceHealth && can.graph ? [`${spec.serviceHealth.service} health`] : []),
    ...(spec.mailDns && can.dns ? ['mail DNS'] : []),
  ];
}

/** Starts a check round: state 'checking' and the effect that runs it; undefined when nothing can run. */
export function startDiagnostics(incident: Incident, env: DecideEnv, at: string, by: Incident['owner']) {
  const planned = plannedLookups(env.runbook, env);
  if (planned.length === 0) return undefined;
  const requestId = `check-${incident.version + 1}`;
  const round = (incident.diagnostics?.round ?? 0) + 1;
  const diagnostics: DiagnosticsState = { requestId, round, requestedAt: at, requestedBy: by, status: 'checking', planned, items: [] };
  return { incident: { ...incident, diagnostics }, effect: { kind: 'runDiagnostics' as const, requestId } };
}

/** True while a check round is running and not yet considered lost. */
export function diagnosticsRunning(incident: Incident, now: Date): boolean {
  const d = incident.diagnostics;
  return d?.status === 'checking' && ageSeconds(d.requestedAt, now) < diagnosticsLostAfterSeconds;
}

/** "Check again" in triage or decision: a new round, unless one is still running or nothing can run. */
export const runDiagnostics: Handler<'runDiagnostics'> = (incident, cmd, env, at) => {
  // The card offers Check again in triage and decision only; before the intake there is nothing to look up.
  if (!recheckPhases.includes(incident.phase)) return reject({ code: 'wrong-phase', phase: incident.phase, action: 'run the live checks' });
  if (diagnosticsRunning(incident, env.now)) {
    return reject({ code: 'diagnostics-running', sinceSeconds: Math.round(ageSeconds(incident.diagnostics!.requestedAt, env.now)) });
  }
  if ((incident.diagnostics?.round ?? 0) >= maxRounds) {
    return reject({
      code: 'invalid-input',
      problems: [{ message: `The live checks already ran ${maxRounds} times for this incident; run the command starters by hand.` }],
    });
  }
  const started = startDiagnostics(incident, env, at, cmd.actor);
  if (!started) return reject({ code: 'diagnostics-unavailable' });
  return { incident: started.incident, effects: [{ kind: 'showIncident' }, started.effect], what: 'asked for the live checks again' };
};

/** The answers of a round: kept on the incident, each one also an evidence entry; the trace status suggests a finding. */
export const recordDiagnostics: Handler<'recordDiagnostics'> = (incident, cmd, env, at) => {
  const current = incident.diagnostics;
  // A round is recorded once: answers of another round, or a second report of this one, change nothing.
  if (!current || current.requestId !== cmd.requestId || current.status !== 'checking') {
    return reject({ code: 'diagnostics-superseded', requestId: cmd.requestId.slice(0, 40) });
  }
  const items = cmd.items.slice(0, maxItems).map(boundItem);
  const status = cmd.traceStatus?.slice(0, 40);
  const findingId = status ? suggestedFinding(env.runbook, status) : undefined;
  const diagnostics: DiagnosticsState = {
    ...current,
    status: 'done',
    completedAt: at,
    items,
    ...(status ? { trace: { status, ...(findingId ? { findingId } : {}) } } : {}),
  };
  const coversItem = env.runbook.diagnostics?.evidence;
  // Only answers are evidence: "not available" says nothing about the incident.
  const evidence: EvidenceEntry[] = items
    .filter((item) => item.ok)
    .map((item, i) => ({
      id: `E${incident.evidence.length + i + 1}`,
      kind: 'lookup',
      // Within the limit typed evidence has (an item may hold 12 lines of 400 characters).
      text: [`${item.title}: ${item.summary}`, ...item.lines.map((l) => `- ${l.text}`)].join('\n').slice(0, limits.evidence),
      ...(coversItem ? { coversItem } : {}),
      at,
      by: cmd.actor,
    }));
  const unavailable = items.filter((i) => !i.ok).length;
  return {
    incident: { ...incident, diagnostics, evidence: [...incident.evidence, ...evidence] },
    effects: [{ kind: 'showIncident' }],
    what: 'recorded the live checks',
    detail: [`${items.length - unavailable} answered`, unavailable ? `${unavailable} not available` : '', status ? `trace: ${status}` : '']
      .filter(Boolean)
      .join(', '),
  };
};

/** The runbook's mapping from a delivery status (any casing) to one of its findings. */
export function suggestedFinding(runbook: Runbook, status: string): string | undefined {
  const map = runbook.diagnostics?.messageTrace?.findings ?? {};
  const key = Object.keys(map).find((k) => k.toLowerCase() === status.toLowerCase());
  return key ? map[key] : undefined;
}

function boundItem(item: DiagnosticItem): DiagnosticItem {
  return {
    id: item.id.slice(0, 80),
    title: item.title.slice(0, 120),
    ok: item.ok,
    summary: item.summary.slice(0, maxText),
    tone: item.tone,
    lines: item.lines.slice(0, maxLines).map((l) => ({ text: l.text.slice(0, maxText), tone: l.tone })),
  };
}

function ageSeconds(iso: string, now: Date): number {
  return Math.max(0, (now.getTime() - Date.parse(iso)) / 1000);
}
