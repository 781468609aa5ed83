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
  | { type: 'close' }
  | { type: 'recordSummaryPost'; ok: boolean; where?: string; error?: string }
  | { type: 'retrySummaryPost' }
  | { type: 'cancel'; reason: string }
  | { type: 'escalate'; reason?: string }
  | { type: 'handover'; to: Actor }
  | { type: 'addNote'; text: string }
  | { type: 'runDiagnostics' }
  /** The bot only (no card verb): an effect whose sending was lost (e.g. a crash after the save) is asked for again. */
  | { type: 'resendEffect'; effect: ResendableEffect; target: string }
  | { type: 'recordDiagnostics'; requestId: string; items: DiagnosticItem[]; traceStatus?: string };

export type ResendableEffect = 'approval' | 'summary' | 'escalation';

export type Command = CommandMeta & CommandBody;
export type CommandType = CommandBody['type'];

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
]);
