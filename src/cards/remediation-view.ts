import { limits } from '../incident/handlers/change';
import type { ActionState, Approval, Incident } from '../incident/types';
import type { RemediationAction } from '../runbook/schema';
import { execute } from './actions';
import { byAt } from './format';
import { suggestedActionIds } from './investigation-view';
import type { ViewContext } from './view-context';
import { verbs } from './verbs';

// Remediation: every runbook action with its badges, status and what can be done next (request approval, mark done).

export function remediationView(ctx: ViewContext) {
  const { incident, runbook, clip } = ctx;
  const suggested = suggestedActionIds(ctx);
  const ordered = [...runbook.remediation].sort((a, b) => Number(suggested.includes(b.id)) - Number(suggested.includes(a.id)));
  return {
    actions: ordered.map((action) => actionView(ctx, action, suggested.includes(action.id))),
    principles: runbook.principles.map((p) => ({ text: `• ${clip(p.text, 300)}` })),
    hasPrinciples: runbook.principles.length > 0,
    reasonMax: limits.reason,
    proceed: execute(incident, verbs.continue, 'validation'),
  };
}

function actionView(ctx: ViewContext, action: RemediationAction, suggested: boolean) {
  const { incident, runbook, clip } = ctx;
  const state: ActionState = incident.actions[action.id] ?? { status: 'open' };
  const approval = incident.approvals.find((a) => a.id === state.approvalId);
  const gated = action.approval.required;
  const canRequest = gated && (state.status === 'open' || state.status === 'rejected');
  const canFinish = state.status !== 'done' && (gated ? state.status === 'approved' : true);
  const evidenceFirst = runbook.principles.some((p) => p.guard === 'evidence-before-intrusive');
  const badges = [action.intrusive ? 'Intrusive' : '', action.approval.required ? `Needs approval: ${clip(action.approval.reason, 300)}` : ''].filter(Boolean);
  const { text: status, color } = statusOf(ctx, state, approval);
  return {
    text: clip(action.text, 300),
    style: suggested ? 'accent' : 'emphasis',
    suggested,
    badges: badges.join(' · '),
    hasBadges: badges.length > 0,
    status,
    statusColor: color,
    canRequest,
    reasonId: `reason_${action.id}`,
    reasonLabel: state.status === 'rejected' ? 'Reason for asking again' : 'Why is this change needed?',
    request: {
      title: state.status === 'rejected' ? 'Request approval again' : 'Request approval',
      ...execute(incident, verbs.requestApproval, action.id, { actionId: action.id }),
    },
    canFinish,
    noteId: `note_${action.id}`,
    noteMax: limits.note,
    done: { title: 'Mark done', ...execute(incident, verbs.markDone, action.id, { actionId: action.id }) },
    // Same rule as the engine's guard: an approval record is not evidence captured before the change.
    needsEvidence: canFinish && action.intrusive && evidenceFirst && !incident.evidence.some((e) => e.kind !== 'approval'),
  };
}

function statusOf({ clip, incident }: ViewContext, state: ActionState, approval: Approval | undefined): { text: string; color: string } {
  switch (state.status) {
    case 'open':
      return { text: 'Open', color: 'default' };
    case 'awaiting-approval':
      return {
        text: approval
          ? `Waiting for approver: ${whereSent(incident, approval)}; requested by ${byAt(clip, approval.requestedBy, approval.requestedAt)}: ${clip(approval.reason, 300)}`
          : `Waiting for approver: ${whereSent(incident, undefined)}`,
        color: 'accent',
      };
    case 'rejected':
      return {
        text: `Rejected${approval?.decidedBy ? ` by ${byAt(clip, approval.decidedBy, approval.decidedAt ?? '')}` : ''}: ${clip(state.rejectedReason ?? approval?.comment ?? 'no reason given', 300)}`,
        color: 'attention',
      };
    case 'approved':
      return {
        text: `Approved${approval?.decidedBy ? ` by ${byAt(clip, approval.decidedBy, approval.decidedAt ?? '')}` : ''}${approval?.comment ? `: ${clip(approval.comment, 300)}` : ''}`,
        color: 'good',
      };
    case 'done':
      return {
        text: `Done${state.doneBy ? ` by ${byAt(clip, state.doneBy, state.doneAt ?? '')}` : ''}${state.note ? `: ${clip(state.note, 300)}` : ''}`,
        color: 'good',
      };
  }
}

/**
 * Where the request went, from the outbox entry that sends the approval card (to the approvers' chat and this
 * conversation): "sent to the approvers' chat" unless an attempt failed (the card's delivery notice says why).
 */
function whereSent(incident: Incident, approval: Approval | undefined): string {
  const entry = approval ? (incident.outbox ?? []).find((e) => e.effect.kind === 'requestApproval' && e.effect.approvalId === approval.id) : undefined;
  if (entry?.state === 'failed') return "the request could not be delivered to the approvers' chat";
  if (entry?.state === 'pending' && entry.error) return "the request is not yet delivered to the approvers' chat (trying again)";
  return "request sent to the approvers' chat";
}
