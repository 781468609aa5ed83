import type { ListItem, Runbook } from '../../runbook/schema';
import type { TickList } from '../commands';
import { analyzeNdr } from '../ndr';
import { alwaysApplies, branchItems, openItems, validationItems } from '../progress';
import { draftSummary } from '../summary-draft';
import { findInternalDetails } from '../summary-check';
import type { FieldProblem } from '../rejections';
import type { Incident, Phase, Tick } from '../types';
import { type Change, type DecideEnv, type Handler, type HandlerResult, limits, reject, requireText, tooLong } from './change';
import { checkValues, regrade } from './intake';

// The guided path: checklists, command results, the decision and moving on from phase to phase.

const listPhase: Record<TickList, Phase> = { checklist: 'triage', branch: 'investigation', validation: 'validation' };
const listKey = { checklist: 'checklist', branch: 'branchSteps', validation: 'validation' } as const;
const listName: Record<TickList, string> = {
  checklist: 'the first-15-minutes checklist',
  branch: 'the investigation steps',
  validation: 'the validation checklist',
};

function itemsOf(list: TickList, incident: Incident, env: DecideEnv): ListItem[] {
  if (list === 'checklist') return env.runbook.firstFifteen;
  if (list === 'branch') return branchItems(env.runbook, incident);
  return validationItems(env.runbook);
}

/** Ticks, unticks or marks one item not applicable (with a reason); on an older card only when that item has not changed since. */
export const tick: Handler<'tick'> = (incident, cmd, env, at) => {
  if (incident.phase !== listPhase[cmd.list]) {
    return reject({ code: 'wrong-phase', phase: incident.phase, action: `tick items of ${listName[cmd.list]}` });
  }
  const item = itemsOf(cmd.list, incident, env).find((i) => i.id === cmd.itemId);
  if (!item) return reject({ code: 'unknown-item', what: 'checklist item', id: cmd.itemId });
  const problem = cmd.notApplicable
    ? notApplicableProblem(item, cmd.done, cmd.note, alwaysApplies(cmd.list, item.id))
    : tooLong('The note', cmd.note, limits.note);
  if (problem) return reject({ code: 'invalid-input', problems: [problem] });
  const ticks = incident[listKey[cmd.list]];
  const previous = ticks[item.id];
  if (cmd.version !== undefined && previous && previous.version > cmd.version) {
    return reject({ code: 'stale', currentVersion: incident.version });
  }
  const next: Tick = {
    done: cmd.done,
    by: cmd.actor,
    at,
    version: incident.version + 1,
    ...(cmd.note ? { note: cmd.note } : {}),
    ...(cmd.notApplicable ? { notApplicable: true as const } : {}),
  };
  const change = { incident: { ...incident, [listKey[cmd.list]]: { ...ticks, [item.id]: next } }, effects: [{ kind: 'showIncident' as const }] };
  if (cmd.notApplicable) return { ...change, what: `marked "${item.text}" not applicable: ${cmd.note}` };
  return { ...change, what: `${cmd.done ? 'ticked' : 'unticked'} "${item.text}"`, detail: cmd.note };
};

/** Not applicable needs a reason (the note) and excludes done: the record must not claim both. */
function notApplicableProblem(item: ListItem, done: boolean, reason: string | undefined, rule: boolean): FieldProblem | undefined {
  if (rule) return { fieldId: 'note', message: `"${item.text}" is a rule of this runbook: it always applies and cannot be marked not applicable.` };
  if (done) return { fieldId: 'note', message: `"${item.text}" can be done or not applicable, not both.` };
  if (!reason || reason.trim() === '') {
    return { fieldId: 'note', message: `Say why "${item.text}" does not apply: a reason is needed to mark it not applicable.` };
  }
  return tooLong('The reason', reason, limits.note);
}

const resultPhases: readonly Phase[] = ['triage', 'decision', 'investigation', 'remediation', 'validation'];

/** Records a command's output (kept as evidence) and any values it revealed, such as a trace id. */
export const recordResult: Handler<'recordResult'> = (incident, cmd, env, at) => {
  if (!resultPhases.includes(incident.phase)) {
    return reject({ code: 'wrong-phase', phase: incident.phase, action: 'record a command result' });
  }
  const starter = env.runbook.commands.find((c) => c.id === cmd.starterId);
  if (!starter) return reject({ code: 'unknown-item', what: 'command starter', id: cmd.starterId });
  const problem = requireText('The command output', cmd.output, limits.output);
  const { values, problems, notes } = checkValues(env, cmd.values ?? {}, incident.intake, false);
  if (problem || problems.length) return reject({ code: 'invalid-input', problems: [...(problem ? [problem] : []), ...problems] });
  const result = { starterId: starter.id, output: cmd.output, at, by: cmd.actor };
  const evidence = {
    id: `E${incident.evidence.length + 1}`,
    kind: 'command-output' as const,
    text: `${starter.title}: ${cmd.output}`,
    at,
    by: cmd.actor,
  };
  // Revealed values are intake answers like any other: severity follows them (and may escalate).
  const graded = Object.keys(values).length ? regrade({ ...incident, intake: { ...incident.intake, ...values } }, env, at) : { incident, effects: [] };
  return {
    incident: {
      ...graded.incident,
      commandResults: [...incident.commandResults, result],
      evidence: [...incident.evidence, evidence],
    },
    effects: [{ kind: 'showIncident' }, ...graded.effects],
    what: `recorded the result of "${starter.title}"`,
    detail: Object.keys(values).length ? [`values: ${Object.keys(values).join(', ')}`, ...notes].join('; ') : undefined,
  };
};

/** Picks the finding from the decision path; NDR findings analyse the codes in the NDR text. */
export const chooseFinding: Handler<'chooseFinding'> = (incident, cmd, env, at) => {
  if (incident.phase !== 'decision') return reject({ code: 'wrong-phase', phase: incident.phase, action: 'choose a finding' });
  const finding = env.runbook.decisions.find((d) => d.id === cmd.findingId);
  if (!finding) return reject({ code: 'unknown-item', what: 'finding', id: cmd.findingId });
  const problem = tooLong('The NDR text', cmd.ndrText, limits.evidence);
  if (problem) return reject({ code: 'invalid-input', problems: [problem] });
  const ndrSource = cmd.ndrText?.trim() || incident.intake.ndrText || '';
  if (finding.ndr && ndrSource === '') {
    return reject({
      code: 'invalid-input',
      problems: [{ fieldId: 'ndrText', message: `"${finding.finding}" needs the NDR code or text: paste it in the NDR box.` }],
    });
  }
  const ndr = finding.ndr ? analyzeNdr(ndrSource, env.runbook) : undefined;
  const suggested = incident.diagnostics?.trace?.findingId;
  const details = [
    ...(ndr ? [`NDR codes: ${ndr.codes.map((c) => c.code).join(', ') || 'none found'}`] : []),
    ...(suggested ? [suggested === finding.id ? 'confirms the message trace suggestion' : `overrides the message trace suggestion "${suggested}"`] : []),
  ];
  return {
    incident: {
      ...incident,
      phase: 'investigation',
      finding: { findingId: finding.id, at, by: cmd.actor, ...(ndr ? { ndr } : {}), ...(suggested ? { suggested } : {}) },
    },
    effects: [{ kind: 'showIncident' }],
    what: `chose the finding "${finding.finding}"`,
    detail: details.length ? details.join('; ') : undefined,
  };
};

/** N/A settles an item, but an incident is never validated by N/A alone: at least one check must be done. */
export function requireOneValidated(runbook: Runbook, incident: Incident): HandlerResult | undefined {
  const items = validationItems(runbook);
  if (items.some((i) => incident.validation[i.id]?.done)) return undefined;
  return reject({ code: 'incomplete', what: 'the validation checklist (at least one check done, not all not applicable)', missing: items.map((i) => i.text) });
}

function requireDone(what: string, items: ListItem[], ticks: Record<string, Tick>): HandlerResult | undefined {
  const open = openItems(items, ticks);
  return open.length ? reject({ code: 'incomplete', what, missing: open.map((i) => i.text) }) : undefined;
}

function advance(incident: Incident, phase: Phase, what: string, extra: Partial<Incident> = {}): Change {
  return { incident: { ...incident, ...extra, phase }, effects: [{ kind: 'showIncident' }], what };
}

/** Moves to the next phase when the current one's guard is met. */
export const continueOn: Handler<'continue'> = (incident, cmd, env, at) => {
  switch (incident.phase) {
    case 'intake':
      return reject({ code: 'wrong-phase', phase: incident.phase, action: 'continue before the intake form is submitted' });
    case 'triage':
      return requireDone(listName.checklist, env.runbook.firstFifteen, incident.checklist) ?? advance(incident, 'decision', 'finished triage');
    case 'decision':
      return reject({ code: 'wrong-phase', phase: incident.phase, action: 'continue without choosing a finding' });
    case 'investigation':
      return (
        requireDone(listName.branch, branchItems(env.runbook, incident), incident.branchSteps) ?? advance(incident, 'remediation', 'finished the investigation')
      );
    case 'remediation':
      return continueFromRemediation(incident, cmd.reason, env);
    case 'validation':
      return (
        requireDone(listName.validation, validationItems(env.runbook), incident.validation) ??
        requireOneValidated(env.runbook, incident) ??
        advance(incident, 'evidence', 'completed validation')
      );
    case 'evidence': {
      if (incident.evidence.length === 0) return reject({ code: 'incomplete', what: 'the evidence', missing: env.runbook.evidence.map((e) => e.text) });
      const fields = draftSummary(env.runbook, incident, at);
      const summary = { ...incident.summary, fields, warnings: findInternalDetails(fields), acknowledged: [] };
      return advance(incident, 'summary', 'finished gathering evidence; summary drafted', { summary });
    }
    case 'summary':
      return reject({ code: 'wrong-phase', phase: incident.phase, action: 'continue (post the summary to close)' });
    case 'closed':
    case 'cancelled':
      return reject({ code: 'not-open', phase: incident.phase });
  }
};

function continueFromRemediation(incident: Incident, reason: string | undefined, env: DecideEnv): HandlerResult {
  const waiting = env.runbook.remediation.filter((a) => incident.actions[a.id]?.status === 'awaiting-approval');
  if (waiting.length) return reject({ code: 'awaiting-approval', actions: waiting.map((a) => a.text) });
  const done = env.runbook.remediation.some((a) => incident.actions[a.id]?.status === 'done');
  if (done) return advance(incident, 'validation', 'finished remediation');
  const problem = requireText('The reason no remediation action was needed', reason, limits.reason);
  if (problem) {
    return reject({ code: 'invalid-input', problems: [{ message: 'Mark a remediation action done, or give the reason no action was needed.' }] });
  }
  return { ...advance(incident, 'validation', 'finished remediation without a runbook action', { noRemediationReason: reason }), detail: reason };
}
