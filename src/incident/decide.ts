import { appendAudit } from './audit';
import type { Command, CommandType } from './commands';
import { strictVersionCommands } from './commands';
import type { Effect } from './effects';
import type { DecideEnv, Handler, HandlerResult } from './handlers/change';
import { addNote, cancel, escalate, handover } from './handlers/anytime';
import { acknowledgeWarnings, addEvidence, close, editSummary, recordSummaryPost, retrySummaryPost } from './handlers/closing';
import { chooseFinding, continueOn, recordResult, tick } from './handlers/guided';
import { recordDiagnostics, runDiagnostics } from './handlers/diagnostics';
import { resendEffect } from './handlers/repair';
import { submitIntake } from './handlers/intake';
import { decideApproval, markActionDone, requestApproval } from './handlers/remediation';
import { isOpen } from './progress';
import type { Rejection } from './rejections';
import type { Incident } from './types';

export type { DecideEnv } from './handlers/change';

export type Decision =
  | { ok: true; incident: Incident; effects: Effect[]; duplicate: boolean }
  | { ok: false; rejection: Rejection; incident: Incident };

type HandlerTable = { [T in CommandType]: Handler<T> };

const handlers: HandlerTable = {
  submitIntake,
  tick,
  recordResult,
  continue: continueOn,
  chooseFinding,
  requestApproval,
  decideApproval,
  markActionDone,
  addEvidence,
  editSummary,
  acknowledgeWarnings,
  close,
  recordSummaryPost,
  retrySummaryPost,
  cancel,
  escalate,
  handover,
  addNote,
  runDiagnostics,
  recordDiagnostics,
  resendEffect,
};

/** Commands still accepted once an incident is closed. */
const afterClose: ReadonlySet<CommandType> = new Set<CommandType>(['recordSummaryPost', 'retrySummaryPost', 'resendEffect']);
const keysKept = 200;

/** Pure: the incident after the command, and the effects to carry out; or a rejection and the unchanged incident. */
export function decide(incident: Incident, command: Command, env: DecideEnv): Decision {
  if (incident.recentKeys.includes(command.key)) return { ok: true, incident, effects: [{ kind: 'showIncident' }], duplicate: true };
  const refused = (rejection: Rejection): Decision => ({ ok: false, rejection, incident });
  if (!isOpen(incident) && !(incident.phase === 'closed' && afterClose.has(command.type))) {
    return refused({ code: 'not-open', phase: incident.phase });
  }
  if (command.version !== undefined) {
    if (command.version > incident.version) return refused({ code: 'bad-version', given: command.version, currentVersion: incident.version });
    if (command.version < incident.version && strictVersionCommands.has(command.type)) {
      return refused({ code: 'stale', currentVersion: incident.version });
    }
  }
  const at = env.now.toISOString();
  const result = (handlers[command.type] as Handler<CommandType>)(incident, command, env, at) as HandlerResult;
  if ('rejected' in result) return refused(result.rejected);
  const next: Incident = {
    ...result.incident,
    version: incident.version + 1,
    audit: appendAudit(incident.audit, at, command.actor, result.what, result.detail),
    recentKeys: [...incident.recentKeys, command.key].slice(-keysKept),
  };
  return { ok: true, incident: next, effects: result.effects, duplicate: false };
}
