import { checkFieldValue, checkNotFuture, checkWallClock } from '../field-values';
import { gradeSeverity, severityEscalates, severityInWords } from '../severity';
import type { FieldProblem } from '../rejections';
import type { Effect } from '../effects';
import type { Incident } from '../types';
import { type DecideEnv, type Handler, reject } from './change';
import { startDiagnostics } from './diagnostics';

/**
 * Validates submitted values by field type; `complete` also demands every required field. `notes`: what was read in a
 * way the person should know of (a time the clocks showed twice), for the audit.
 */
export function checkValues(
  env: DecideEnv,
  values: Record<string, string>,
  current: Record<string, string>,
  complete: boolean,
): { values: Record<string, string>; problems: FieldProblem[]; notes: string[] } {
  const problems: FieldProblem[] = [];
  const accepted: Record<string, string> = {};
  const known = new Map(env.runbook.intake.map((f) => [f.id, f]));
  for (const id of Object.keys(values)) {
    if (!known.has(id)) problems.push({ fieldId: id, message: `There is no intake field "${id}" in this runbook.`, unknown: true });
  }
  for (const field of env.runbook.intake) {
    const raw = values[field.id]?.trim() ?? '';
    if (raw === '') {
      const missing = complete && field.required && field.stage === 'intake' && !current[field.id];
      if (missing) problems.push({ fieldId: field.id, message: `${field.label} is required.` });
      continue;
    }
    const checked = checkFieldValue(field, raw);
    if (checked.ok) accepted[field.id] = checked.value;
    else problems.push({ fieldId: field.id, message: checked.message });
  }
  const zoned = zonedTimes(env, accepted, current, problems);
  problems.push(...zoned.problems);
  return { values: accepted, problems, notes: zoned.notes };
}

/**
 * Incidents have happened: a datetime read in the runbook's time-zone field (new or kept) must be a time the clock
 * showed there (not one skipped when clocks went forward) and must not lie in the future.
 */
function zonedTimes(
  env: DecideEnv,
  accepted: Record<string, string>,
  current: Record<string, string>,
  problems: FieldProblem[],
): { problems: FieldProblem[]; notes: string[] } {
  const zoneField = env.runbook.intake.find((f) => f.type === 'timezone');
  // A refused time zone is reported already; its times cannot be read.
  if (zoneField && problems.some((p) => p.fieldId === zoneField.id)) return { problems: [], notes: [] };
  const zone = (zoneField && (accepted[zoneField.id] ?? current[zoneField.id] ?? zoneField.default)) || 'UTC';
  const zoneChanged = zoneField !== undefined && accepted[zoneField.id] !== undefined;
  const found: FieldProblem[] = [];
  const notes: string[] = [];
  for (const field of env.runbook.intake.filter((f) => f.type === 'datetime')) {
    const typed = accepted[field.id];
    const value = typed ?? (zoneChanged ? current[field.id] : undefined);
    if (value === undefined) continue;
    const onClock = checkWallClock(field, value, zone);
    const checked = onClock.ok ? checkNotFuture(field, value, zone, env.now) : onClock;
    if (checked.ok) {
      if (onClock.ok && onClock.note) notes.push(onClock.note);
      continue;
    }
    // The typed time is flagged; a kept time made impossible or future by a new zone flags the zone the person changed.
    found.push({ fieldId: typed !== undefined ? field.id : (zoneField?.id ?? field.id), message: checked.message });
    delete accepted[field.id];
  }
  return { problems: found, notes };
}

/** Regrades severity after intake values change; escalates when a level that escalates is newly reached. */
export function regrade(incident: Incident, env: DecideEnv, at: string): { incident: Incident; effects: Effect[] } {
  const graded = gradeSeverity(env.runbook, incident.intake);
  // Once escalated, an intake edit never grades the incident below the severity it was escalated at.
  const rank = (id: string | undefined) => {
    const i = env.runbook.severity.levels.findIndex((l) => l.id === id);
    return i < 0 ? env.runbook.severity.levels.length : i;
  };
  const keep = incident.escalated && incident.severity && rank(incident.severity.id) < rank(graded.id);
  const severity = keep && incident.severity ? incident.severity : graded;
  const escalates = severityEscalates(env.runbook, severity.id) && !incident.escalated;
  if (!escalates) return { incident: { ...incident, severity }, effects: [] };
  const reason = severityInWords(severity);
  return {
    incident: { ...incident, severity, escalated: { at, by: incident.owner, reason } },
    effects: [{ kind: 'postEscalation', reason }],
  };
}

/** In intake: the whole form, then triage starts. Later: updates the given fields (e.g. a message trace id). */
export const submitIntake: Handler<'submitIntake'> = (incident, cmd, env, at) => {
  const first = incident.phase === 'intake';
  const { values, problems, notes } = checkValues(env, cmd.values, first ? {} : incident.intake, first);
  if (problems.length) return reject({ code: 'invalid-input', problems });
  if (!first && Object.keys(values).length === 0) {
    return reject({ code: 'invalid-input', problems: [{ message: 'No values were given.' }] });
  }
  const fields = new Map(env.runbook.intake.map((f) => [f.id, f]));
  const answeredAtIntake = first ? [] : Object.keys(values).filter((id) => fields.get(id)?.stage !== 'triage' && values[id] !== incident.intake[id]);
  if (answeredAtIntake.length > 0 && !cmd.correction) {
    return reject({
      code: 'invalid-input',
      problems: answeredAtIntake.map((id) => ({
        fieldId: id,
        message: `${fields.get(id)?.label ?? id} was answered at intake; change it with "Correct intake", which re-grades the severity and refills the command starters.`,
      })),
    });
  }
  const pending = incident.approvals.filter((a) => a.status === 'pending').map((a) => a.actionId);
  if (answeredAtIntake.length > 0 && pending.length > 0) return reject({ code: 'awaiting-approval', actions: pending });
  const before = incident.severity?.id;
  const updated: Incident = {
    ...incident,
    intake: { ...incident.intake, ...values },
    ...(first ? { phase: 'triage' as const, triageStartedAt: at } : {}),
  };
  const graded = regrade(updated, env, at);
  const changedSeverity = before !== graded.incident.severity?.id;
  // The live checks start with triage; later edits (e.g. a trace id) leave them to Check again.
  const checks = first ? startDiagnostics(graded.incident, env, at, cmd.actor) : undefined;
  return {
    incident: checks?.incident ?? graded.incident,
    effects: [{ kind: 'showIncident' }, ...graded.effects, ...(checks ? [checks.effect] : [])],
    what: first
      ? 'submitted the intake'
      : answeredAtIntake.length > 0
        ? `corrected the intake: ${correctionWords(incident, values, answeredAtIntake, env)}`
        : `updated ${Object.keys(values).join(', ')}`,
    detail: [...notes, ...(changedSeverity ? [`severity ${before ?? 'none'} -> ${graded.incident.severity?.id}`] : [])].join('; ') || undefined,
  };
};

/** "Sender a@x -> b@x; command starters refilled: Message trace" : what a correction changes, for the audit. */
function correctionWords(incident: Incident, values: Record<string, string>, ids: string[], env: DecideEnv): string {
  const field = (id: string) => env.runbook.intake.find((f) => f.id === id);
  // Choices in the words the cards use ("A department or location"), not their stored values.
  const shown = (id: string, value: string | undefined) =>
    value === undefined ? '(empty)' : (field(id)?.choices?.find((c) => c.value === value)?.title ?? value);
  const changes = ids.map((id) => `${field(id)?.label ?? id} ${shown(id, incident.intake[id])} -> ${shown(id, values[id])}`);
  const refilled = env.runbook.commands.filter((c) => Object.values(c.bind).some((f) => ids.includes(f))).map((c) => c.title);
  return [...changes, ...(refilled.length > 0 ? [`command starters refilled: ${refilled.join(', ')}`] : [])].join('; ');
}
