import type { Approval, Incident } from '../types';
import { type Handler, limits, reject, requireText, tooLong } from './change';

// Remediation: approvals for the risky actions, and marking actions done under the runbook's guards.

function actionOf(incident: Incident, actionId: string) {
  return incident.actions[actionId] ?? { status: 'open' as const };
}

/** Asks approvers for an action that needs approval; a rejected action may be asked again. */
export const requestApproval: Handler<'requestApproval'> = (incident, cmd, env, at) => {
  if (incident.phase !== 'remediation') return reject({ code: 'wrong-phase', phase: incident.phase, action: 'request an approval' });
  const action = env.runbook.remediation.find((a) => a.id === cmd.actionId);
  if (!action) return reject({ code: 'unknown-item', what: 'remediation action', id: cmd.actionId });
  if (!action.approval.required) {
    return reject({ code: 'invalid-input', problems: [{ message: `"${action.text}" does not need an approval; mark it done when finished.` }] });
  }
  const state = actionOf(incident, action.id);
  if (state.status === 'awaiting-approval') return reject({ code: 'awaiting-approval', actions: [action.text] });
  if (state.status === 'approved' || state.status === 'done') {
    return reject({ code: 'invalid-input', problems: [{ message: `"${action.text}" is already ${state.status}.` }] });
  }
  const problem = requireText('The reason for the request', cmd.reason, limits.reason);
  if (problem) return reject({ code: 'invalid-input', problems: [problem] });
  const approval: Approval = {
    id: `${incident.id}-A${incident.approvals.length + 1}`,
    actionId: action.id,
    reason: cmd.reason.trim(),
    requestedBy: cmd.actor,
    requestedAt: at,
    status: 'pending',
  };
  return {
    incident: {
      ...incident,
      approvals: [...incident.approvals, approval],
      actions: { ...incident.actions, [action.id]: { status: 'awaiting-approval', approvalId: approval.id } },
    },
    effects: [{ kind: 'showIncident' }, { kind: 'requestApproval', approvalId: approval.id }],
    what: `requested approval for "${action.text}"`,
    detail: approval.reason,
  };
};

/** An authorized approver, not the requester, decides a pending request once. */
export const decideApproval: Handler<'decideApproval'> = (incident, cmd, env, at) => {
  const approval = incident.approvals.find((a) => a.id === cmd.approvalId);
  if (!approval) return reject({ code: 'unknown-item', what: 'approval request', id: cmd.approvalId });
  if (approval.status !== 'pending') {
    return reject({ code: 'already-decided', approvalId: approval.id, status: approval.status, by: approval.decidedBy?.name ?? 'an approver' });
  }
  if (!env.approverIds.has(cmd.actor.id)) return reject({ code: 'not-approver' });
  if (approval.requestedBy.id === cmd.actor.id) return reject({ code: 'self-approval' });
  const problem =
    cmd.decision === 'reject' ? requireText('The reason for the rejection', cmd.comment, limits.reason) : tooLong('The comment', cmd.comment, limits.reason);
  if (problem) return reject({ code: 'invalid-input', problems: [problem] });
  const approved = cmd.decision === 'approve';
  const comment = cmd.comment?.trim() || undefined;
  const decided: Approval = {
    ...approval,
    status: approved ? 'approved' : 'rejected',
    decidedBy: cmd.actor,
    decidedAt: at,
    ...(comment ? { comment } : {}),
  };
  const action = env.runbook.remediation.find((a) => a.id === approval.actionId);
  const actionText = action?.text ?? approval.actionId;
  const approvalItem = env.runbook.evidence.find((e) => /approval/i.test(e.text));
  const record = {
    id: `E${incident.evidence.length + 1}`,
    kind: 'approval' as const,
    text: `${approved ? 'Approved' : 'Rejected'} by ${cmd.actor.name} at ${at.slice(0, 10)} ${at.slice(11, 16)} UTC: "${actionText}" (requested by ${approval.requestedBy.name}: ${approval.reason})${comment ? `. Comment: ${comment}` : ''}`,
    at,
    by: cmd.actor,
    ...(approvalItem ? { coversItem: approvalItem.id } : {}),
  };
  return {
    incident: {
      ...incident,
      approvals: incident.approvals.map((a) => (a.id === approval.id ? decided : a)),
      actions: {
        ...incident.actions,
        [approval.actionId]: approved
          ? { status: 'approved', approvalId: approval.id }
          : { status: 'rejected', approvalId: approval.id, rejectedReason: comment },
      },
      evidence: [...incident.evidence, record],
    },
    effects: [
      { kind: 'updateApproval', approvalId: approval.id },
      { kind: 'showIncident' },
      { kind: 'notify', text: `${cmd.actor.name} ${approved ? 'approved' : 'rejected'} "${actionText}"${comment ? `: ${comment}` : '.'}` },
    ],
    what: `${approved ? 'approved' : 'rejected'} "${actionText}"`,
    detail: comment,
  };
};

/** Marks an action done: intrusive ones need evidence first, gated ones an approval. */
export const markActionDone: Handler<'markActionDone'> = (incident, cmd, env, at) => {
  if (incident.phase !== 'remediation') return reject({ code: 'wrong-phase', phase: incident.phase, action: 'mark a remediation action done' });
  const action = env.runbook.remediation.find((a) => a.id === cmd.actionId);
  if (!action) return reject({ code: 'unknown-item', what: 'remediation action', id: cmd.actionId });
  const state = actionOf(incident, action.id);
  if (state.status === 'done') return reject({ code: 'invalid-input', problems: [{ message: `"${action.text}" is already done.` }] });
  if (action.approval.required && state.status !== 'approved') {
    return state.status === 'awaiting-approval'
      ? reject({ code: 'awaiting-approval', actions: [action.text] })
      : reject({ code: 'needs-approval', action: action.text });
  }
  // An approval record documents the decision, not the failure, and the bot's own lookups are not what a person
  // captured of the failing state: neither counts as evidence captured before the change.
  const evidenceFirst = env.runbook.principles.some((p) => p.guard === 'evidence-before-intrusive');
  const captured = incident.evidence.some((e) => e.kind !== 'approval' && e.kind !== 'lookup');
  if (action.intrusive && evidenceFirst && !captured) return reject({ code: 'needs-evidence', action: action.text });
  const problem = tooLong('The note', cmd.note, limits.note);
  if (problem) return reject({ code: 'invalid-input', problems: [problem] });
  // A change is evidence only with what it changed: an intrusive or approved action is done with its before/after note.
  if ((action.intrusive || action.approval.required) && !cmd.note?.trim()) {
    return reject({
      code: 'invalid-input',
      problems: [
        {
          fieldId: `note_${action.id}`,
          message: `Say what was changed in "${action.text}", before and after (e.g. "rule X: enabled -> disabled"); a change is marked done with its before/after note.`,
        },
      ],
    });
  }
  return {
    incident: {
      ...incident,
      actions: { ...incident.actions, [action.id]: { ...state, status: 'done', doneBy: cmd.actor, doneAt: at, ...(cmd.note ? { note: cmd.note } : {}) } },
    },
    effects: [{ kind: 'showIncident' }],
    what: `marked "${action.text}" done`,
    detail: cmd.note,
  };
};
