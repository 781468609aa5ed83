import type { Refusal } from './refusals';
import type { Reminder } from './reminders';
import type { Actor, DiagnosticItem } from './types';

// Commands: what a person asked for, already parsed at the edge. decide() turns them into changes.

/** Every command says who, on which card version (absent for typed text), and carries an idempotency key. */
export interface CommandMeta {
  actor: Actor;
  key: string;
  version?: number;
}

export type TickList = 'checklist' | 'branch' | 'validation';
export type EvidenceInputKind = 'text' | 'link' | 'attachment';

export type CommandBody =
  /** After intake, only fields asked later (stage triage) change, unless `correction`: then answers given at intake may too. */
  | { type: 'submitIntake'; values: Record<string, string>; correction?: boolean }
  /** notApplicable: the item does not apply here (done must be false); the note is then the required reason. */
  | { type: 'tick'; list: TickList; itemId: string; done: boolean; note?: string; notApplicable?: true }
  | { type: 'recordResult'; starterId: string; output: string; values?: Record<string, string> }
  | { type: 'continue'; reason?: string }
  | { type: 'chooseFinding'; findingId: string; ndrText?: string }
  | { type: 'requestApproval'; actionId: string; reason: string }
  | { type: 'decideApproval'; approvalId: string; decision: 'approve' | 'reject'; comment?: string }
  | { type: 'markActionDone'; actionId: string; note?: string }
  | { type: 'addEvidence'; kind: EvidenceInputKind; text: string; url?: string; contentType?: string; coversItem?: string }
  | { type: 'editSummary'; fields: Record<string, string> }
  | { type: 'acknowledgeWarnings'; warningIds: string[] }
  /** `fields`: the summary as it was on the card; the pipeline saves them (editSummary) before closing. */
  | { type: 'close'; fields?: Record<string, string> }
  /** The bot only: the summary's posting, from the deliverer (`effectId`: its outbox entry, marked in the same write). */
  | { type: 'recordSummaryPost'; ok: boolean; where?: string; error?: string; effectId?: string }
  | { type: 'retrySummaryPost' }
  | { type: 'cancel'; reason: string }
  | { type: 'escalate'; reason?: string }
  | { type: 'handover'; to: Actor }
  | { type: 'addNote'; text: string }
  | { type: 'runDiagnostics' }
  /** Bookkeeping (no version bump, see bookkeepingCommands): a refused request, in the audit. */
  | { type: 'recordRefusal'; refusal: Refusal }
  /** Bookkeeping: a due reminder claimed by one instance; its sending goes to the outbox. */
  | { type: 'claimReminder'; reminder: Reminder }
  /** Bookkeeping: an outbox entry taken over for another attempt once its last claim is older than the lease. */
  | { type: 'claimDelivery'; effectId: string; leaseMs: number }
  /** Bookkeeping: an outbox entry's attempt delivered, or failed with the reason in words (`final`: no point trying again). */
  | { type: 'recordDelivery'; effectId: string; ok: boolean; error?: string; final?: boolean }
  | { type: 'recordDiagnostics'; requestId: string; items: DiagnosticItem[]; traceStatus?: string };

export type Command = CommandMeta & CommandBody;
export type CommandType = CommandBody['type'];

/**
 * Commands that record what happened around the incident without changing what a card shows: they keep the version
 * (nobody's card becomes stale), keep no idempotency key (each is idempotent by its content) and are accepted in
 * every phase. A bookkeeping command with nothing to record is answered as a duplicate and saves nothing.
 */
export const bookkeepingCommands: ReadonlySet<CommandType> = new Set<CommandType>(['recordRefusal', 'claimReminder', 'claimDelivery', 'recordDelivery']);

/** Commands that replace shared state and so must be made on the current card version. */
export const strictVersionCommands: ReadonlySet<CommandType> = new Set<CommandType>([
  'submitIntake',
  'continue',
  'chooseFinding',
  'editSummary',
  'acknowledgeWarnings',
  'close',
  // Two people clicking Retry on the same card must not post the summary twice.
  'retrySummaryPost',
  // A pick on an old handover card must not undo a newer handover ("Owner now: ..." on it may be wrong).
  'handover',
]);
