import { appendAudit } from './audit';
import type { Command, CommandType } from './commands';
import { bookkeepingCommands, strictVersionCommands } from './commands';
import type { Effect } from './effects';
import type { DecideEnv, Handler, HandlerResult } from './handlers/change';
import { addNote, cancel, escalate, handover } from './handlers/anytime';
import { acknowledgeWarnings, addEvidence, close, editSummary, recordSummaryPost, retrySummaryPost } from './handlers/closing';
import { chooseFinding, continueOn, recordResult, tick } from './handlers/guided';
import { recordDiagnostics, runDiagnostics } from './handlers/diagnostics';
import { bookkeep } from './handlers/bookkeeping';
import { queueEffects, withEntries } from './outbox';
import { submitIntake } from './handlers/intake';
import { decideApproval, markActionDone, requestApproval } from './handlers/remediation';
import { isOpen } from './progress';
import type { Rejection } from './rejections';
import type { Incident, OutboxEntry } from './types';

export type { DecideEnv } from './handlers/change';

/** `queued`: the outbox entries this decision added (the deliverer sends them after the answer). */
export type Decision =
  { ok: true; incident: Incident; effects: Effect[]; duplicate: boolean; queued: OutboxEntry[] } | { ok: false; rejection: Rejection; incident: Incident };

type Bookkeeping = 'recordRefusal' | 'claimReminder' | 'claimDelivery' | 'recordDelivery';
type HandlerTable = { [T in Exclude<CommandType, Bookkeeping>]: Handler<T> };

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
};

/** Commands still accepted once an incident is closed. */
const afterClose: ReadonlySet<CommandType> = new Set<CommandType>(['recordSummaryPost', 'retrySummaryPost']);
const keysKept = 200;
/** Refusal keys kept beside the change keys: refusals never push a change's key out (a redelivered click stays a duplicate). */
const refusalKeysKept = 20;
/** The key of a refusal not tied to one activity (no activity id): recorded each time, within the refusal bound. */
export const refusalKey = 'refusal';

/** The recent keys with one more: the newest `keysKept` change keys and, apart, the newest `refusalKeysKept` refusal keys. */
function withKey(keys: readonly string[], key: string): string[] {
  const isRefusalKey = (k: string) => k.startsWith(`${refusalKey}:`);
  const all = [...keys, key];
  const changes = all.filter((k) => !isRefusalKey(k)).slice(-keysKept);
  const refusals = all.filter(isRefusalKey).slice(-refusalKeysKept);
  return [...changes, ...refusals];
}

/** Pure: the incident after the command, and the effects to carry out; or a rejection and the unchanged incident. */
export function decide(incident: Incident, command: Command, env: DecideEnv): Decision {
  if (bookkeepingCommands.has(command.type)) {
    // A refusal keyed by the activity refused (not the generic "refusal") is recorded once, however often Teams redelivers it.
    const once = command.type === 'recordRefusal' && command.key !== refusalKey;
    if (once && incident.recentKeys.includes(command.key)) return { ok: true, incident, effects: [], duplicate: true, queued: [] };
    const kept = bookkeep(incident, command, env.now);
    if (!kept) return { ok: true, incident, effects: [], duplicate: true, queued: [] };
    const queued = queueEffects(incident, kept.effects, kept.incident.audit.length, env.now.toISOString());
    const recentKeys = once ? withKey(kept.incident.recentKeys, command.key) : kept.incident.recentKeys;
    return {
      ok: true,
      incident: { ...kept.incident, recentKeys, outbox: withEntries(kept.incident.outbox, queued) },
      effects: kept.effects,
      duplicate: false,
      queued,
    };
  }
  if (incident.recentKeys.includes(command.key)) return { ok: true, incident, effects: [{ kind: 'showIncident' }], duplicate: true, queued: [] };
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
  const handler = handlers[command.type as keyof HandlerTable] as Handler<CommandType>;
  const result = handler(incident, command, env, at) as HandlerResult;
  if ('rejected' in result) return refused(result.rejected);
  const audit = appendAudit(incident.audit, at, command.actor, result.what, result.detail);
  const queued = queueEffects(incident, result.effects, audit.length, at);
  const next: Incident = {
    ...result.incident,
    version: incident.version + 1,
    ...(result.incident.phase !== incident.phase ? { phaseSince: at } : {}),
    audit,
    recentKeys: withKey(incident.recentKeys, command.key),
    outbox: withEntries(result.incident.outbox ?? [], queued),
  };
  return { ok: true, incident: next, effects: result.effects, duplicate: false, queued };
}
