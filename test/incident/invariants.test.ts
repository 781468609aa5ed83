import fc from 'fast-check';
import { verifyAudit } from '../../src/incident/audit';
import type { Command, CommandBody } from '../../src/incident/commands';
import { decide, type DecideEnv } from '../../src/incident/decide';
import { branchItems, isSettled, validationItems } from '../../src/incident/progress';
import { describeRejection, type Rejection } from '../../src/incident/rejections';
import type { Actor, Incident, Phase } from '../../src/incident/types';
import { phaseOrder } from '../../src/incident/types';
import type { Runbook } from '../../src/runbook/schema';
import { actors, approverIds, deepFreeze, intakeValues, makeIncident, seedRunbook, t0 } from '../helpers/incident-builders';

// Property: random command sequences over the seed runbook, from random people (approvers, approvers who asked,
// outsiders) on random card versions (current, stale, future, none) with fresh and repeated keys. The engine's
// invariants hold after every step.

const people: Actor[] = [actors.staff, actors.staff2, actors.approver1, actors.approver2, actors.outsider];

const families = [
  'progress',
  'submitIntake',
  'tick',
  'recordResult',
  'continue',
  'chooseFinding',
  'requestApproval',
  'decideApproval',
  'markActionDone',
  'addEvidence',
  'editSummary',
  'acknowledgeWarnings',
  'close',
  'recordSummaryPost',
  'retrySummaryPost',
  'cancel',
  'escalate',
  'handover',
  'addNote',
] as const;
type Family = (typeof families)[number];

interface Intent {
  family: Family;
  actor: number;
  version: 'current' | 'stale' | 'future' | 'none';
  by: number;
  repeatKey: boolean;
  pick: number;
  pick2: number;
  flag: boolean;
}

const familyArb: fc.Arbitrary<Family> = fc.oneof(
  { arbitrary: fc.constant('progress' as const), weight: 300 },
  { arbitrary: fc.constant('cancel' as const), weight: 1 },
  { arbitrary: fc.constantFrom(...families.filter((f) => f !== 'progress' && f !== 'cancel')), weight: 120 },
);

const intentArb: fc.Arbitrary<Intent> = fc.record({
  family: familyArb,
  actor: fc.nat(people.length - 1),
  version: fc.oneof(
    { arbitrary: fc.constant('current' as const), weight: 12 },
    { arbitrary: fc.constantFrom('stale' as const, 'future' as const, 'none' as const), weight: 3 },
  ),
  by: fc.integer({ min: 1, max: 3 }),
  repeatKey: fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }),
  pick: fc.nat(99),
  pick2: fc.nat(99),
  flag: fc.boolean(),
});

const texts = ['Checked the trace.', '', '   ', 'Host 10.0.0.1 via exch01.corp.local', 'x'.repeat(2100), 'Customer informed.'];
const at = <T>(list: readonly T[], n: number): T => list[n % list.length];

/** The body for an intent in the incident's current state: plausible, sometimes wrong on purpose. */
function bodyFor(intent: Intent, i: Incident, rb: Runbook): { body: CommandBody; actor?: Actor } {
  const { pick, pick2, flag } = intent;
  const actionIds = [...rb.remediation.map((a) => a.id), 'reboot-exchange'];
  const listOf = (n: number) => at(['checklist', 'branch', 'validation'] as const, n);
  const itemsOf = (list: 'checklist' | 'branch' | 'validation') =>
    list === 'checklist' ? rb.firstFifteen : list === 'branch' ? branchItems(rb, i) : validationItems(rb);
  switch (intent.family) {
    case 'progress':
      return progress(intent, i, rb);
    case 'submitIntake': {
      const variants: Record<string, string>[] = [
        intakeValues(rb),
        intakeValues(rb, { scope: 'tenant' }),
        intakeValues(rb, { scope: 'department' }),
        { sender: 'bob@' },
        { messageTraceId: '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0' },
        { scope: 'single-user' },
        {},
      ];
      return { body: { type: 'submitIntake', values: at(variants, pick) } };
    }
    case 'tick': {
      const list = listOf(pick);
      const items = itemsOf(list);
      const itemId = pick2 % 7 === 0 || items.length === 0 ? 'no-such-item' : at(items, pick2).id;
      // Every fifth tick is an N/A: with a reason from texts (some blank), else a tick or untick with an optional note.
      if (pick % 5 === 1) return { body: { type: 'tick', list, itemId, done: flag && pick2 % 4 === 0, notApplicable: true, note: at(texts, pick2) } };
      return { body: { type: 'tick', list, itemId, done: flag || pick2 % 3 !== 0, ...(pick % 4 === 0 ? { note: at(texts, pick2) } : {}) } };
    }
    case 'recordResult':
      return { body: { type: 'recordResult', starterId: pick % 6 === 0 ? 'nope' : at(rb.commands, pick).id, output: at(texts, pick2) } };
    case 'continue':
      return { body: { type: 'continue', ...(flag ? { reason: at(texts, pick) } : {}) } };
    case 'chooseFinding':
      return {
        body: {
          type: 'chooseFinding',
          findingId: pick % 6 === 0 ? 'gremlins' : at(rb.decisions, pick).id,
          ...(flag ? { ndrText: '550 5.1.1 not found' } : {}),
        },
      };
    case 'requestApproval':
      return { body: { type: 'requestApproval', actionId: at(actionIds, pick), reason: at(texts, pick2) } };
    case 'decideApproval': {
      const approvalId = i.approvals.length && pick % 8 !== 0 ? at(i.approvals, pick).id : `${i.id}-A9`;
      return { body: { type: 'decideApproval', approvalId, decision: flag ? 'approve' : 'reject', ...(pick2 % 3 ? { comment: at(texts, pick2) } : {}) } };
    }
    case 'markActionDone':
      return { body: { type: 'markActionDone', actionId: at(actionIds, pick), ...(flag ? { note: at(texts, pick2) } : {}) } };
    case 'addEvidence': {
      const kind = at(['text', 'link', 'attachment'] as const, pick);
      const url = at(['https://contoso.sharepoint.com/e/1', 'http://insecure', undefined], pick2);
      return {
        body: {
          type: 'addEvidence',
          kind,
          text: at(texts, pick2),
          ...(url ? { url } : {}),
          ...(flag ? { coversItem: at([...rb.evidence.map((e) => e.id), 'selfie'], pick) } : {}),
        },
      };
    }
    case 'editSummary': {
      const fieldIds = [...rb.summary.map((f) => f.id), 'apology'];
      const fields = flag
        ? Object.fromEntries(rb.summary.map((f) => [f.id, i.summary.fields[f.id] || `Staff wrote ${f.label}.`]))
        : { [at(fieldIds, pick)]: at(texts, pick2) };
      return { body: { type: 'editSummary', fields } };
    }
    case 'acknowledgeWarnings': {
      const ids = i.summary.warnings.map((w) => w.id);
      return { body: { type: 'acknowledgeWarnings', warningIds: flag ? ids : pick % 2 ? ['bogus:ipv4:1.2.3.4'] : ids.slice(0, 1) } };
    }
    case 'close':
      return { body: { type: 'close' } };
    case 'recordSummaryPost':
      return { body: { type: 'recordSummaryPost', ok: flag, ...(flag ? { where: 'Leads' } : { error: '403' }) } };
    case 'retrySummaryPost':
      return { body: { type: 'retrySummaryPost' } };
    case 'cancel':
      return { body: { type: 'cancel', reason: at(['Duplicate', '', 'Raised in error'], pick) } };
    case 'escalate':
      return { body: { type: 'escalate', ...(flag ? { reason: at(texts, pick) } : {}) } };
    case 'handover':
      return { body: { type: 'handover', to: at(people, pick) } };
    case 'addNote':
      return { body: { type: 'addNote', text: at(texts, pick) } };
  }
}

/** The next sensible step for the phase, so that sequences get deep into the path. */
function progress(intent: Intent, i: Incident, rb: Runbook): { body: CommandBody; actor?: Actor } {
  const { pick, pick2 } = intent;
  const firstOpen = (items: { id: string }[], ticks: Record<string, { done: boolean }>) => items.find((it) => !ticks[it.id]?.done);
  switch (i.phase) {
    case 'intake':
      return { body: { type: 'submitIntake', values: intakeValues(rb, pick % 5 === 0 ? { scope: 'tenant' } : {}) } };
    case 'triage': {
      const open = firstOpen(rb.firstFifteen, i.checklist);
      return { body: open ? { type: 'tick', list: 'checklist', itemId: open.id, done: true } : { type: 'continue' } };
    }
    case 'decision':
      return { body: { type: 'chooseFinding', findingId: at(rb.decisions, pick).id } };
    case 'investigation': {
      const open = firstOpen(branchItems(rb, i), i.branchSteps);
      return { body: open ? { type: 'tick', list: 'branch', itemId: open.id, done: true } : { type: 'continue' } };
    }
    case 'remediation': {
      const pending = i.approvals.find((a) => a.status === 'pending');
      if (pending) {
        // Mostly an approver who did not ask; sometimes the requester themselves, or anyone (staff, an outsider).
        const others = [actors.approver1, actors.approver2].filter((p) => p.id !== pending.requestedBy.id);
        const decider = pick2 % 6 === 0 ? pending.requestedBy : pick2 % 6 === 1 ? at(people, intent.actor) : at(others, pick2);
        return { actor: decider, body: { type: 'decideApproval', approvalId: pending.id, decision: pick2 % 4 ? 'approve' : 'reject', comment: 'Reviewed.' } };
      }
      const done = Object.values(i.actions).some((a) => a.status === 'done');
      const branch = rb.decisions.find((d) => d.id === i.finding?.findingId)?.branch.actions ?? [];
      if (done || branch.length === 0 || pick % 7 === 0) return { body: { type: 'continue', reason: 'Workaround in place.' } };
      // Now and then, try the action straight away: the guards (approval, evidence) must hold the line.
      if (pick % 5 === 1) return { body: { type: 'markActionDone', actionId: at(branch, pick2) } };
      if (!i.evidence.some((e) => e.kind !== 'approval') && pick % 3 !== 0) {
        return { body: { type: 'recordResult', starterId: at(rb.commands, pick2).id, output: 'Status: Failed' } };
      }
      const actionId = at(branch, pick2);
      const action = rb.remediation.find((a) => a.id === actionId);
      const status = i.actions[actionId]?.status ?? 'open';
      if (action?.approval.required && status !== 'approved') return { body: { type: 'requestApproval', actionId, reason: 'Restore mail flow.' } };
      return { body: { type: 'markActionDone', actionId } };
    }
    case 'validation': {
      const open = firstOpen(validationItems(rb), i.validation);
      return { body: open ? { type: 'tick', list: 'validation', itemId: open.id, done: true } : { type: 'continue' } };
    }
    case 'evidence':
      return { body: i.evidence.length && pick % 2 ? { type: 'continue' } : { type: 'addEvidence', kind: 'text', text: 'Trace after the fix.' } };
    case 'summary': {
      if (rb.summary.some((f) => !i.summary.fields[f.id]?.trim())) {
        return { body: { type: 'editSummary', fields: Object.fromEntries(rb.summary.map((f) => [f.id, i.summary.fields[f.id] || 'Written by staff.'])) } };
      }
      const pendingWarnings = i.summary.warnings.filter((w) => !i.summary.acknowledged.includes(w.id)).map((w) => w.id);
      return { body: pendingWarnings.length ? { type: 'acknowledgeWarnings', warningIds: pendingWarnings } : { type: 'close' } };
    }
    case 'closed':
    case 'cancelled':
      return { body: { type: 'recordSummaryPost', ok: true, where: 'Leads' } };
  }
}

const rank = (p: Phase) => phaseOrder.indexOf(p);
const isOpenPhase = (p: Phase) => p !== 'closed' && p !== 'cancelled';

/** Checks every invariant of one step; throws (via expect) on the first broken one. */
function checkStep(
  prev: Incident,
  next: Incident,
  command: Command,
  outcome: 'accepted' | 'duplicate' | Rejection,
  accepted: number,
  rb: Runbook,
  e: DecideEnv,
) {
  if (outcome !== 'accepted') {
    expect(next).toBe(prev);
    if (outcome === 'duplicate') expect(prev.recentKeys).toContain(command.key);
    else expect(describeRejection(outcome).length).toBeGreaterThan(0);
  } else {
    expect(next.version).toBe(prev.version + 1);
    expect(prev.recentKeys).not.toContain(command.key);
  }

  // Phase moves only forward along phaseOrder, or to cancelled from an open phase; closed and cancelled are final.
  if (!isOpenPhase(prev.phase)) expect(next.phase).toBe(prev.phase);
  else if (next.phase !== 'cancelled') expect(rank(next.phase)).toBeGreaterThanOrEqual(rank(prev.phase));

  // Approvals: only appended; a decided approval never changes; decided by an authorized approver who did not ask.
  expect(next.approvals.length).toBeGreaterThanOrEqual(prev.approvals.length);
  prev.approvals.forEach((a, n) => {
    expect(next.approvals[n]).toMatchObject({ id: a.id, actionId: a.actionId, requestedBy: a.requestedBy });
    if (a.status !== 'pending') expect(next.approvals[n]).toEqual(a);
  });
  const decidedNow = next.approvals.filter((a, n) => a.status !== 'pending' && prev.approvals[n]?.status !== a.status);
  expect(decidedNow.length).toBeLessThanOrEqual(1);
  for (const a of next.approvals) {
    if (a.status === 'pending') continue;
    expect(a.decidedBy?.id).not.toBe(a.requestedBy.id);
    expect(e.approverIds.has(a.decidedBy?.id ?? '')).toBe(true);
  }

  // Actions: done only after approval (when needed) and evidence (when intrusive); done stays done.
  for (const action of rb.remediation) {
    const before = prev.actions[action.id];
    const after = next.actions[action.id];
    if (before?.status === 'done') expect(after).toEqual(before);
    if (after?.status !== 'done') continue;
    if (action.approval.required) {
      expect(next.approvals.find((a) => a.id === after.approvalId)?.status).toBe('approved');
    }
    if (before?.status !== 'done') {
      if (action.approval.required) expect(before?.status).toBe('approved');
      if (action.intrusive) expect(prev.evidence.some((ev) => ev.kind !== 'approval')).toBe(true);
    }
  }

  // A tick is done or not applicable, never both; not applicable always says why.
  for (const ticks of [next.checklist, next.branchSteps, next.validation]) {
    for (const t of Object.values(ticks)) {
      if (t.notApplicable) {
        expect(t.done).toBe(false);
        expect(t.note?.trim()).toBeTruthy();
      }
    }
  }

  // Closed only when validated (or the item marked not applicable), every summary field filled and every warning acknowledged.
  if (next.phase === 'closed') {
    expect(validationItems(rb).every((v) => isSettled(next.validation[v.id]))).toBe(true);
    expect(rb.summary.every((f) => next.summary.fields[f.id]?.trim())).toBe(true);
    expect(next.summary.warnings.every((w) => next.summary.acknowledged.includes(w.id))).toBe(true);
  }

  // The audit chain verifies and has one entry per accepted command, plus the opening.
  expect(verifyAudit(next.audit)).toEqual({ ok: true, entries: accepted + 1 });
  expect(next.version).toBe(next.audit.length);
}

describe('engine invariants over random command sequences (seed runbook)', () => {
  it('hold after every step', () => {
    const rb = seedRunbook();
    const phasesSeen = new Set<Phase>();
    const codesSeen = new Set<string>();
    let duplicates = 0;

    fc.assert(
      fc.property(fc.array(intentArb, { minLength: 1, maxLength: 80, size: 'max' }), (intents) => {
        let incident = makeIncident();
        let accepted = 0;
        const usedKeys: string[] = [incident.recentKeys[0]];
        intents.forEach((intent, n) => {
          const { body, actor } = bodyFor(intent, incident, rb);
          const version =
            intent.version === 'current'
              ? incident.version
              : intent.version === 'stale'
                ? Math.max(1, incident.version - intent.by)
                : intent.version === 'future'
                  ? incident.version + intent.by
                  : undefined;
          const key = intent.repeatKey ? at(usedKeys, intent.pick) : `k${n}`;
          usedKeys.push(key);
          const command = { ...body, actor: actor ?? at(people, intent.actor), key, ...(version !== undefined ? { version } : {}) } as Command;
          const e: DecideEnv = { now: new Date(t0.getTime() + (n + 1) * 60_000), runbook: rb, approverIds };
          const prev = deepFreeze(incident);
          const decision = decide(prev, command, e);
          const outcome = !decision.ok ? decision.rejection : decision.duplicate ? 'duplicate' : 'accepted';
          if (outcome === 'accepted') accepted++;
          if (outcome === 'duplicate') duplicates++;
          if (typeof outcome === 'object') codesSeen.add(outcome.code);
          checkStep(prev, decision.incident, command, outcome, accepted, rb, e);
          incident = decision.incident;
          phasesSeen.add(incident.phase);
        });
      }),
      { numRuns: 200 },
    );

    // The generator is only as good as what it reaches: every phase and the guards' refusals.
    expect([...phasesSeen].sort()).toEqual([...phaseOrder, 'cancelled'].sort());
    for (const code of [
      'stale',
      'bad-version',
      'wrong-phase',
      'invalid-input',
      'not-approver',
      'self-approval',
      'already-decided',
      'needs-approval',
      'needs-evidence',
      'incomplete',
      'not-open',
    ]) {
      expect({ code, seen: codesSeen.has(code) }).toEqual({ code, seen: true });
    }
    expect(duplicates).toBeGreaterThan(0);
  });
});
