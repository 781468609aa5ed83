import { renderIncidentCard } from '../../src/cards';
import { decide } from '../../src/incident/decide';
import { branchItems, validationItems } from '../../src/incident/progress';
import type { Incident, Phase } from '../../src/incident/types';
import { phaseOrder } from '../../src/incident/types';
import type { Runbook } from '../../src/runbook/schema';
import { corpus } from '../helpers/corpus';
import { actors, allRunbooks, cmd, envFor, makeIncident, onCard, registerRunbook, type Step } from '../helpers/incident-builders';

// A graph walk over every reachable phase: from a fresh incident, breadth-first, applying every command family
// that applies (each finding, each branch action with and without approval, no action, cancel). Every open
// phase must offer a way forward, and every phase must be reached.

interface Move {
  label: string;
  steps: Step[];
}

const lastApprovalId = (i: Incident) => i.approvals[i.approvals.length - 1].id;

/** The command families that apply in the incident's phase; each should be accepted as a whole. */
function movesFrom(incident: Incident, rb: Runbook): Move[] {
  const tickAll = (list: 'checklist' | 'branch' | 'validation', ids: string[]) => ids.map((itemId) => cmd('tick', { list, itemId, done: true }));
  const cancel: Move = { label: 'cancel', steps: [cmd('cancel', { reason: 'Raised in error' })] };
  const moves: Move[] = [];
  switch (incident.phase) {
    case 'intake': {
      const form = Object.fromEntries(rb.intake.filter((f) => f.stage === 'intake').map((f) => [f.id, sample(f.type, f.choices?.[0].value)]));
      moves.push({ label: 'submit the intake (fallback severity)', steps: [cmd('submitIntake', { values: form })] });
      const top = rb.severity.levels[0].when[0];
      moves.push({ label: 'submit the intake (Sev 1)', steps: [cmd('submitIntake', { values: { ...form, [top.field]: top.in[0] } })] });
      break;
    }
    case 'triage':
      moves.push({
        label: 'finish the first 15 minutes',
        steps: [
          ...tickAll(
            'checklist',
            rb.firstFifteen.map((i) => i.id),
          ),
          cmd('continue', {}),
        ],
      });
      break;
    case 'decision':
      for (const finding of rb.decisions) {
        moves.push({
          label: `choose "${finding.id}"`,
          steps: [cmd('chooseFinding', { findingId: finding.id, ...(finding.ndr ? { ndrText: '550 5.7.1 Delivery not authorized' } : {}) })],
        });
      }
      break;
    case 'investigation':
      moves.push({
        label: 'finish the branch',
        steps: [
          ...tickAll(
            'branch',
            branchItems(rb, incident).map((i) => i.id),
          ),
          cmd('continue', {}),
        ],
      });
      break;
    case 'remediation': {
      const finding = rb.decisions.find((d) => d.id === incident.finding?.findingId);
      const evidence = cmd('addEvidence', { kind: 'text', text: 'State before the change' });
      for (const actionId of finding?.branch.actions ?? []) {
        const action = rb.remediation.find((a) => a.id === actionId);
        if (action?.approval.required) {
          const ask = cmd('requestApproval', { actionId, reason: 'Needed to restore service' });
          moves.push({
            label: `approved "${actionId}"`,
            steps: [
              ask,
              (i) => cmd('decideApproval', { approvalId: lastApprovalId(i), decision: 'approve' }, { actor: actors.approver1 }),
              evidence,
              cmd('markActionDone', { actionId, note: 'before: on; after: off' }),
              cmd('continue', {}),
            ],
          });
          moves.push({
            label: `rejected "${actionId}", no action`,
            steps: [
              ask,
              (i) => cmd('decideApproval', { approvalId: lastApprovalId(i), decision: 'reject', comment: 'Too risky' }, { actor: actors.approver2 }),
              cmd('continue', { reason: 'Approval refused; workaround in place.' }),
            ],
          });
        } else {
          moves.push({
            label: `do "${actionId}"`,
            steps: [evidence, cmd('markActionDone', { actionId, note: 'before: on; after: off' }), cmd('continue', {})],
          });
        }
      }
      moves.push({ label: 'no action needed', steps: [cmd('continue', { reason: 'Resolved by the partner.' })] });
      break;
    }
    case 'validation':
      moves.push({
        label: 'validate',
        steps: [
          ...tickAll(
            'validation',
            validationItems(rb).map((i) => i.id),
          ),
          cmd('continue', {}),
        ],
      });
      break;
    case 'evidence':
      moves.push({
        label: 'attach evidence',
        steps: [cmd('addEvidence', { kind: 'link', text: 'Export', url: 'https://contoso.sharepoint.com/e/1' }), cmd('continue', {})],
      });
      break;
    case 'summary': {
      const fields = Object.fromEntries(rb.summary.map((f) => [f.id, incident.summary.fields[f.id] || `Written by staff: ${f.label}.`]));
      const ackAll = (i: Incident) => cmd('acknowledgeWarnings', { warningIds: i.summary.warnings.map((w) => w.id) });
      // A draft may itself carry a warning (a runbook whose findings name internal details): acknowledged like a person would.
      const ackPending = (i: Incident) =>
        cmd('acknowledgeWarnings', { warningIds: i.summary.warnings.filter((w) => !i.summary.acknowledged.includes(w.id)).map((w) => w.id) });
      moves.push({
        label: 'complete and close',
        steps: [cmd('editSummary', { fields }), ...(needsAck(incident, fields) ? [ackPending] : []), cmd('close', {})],
      });
      moves.push({
        label: 'acknowledge a warning and close',
        steps: [cmd('editSummary', { fields: { ...fields, rootCause: 'Relay 10.0.0.1 refused mail.' } }), ackAll, cmd('close', {})],
      });
      break;
    }
    case 'closed':
    case 'cancelled':
      return [];
  }
  return [...moves, cancel];
}

/** True when the completed summary still carries a warning nobody acknowledged. */
function needsAck(incident: Incident, fields: Record<string, string>): boolean {
  const decision = decide(incident, onCard(incident, cmd('editSummary', { fields })), envFor(incident));
  return decision.ok && decision.incident.summary.warnings.some((w) => !decision.incident.summary.acknowledged.includes(w.id));
}

function sample(type: string, choice?: string): string {
  const values: Record<string, string> = {
    email: 'user@contoso.com',
    datetime: '2026-11-24T08:30',
    timezone: 'UTC',
    text: 'Sales team',
    multiline: 'a\nb',
    'message-id': '<a@contoso.com>',
    ndr: '550 5.1.1 not found',
    guid: '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0',
    domain: 'contoso.com',
    'yes-no': 'no',
    url: 'https://contoso.sharepoint.com/sites/sales',
  };
  return type === 'choice' ? (choice ?? '') : values[type];
}

/** Applies a move's steps; the incident it reaches, or the first rejection. */
function play(incident: Incident, move: Move): { incident: Incident } | { rejected: string } {
  let current = incident;
  for (const step of move.steps) {
    const command = typeof step === 'function' ? step(current) : step;
    const decision = decide(current, onCard(current, command), envFor(current));
    if (!decision.ok) return { rejected: `${command.type}: ${decision.rejection.code}` };
    current = decision.incident;
  }
  return { incident: current };
}

const signature = (i: Incident) =>
  [
    i.phase,
    i.finding?.findingId ?? '',
    Object.entries(i.actions)
      .map(([id, a]) => `${id}=${a.status}`)
      .sort()
      .join(','),
    i.noRemediationReason ? 'no-action' : '',
  ].join('|');

interface Walk {
  reached: Map<Phase, Incident>;
  forward: Map<string, string[]>;
  rejectedMoves: string[];
  doneActions: Set<string>;
  findings: Set<string>;
  nodes: number;
  anytimeProblems: string[];
}

/** Commands possible in every open phase that must not move the guided path. */
const anytime: Move[] = [
  { label: 'add a note', steps: [cmd('addNote', { text: 'Checked in with the user.' })] },
  { label: 'add evidence', steps: [cmd('addEvidence', { kind: 'text', text: 'Screenshot described' })] },
  { label: 'hand over', steps: [cmd('handover', { to: actors.staff2 })] },
];

function walk(rb: Runbook): Walk {
  const start = makeIncident({ runbookId: rb.id });
  const seen = new Set([signature(start)]);
  const queue = [start];
  const result: Walk = {
    reached: new Map([[start.phase, start]]),
    forward: new Map(),
    rejectedMoves: [],
    doneActions: new Set(),
    findings: new Set(),
    nodes: 0,
    anytimeProblems: [],
  };
  while (queue.length) {
    const incident = queue.shift() as Incident;
    result.nodes++;
    const key = signature(incident);
    result.forward.set(key, []);
    if (incident.phase !== 'closed' && incident.phase !== 'cancelled') {
      for (const move of anytime) {
        const outcome = play(incident, move);
        const phase = 'incident' in outcome ? outcome.incident.phase : undefined;
        if (phase !== incident.phase) result.anytimeProblems.push(`${key}: ${move.label} -> ${'rejected' in outcome ? outcome.rejected : phase}`);
      }
    }
    for (const move of movesFrom(incident, rb)) {
      const outcome = play(incident, move);
      if ('rejected' in outcome) {
        result.rejectedMoves.push(`${key}: ${move.label} (${outcome.rejected})`);
        continue;
      }
      const next = outcome.incident;
      if (next.phase === 'cancelled' || phaseOrder.indexOf(next.phase) > phaseOrder.indexOf(incident.phase)) result.forward.get(key)?.push(move.label);
      if (!result.reached.has(next.phase)) result.reached.set(next.phase, next);
      if (next.finding) result.findings.add(next.finding.findingId);
      for (const [id, a] of Object.entries(next.actions)) if (a.status === 'done') result.doneActions.add(id);
      const nextKey = signature(next);
      if (!seen.has(nextKey)) {
        seen.add(nextKey);
        queue.push(next);
      }
    }
  }
  return result;
}

/** The shipped runbooks and every runbook of the import corpus (documents the importer was not written for). */
const walked = [...allRunbooks(), ...corpus().map((c) => c.runbook)];
corpus().forEach((c) => registerRunbook(c.runbook));

describe.each(walked.map((rb) => [rb.id, rb] as const))('walk over %s', (_id, rb) => {
  const result = walk(rb);

  it('every command family that applies is accepted', () => {
    expect(result.rejectedMoves).toEqual([]);
  });

  it('notes, evidence and handover are accepted in every open state and keep the phase', () => {
    expect(result.anytimeProblems).toEqual([]);
  });

  it('every phase is reached, cancelled included', () => {
    expect([...result.reached.keys()].sort()).toEqual([...phaseOrder, 'cancelled'].sort());
  });

  it('no open phase is a dead end: each state offers a move forward (not only cancel)', () => {
    const stuck = [...result.forward].filter(([key, labels]) => !/^(closed|cancelled)\|/.test(key) && labels.filter((l) => l !== 'cancel').length === 0);
    expect(stuck).toEqual([]);
    expect(result.nodes).toBeGreaterThan(phaseOrder.length);
  });

  it('every finding and every branch action is reachable', () => {
    expect([...result.findings].sort()).toEqual(rb.decisions.map((d) => d.id).sort());
    const branchActions = new Set(rb.decisions.flatMap((d) => d.branch.actions));
    expect([...result.doneActions].sort()).toEqual([...branchActions].sort());
  });

  it('every phase renders an incident card', () => {
    for (const [phase, incident] of result.reached) {
      const card = renderIncidentCard(incident, rb, envFor(incident).now);
      expect({ phase, type: card.type }).toEqual({ phase, type: 'AdaptiveCard' });
      expect(JSON.stringify(card).length).toBeLessThan(28 * 1024);
    }
  });
});
