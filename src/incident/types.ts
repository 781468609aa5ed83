import type { NdrCategory } from '../runbook/schema';
import type { Effect } from './effects';

// The incident record: plain JSON data, saved as one document, changed only by decide().

export type Phase = 'intake' | 'triage' | 'decision' | 'investigation' | 'remediation' | 'validation' | 'evidence' | 'summary' | 'closed' | 'cancelled';

/** The guided phases in order; cancelled is off the path. */
export const phaseOrder: readonly Phase[] = ['intake', 'triage', 'decision', 'investigation', 'remediation', 'validation', 'evidence', 'summary', 'closed'];

/** A person, identified by Entra object id (aadObjectId), with a display name. */
export interface Actor {
  id: string;
  name: string;
}

/** Where the incident is run: the conversation the bot replies in. `reference` is opaque to the domain. */
export interface Origin {
  conversationId: string;
  kind: 'personal' | 'groupChat' | 'channel';
  reference: unknown;
}

export interface Tick {
  done: boolean;
  by: Actor;
  at: string;
  note?: string;
  /** The item does not apply to this incident (done is false; note says why). Settled for the guards like done. */
  notApplicable?: true;
  /** Incident version at which this item last changed (for concurrent ticks on older cards). */
  version: number;
}

export interface CommandResult {
  starterId: string;
  output: string;
  at: string;
  by: Actor;
}

export interface NdrCodeAnalysis {
  code: string;
  meaning: string;
  category: NdrCategory;
  fix: string;
}

export interface NdrAnalysis {
  source: string;
  codes: NdrCodeAnalysis[];
  /** Remediation action ids matching the codes' categories, most relevant first. */
  suggestedActions: string[];
}

export interface FindingChoice {
  findingId: string;
  at: string;
  by: Actor;
  ndr?: NdrAnalysis;
  /** The finding the message trace suggested when this one was chosen (same id: confirmed; other: overridden). */
  suggested?: string;
}

export type ActionStatus = 'open' | 'awaiting-approval' | 'approved' | 'rejected' | 'done';

export interface ActionState {
  status: ActionStatus;
  approvalId?: string;
  doneBy?: Actor;
  doneAt?: string;
  note?: string;
  rejectedReason?: string;
}

export interface Approval {
  id: string;
  actionId: string;
  reason: string;
  requestedBy: Actor;
  requestedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy?: Actor;
  decidedAt?: string;
  comment?: string;
}

export type EvidenceKind = 'text' | 'link' | 'attachment' | 'command-output' | 'approval' | 'lookup';

export interface EvidenceEntry {
  id: string;
  kind: EvidenceKind;
  text: string;
  url?: string;
  contentType?: string;
  /** The runbook evidence-list item this entry covers, when known. */
  coversItem?: string;
  at: string;
  by: Actor;
}

export type DiagnosticTone = 'good' | 'warning' | 'attention' | 'default';

/** One live lookup's outcome, already in words (src/diagnostics writes it; the domain only keeps and shows it). */
export interface DiagnosticItem {
  /** Stable per lookup: 'service-health', 'message-trace', 'dns:<domain>'. */
  id: string;
  title: string;
  ok: boolean;
  /** One sentence: the result, or "not available: <reason>". */
  summary: string;
  tone: DiagnosticTone;
  /** Details: findings with their fixes, trace events; bounded by the handler. */
  lines: { text: string; tone: DiagnosticTone }[];
}

/** The live checks run for this incident: asked for at intake (or by Check again), recorded when they answer. */
export interface DiagnosticsState {
  requestId: string;
  /** 1 for the round started with the intake, then one more per Check again. */
  round?: number;
  requestedAt: string;
  requestedBy: Actor;
  status: 'checking' | 'done';
  /** What this round looks up, in words ("message trace", "Exchange Online health", "mail DNS"). */
  planned?: string[];
  completedAt?: string;
  items: DiagnosticItem[];
  /** Message trace delivery status (e.g. Failed) and the finding the runbook maps it to, if any. */
  trace?: { status: string; findingId?: string };
}

export interface Note {
  at: string;
  by: Actor;
  text: string;
}

export interface SummaryWarning {
  /** Stable id: `${field}:${kind}:${match}`. */
  id: string;
  field: string;
  kind: 'ipv4' | 'ipv6' | 'message-id' | 'email-address' | 'internal-host' | 'powershell' | 'guid';
  match: string;
}

export interface SummaryState {
  fields: Record<string, string>;
  warnings: SummaryWarning[];
  acknowledged: string[];
  post?: { status: 'posted' | 'failed'; at: string; where?: string; error?: string };
}

export interface Severity {
  id: string;
  label: string;
  reasons: string[];
}

/** change: an accepted command; refusal: a refused request (no change); reminder: a reminder claimed for sending. */
export type AuditKind = 'change' | 'refusal' | 'reminder';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: Actor;
  /** Absent on entries written before kinds were stored (schema version 1): read them with auditKind(). */
  kind?: AuditKind;
  what: string;
  detail?: string;
  prevHash: string;
  hash: string;
}

export interface Incident {
  id: string;
  runbookId: string;
  runbookRevised: string;
  /** Increments on every accepted change; cards carry it to detect stale clicks. */
  version: number;
  phase: Phase;
  /** When the incident entered its current phase (absent on documents written before it was kept). */
  phaseSince?: string;
  origin: Origin;
  openedAt: string;
  openedBy: Actor;
  owner: Actor;
  intake: Record<string, string>;
  severity?: Severity;
  triageStartedAt?: string;
  checklist: Record<string, Tick>;
  branchSteps: Record<string, Tick>;
  validation: Record<string, Tick>;
  commandResults: CommandResult[];
  diagnostics?: DiagnosticsState;
  finding?: FindingChoice;
  actions: Record<string, ActionState>;
  noRemediationReason?: string;
  approvals: Approval[];
  evidence: EvidenceEntry[];
  notes: Note[];
  summary: SummaryState;
  escalated?: { at: string; by: Actor; reason: string };
  closedAt?: string;
  cancelled?: { at: string; by: Actor; reason: string };
  audit: AuditEntry[];
  /** Reminders already sent (claimed by exactly one instance), by reminder id. */
  remindersSent?: string[];
  /** Idempotency keys of the latest accepted commands (bounded). */
  recentKeys: string[];
  /** Effects saved in the same write as the change that caused them; the deliverer marks each delivered (bounded). */
  outbox: OutboxEntry[];
}

/** An effect waiting to be sent, or sent. `id` is stable (incident id, audit seq, index) and is the delivery's idempotency key. */
export interface OutboxEntry {
  id: string;
  effect: Effect;
  at: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** A failed attempt's reason in words (no stack). */
  error?: string;
  /** When the last attempt started (a claimed entry is not taken by another instance until this is old). */
  triedAt?: string;
  deliveredAt?: string;
}
