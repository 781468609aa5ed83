import { verifyAudit } from '../../src/incident/audit';
import type { Command, CommandBody, CommandMeta, CommandType } from '../../src/incident/commands';
import { decide, type DecideEnv, type Decision } from '../../src/incident/decide';
import type { Effect } from '../../src/incident/effects';
import { openIncident } from '../../src/incident/open';
import { branchItems, validationItems } from '../../src/incident/progress';
import type { Rejection } from '../../src/incident/rejections';
import type { Actor, Incident, Phase } from '../../src/incident/types';
import { phaseOrder } from '../../src/incident/types';
import { defaultRunbooksDir, loadRunbooks } from '../../src/runbook/loader';
import type { FieldType, IntakeField, Runbook } from '../../src/runbook/schema';

// Test builders for the pure engine: runbooks, people, commands with fresh keys, and incidents in every phase
// built through real commands. Every incident and runbook handed out is deep-frozen, so an engine that
// mutates its input throws instead of passing silently.

export const seedRunbookId = 'exchange-online-mail-flow-failure';
export const secondRunbookId = 'sharepoint-online-external-sharing-failure';

/** Recursively freezes plain data (objects and arrays); returns the same value. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

let runbooks: Runbook[] | undefined;

/** Every shipped runbook, loaded once from src/runbooks and frozen. */
export function allRunbooks(): Runbook[] {
  runbooks ??= deepFreeze(loadRunbooks(defaultRunbooksDir()));
  return runbooks;
}

const extraRunbooks = new Map<string, Runbook>();

/** Makes an imported runbook (the test corpus) known to runbookById, so the builders can drive incidents of it. */
export function registerRunbook(runbook: Runbook): void {
  extraRunbooks.set(runbook.id, deepFreeze(runbook));
}

export function runbookById(id: string): Runbook {
  const found = allRunbooks().find((r) => r.id === id) ?? extraRunbooks.get(id);
  if (!found) throw new Error(`no runbook "${id}" in ${defaultRunbooksDir()}`);
  return found;
}

/** Microsoft 365 Administration Runbook 04: Exchange Online mail flow failure. */
export const seedRunbook = (): Runbook => runbookById(seedRunbookId);

export const actors = {
  staff: { id: 'a1000000-0000-4000-8000-000000000001', name: 'Sam Staff' },
  staff2: { id: 'a1000000-0000-4000-8000-000000000002', name: 'Riley Responder' },
  approver1: { id: 'a2000000-0000-4000-8000-000000000001', name: 'Alex Approver' },
  approver2: { id: 'a2000000-0000-4000-8000-000000000002', name: 'Avery Approver' },
  outsider: { id: 'a5000000-0000-4000-8000-000000000005', name: 'Olive Outsider' },
} satisfies Record<string, Actor>;

export const approverIds: ReadonlySet<string> = new Set([actors.approver1.id, actors.approver2.id]);

export const t0 = new Date('2026-11-24T09:00:00.000Z');

export function env(overrides: Partial<DecideEnv> = {}): DecideEnv {
  return { now: t0, runbook: seedRunbook(), approverIds, ...overrides };
}

/** The env for the next command on this incident: its runbook, and a clock one minute after its last audit entry. */
export function envFor(incident: Incident, overrides: Partial<DecideEnv> = {}): DecideEnv {
  const last = incident.audit[incident.audit.length - 1];
  const now = new Date((last ? Date.parse(last.at) : t0.getTime()) + 60_000);
  return env({ now, runbook: runbookById(incident.runbookId), ...overrides });
}

let keySeq = 0;
/** A fresh idempotency key. */
export const nextKey = (prefix = 'key'): string => `${prefix}-${++keySeq}`;

export type BodyOf<T extends CommandType> = Omit<Extract<CommandBody, { type: T }>, 'type'>;
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** A command by staff with a fresh key and no version (as typed text); `meta` overrides actor, key or version. */
export function cmd<T extends CommandType>(type: T, body: BodyOf<T>, meta: Partial<CommandMeta> = {}): CommandOf<T> {
  return { actor: actors.staff, key: nextKey(type), ...meta, type, ...body } as unknown as CommandOf<T>;
}

/** The command as clicked on the incident's current card. */
export const onCard = <C extends Command>(incident: Incident, command: C): C => ({ ...command, version: incident.version });

let incidentSeq = 0;

/** A fresh incident in intake, opened by staff in a 1:1 chat. */
export function makeIncident(opts: { runbookId?: string; actor?: Actor; id?: string; now?: Date } = {}): Incident {
  const runbook = runbookById(opts.runbookId ?? seedRunbookId);
  const id = opts.id ?? `INC-20261124-${String(++incidentSeq).padStart(3, '0')}`;
  const { incident } = openIncident(
    {
      id,
      runbook,
      actor: opts.actor ?? actors.staff,
      origin: { conversationId: 'a:personal-sam', kind: 'personal', reference: { conversation: { id: 'a:personal-sam' } } },
      key: nextKey('open'),
    },
    opts.now ?? t0,
  );
  return deepFreeze(incident);
}

/** deep-frozen input, decide, and a check that a rejection returned the very same, unchanged incident. */
export function decideOn(incident: Incident, command: Command, e: DecideEnv = envFor(incident)): Decision {
  deepFreeze(incident);
  const before = structuredClone(incident);
  const decision = decide(incident, command, e);
  expect(incident).toEqual(before);
  if (!decision.ok) expect(decision.incident).toBe(incident);
  return decision;
}

/** Applies one command that must be accepted (not a duplicate): version +1, one more audit entry, chain intact. */
export function accept(incident: Incident, command: Command, e: DecideEnv = envFor(incident)): { incident: Incident; effects: Effect[] } {
  const decision = decideOn(incident, command, e);
  if (!decision.ok) throw new Error(`${command.type} was rejected in ${incident.phase}: ${JSON.stringify(decision.rejection)}`);
  if (decision.duplicate) throw new Error(`${command.type} was treated as a duplicate (key ${command.key})`);
  expect(decision.incident.version).toBe(incident.version + 1);
  expect(decision.incident.audit).toHaveLength(incident.audit.length + 1);
  expect(decision.incident.audit.slice(0, -1)).toEqual(incident.audit);
  expect(verifyAudit(decision.incident.audit)).toEqual({ ok: true, entries: decision.incident.audit.length });
  return { incident: deepFreeze(decision.incident), effects: decision.effects };
}

/** Applies one command that must be rejected; returns the typed reason. The incident is unchanged. */
export function refuse(incident: Incident, command: Command, e: DecideEnv = envFor(incident)): Rejection {
  const decision = decideOn(incident, command, e);
  if (decision.ok) throw new Error(`${command.type} was accepted in ${incident.phase}, expected a rejection`);
  return decision.rejection;
}

/** A command, or one built from the incident as it stands (e.g. deciding the latest approval). */
export type Step = Command | ((incident: Incident) => Command);

/** Applies the steps in order, each on the current card version unless it names one; fails loudly on any rejection. */
export function drive(incident: Incident, ...steps: Step[]): Incident {
  return driveWith({}, incident, ...steps);
}

export function driveWith(overrides: Partial<DecideEnv>, incident: Incident, ...steps: Step[]): Incident {
  let current = deepFreeze(incident);
  for (const step of steps) {
    const command = typeof step === 'function' ? step(current) : step;
    const stamped = command.version === undefined ? onCard(current, command) : command;
    current = accept(current, stamped, envFor(current, overrides)).incident;
  }
  return current;
}

/** Kinds of effects, in order. */
export const kinds = (effects: Effect[]): Effect['kind'][] => effects.map((e) => e.kind);

/** A valid value for an intake field, by its type. */
export function sampleValue(field: IntakeField): string {
  const byType: Record<FieldType, string> = {
    email: `${field.id.toLowerCase()}@contoso.com`,
    datetime: '2026-11-24T08:30',
    timezone: 'Europe/Berlin',
    text: field.id.toLowerCase().includes('url') ? 'https://contoso.sharepoint.com/sites/sales' : `Sales team (${field.label})`,
    multiline: `${field.label}:\nfirst line\nsecond line`,
    'message-id': '<abc123@contoso.com>',
    ndr: 'Remote Server returned 550 5.7.1 Delivery not authorized, message refused',
    guid: '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0',
    domain: 'contoso.com',
    url: 'https://contoso.sharepoint.com/sites/sales',
    choice: field.choices?.[0].value ?? '',
    'yes-no': 'no',
  };
  return byType[field.type];
}

/** The whole intake form filled by field type (intake-stage fields only), with overrides. Grades to the fallback severity. */
export function intakeValues(runbook: Runbook, overrides: Record<string, string> = {}): Record<string, string> {
  const values = Object.fromEntries(runbook.intake.filter((f) => f.stage === 'intake').map((f) => [f.id, sampleValue(f)]));
  return { ...values, ...overrides };
}

export interface PathOptions {
  /** Intake overrides. */
  intake?: Record<string, string>;
  /** The finding to choose; default the first whose branch has an action needing approval. */
  findingId?: string;
  /** The remediation action to carry out; null for none (continue with a reason). Default: the branch's first gated action. */
  actionId?: string | null;
}

/** The finding chosen by default: the first whose branch has an action that needs approval, else the first. */
export function defaultFinding(runbook: Runbook) {
  const gated = (id: string) => runbook.remediation.find((a) => a.id === id)?.approval.required;
  return runbook.decisions.find((d) => d.branch.actions.some(gated)) ?? runbook.decisions[0];
}

function defaultAction(runbook: Runbook, incident: Incident): string | null {
  const finding = runbook.decisions.find((d) => d.id === incident.finding?.findingId);
  const ids = finding?.branch.actions ?? [];
  return ids.find((id) => runbook.remediation.find((a) => a.id === id)?.approval.required) ?? ids[0] ?? null;
}

/** Steps that carry out one remediation action: approval by approver1 if needed, then done. */
export function actionSteps(runbook: Runbook, actionId: string): Step[] {
  const action = runbook.remediation.find((a) => a.id === actionId);
  if (!action) throw new Error(`no remediation action "${actionId}" in ${runbook.id}`);
  const approval: Step[] = action.approval.required
    ? [
        cmd('requestApproval', { actionId, reason: `Change needed: ${action.text}` }),
        (i) =>
          cmd('decideApproval', { approvalId: i.approvals[i.approvals.length - 1].id, decision: 'approve', comment: 'CAB-1234' }, { actor: actors.approver1 }),
      ]
    : [];
  return [...approval, cmd('markActionDone', { actionId, note: 'Done as the runbook says.' })];
}

/** The ordinary moves that finish the incident's current phase and enter the next. */
export function finishPhase(incident: Incident, opts: PathOptions = {}): Incident {
  const runbook = runbookById(incident.runbookId);
  switch (incident.phase) {
    case 'intake':
      return drive(incident, cmd('submitIntake', { values: intakeValues(runbook, opts.intake) }));
    case 'triage':
      return drive(incident, ...runbook.firstFifteen.map((i) => cmd('tick', { list: 'checklist', itemId: i.id, done: true })), cmd('continue', {}));
    case 'decision': {
      const finding = runbook.decisions.find((d) => d.id === (opts.findingId ?? defaultFinding(runbook).id));
      if (!finding) throw new Error(`no finding "${opts.findingId}" in ${runbook.id}`);
      const ndrText = finding.ndr && !incident.intake.ndrText ? '550 5.7.1 Delivery not authorized' : undefined;
      return drive(incident, cmd('chooseFinding', { findingId: finding.id, ...(ndrText ? { ndrText } : {}) }));
    }
    case 'investigation':
      return drive(incident, ...branchItems(runbook, incident).map((i) => cmd('tick', { list: 'branch', itemId: i.id, done: true })), cmd('continue', {}));
    case 'remediation': {
      const actionId = opts.actionId === undefined ? defaultAction(runbook, incident) : opts.actionId;
      const starter = runbook.commands[0];
      const evidence: Step = starter
        ? cmd('recordResult', { starterId: starter.id, output: 'Status: Failed (before the change)' })
        : cmd('addEvidence', { kind: 'text', text: 'Error seen before the change.' });
      const work =
        actionId === null ? [cmd('continue', { reason: 'The cause was outside our tenant.' })] : [...actionSteps(runbook, actionId), cmd('continue', {})];
      return drive(incident, evidence, ...work);
    }
    case 'validation':
      return drive(incident, ...validationItems(runbook).map((i) => cmd('tick', { list: 'validation', itemId: i.id, done: true })), cmd('continue', {}));
    case 'evidence':
      return drive(
        incident,
        cmd('addEvidence', { kind: 'link', text: 'Before/after export', url: 'https://contoso.sharepoint.com/ev/1', coversItem: runbook.evidence[0].id }),
        cmd('continue', {}),
      );
    case 'summary': {
      const empty = runbook.summary.filter((f) => !incident.summary.fields[f.id]?.trim());
      let next = drive(incident, cmd('editSummary', { fields: Object.fromEntries(empty.map((f) => [f.id, `We added monitoring (${f.label}).`])) }));
      const pending = next.summary.warnings.filter((w) => !next.summary.acknowledged.includes(w.id)).map((w) => w.id);
      if (pending.length) next = drive(next, cmd('acknowledgeWarnings', { warningIds: pending }));
      return drive(next, cmd('close', {}));
    }
    case 'closed':
    case 'cancelled':
      throw new Error(`the incident is ${incident.phase}; no phase follows`);
  }
}

const built = new Map<string, Incident>();

/** A realistic incident in the given phase, built from a fresh one through real commands (memoised: incidents are frozen). */
export function incidentAt(phase: Phase, opts: PathOptions & { runbookId?: string } = {}): Incident {
  const cacheKey = JSON.stringify([phase, opts]);
  const cached = built.get(cacheKey);
  if (cached) return cached;
  const incident = buildAt(phase, opts);
  built.set(cacheKey, incident);
  return incident;
}

function buildAt(phase: Phase, opts: PathOptions & { runbookId?: string }): Incident {
  let incident = makeIncident({ runbookId: opts.runbookId });
  if (phase === 'cancelled') return drive(incident, cmd('cancel', { reason: 'Duplicate of INC-20261124-001' }));
  const target = phaseOrder.indexOf(phase);
  while (phaseOrder.indexOf(incident.phase) < target) incident = finishPhase(incident, opts);
  if (incident.phase !== phase) throw new Error(`wanted ${phase}, reached ${incident.phase}`);
  return incident;
}

/** The open phases, in order. */
export const openPhases = phaseOrder.filter((p) => p !== 'closed');
