import type { Incident } from '../incident/types';
import type { Runbook } from '../runbook/schema';
import { limits } from '../incident/handlers/change';
import { execute } from './actions';
import { fitToBudget } from './card-size';
import { clipper } from './escape';
import { byAt, formatTime, severityWithReasons } from './format';
import { noticeView } from './incident-frame';
import { expand } from './templates';
import type { AdaptiveCard, Notice } from './types';
import { verbs } from './verbs';

// The approvers' card: what is asked, why it needs approval, who asked; Approve / Reject until it is decided.

/** Pure: the approval card for one request of the incident, pending (buttons) or decided (the decision in words). */
export function renderApprovalCard(incident: Incident, runbook: Runbook, approvalId: string, now: Date, notice?: Notice): AdaptiveCard {
  return fitToBudget((scale) => {
    const clip = clipper(scale);
    const approval = incident.approvals.find((a) => a.id === approvalId);
    const action = runbook.remediation.find((a) => a.id === approval?.actionId);
    const open = incident.phase !== 'closed' && incident.phase !== 'cancelled';
    const pending = approval?.status === 'pending' && open;
    const decision = (value: 'approve' | 'reject') => execute(incident, verbs.decideApproval, `${approvalId}:${value}`, { approvalId, decision: value });
    return expand('approval', {
      notice: noticeView(clip, notice),
      title: `${titleWord(incident, approval, open)} · ${clip(incident.id, 60)}`,
      context: `${clip(runbook.title, 200)} · ${severityWithReasons(clip, incident.severity)}`,
      found: approval !== undefined,
      missing: `There is no approval request ${clip(approvalId, 80)} on ${clip(incident.id, 60)}.`,
      action: clip(action?.text ?? approval?.actionId, 300),
      why: action?.approval.required ? clip(action.approval.reason, 300) : 'The runbook asks for an approval.',
      intrusive: action?.intrusive === true,
      hasApprover: action?.approval.required === true && action.approval.approver !== undefined,
      approver: action?.approval.required
        ? `The runbook says who approves: ${clip(action.approval.approver, 120)}. Approve only if that is you or you act for them.`
        : '',
      reason: clip(approval?.reason, 500),
      requested: approval ? `Requested by ${byAt(clip, approval.requestedBy, approval.requestedAt)}` : '',
      pending,
      commentMax: limits.reason,
      approve: decision('approve'),
      reject: decision('reject'),
      decided: open ? decidedView(clip, approval) : voidView(clip, incident, approval),
      asOf: `As of ${formatTime(now.toISOString())}`,
    });
  });
}

/** The card's title by the request's status: "Approval needed" only while a decision is wanted. */
function titleWord(incident: Incident, approval: Incident['approvals'][number] | undefined, open: boolean): string {
  if (!approval) return 'Approval request';
  if (approval.status === 'approved') return 'Approved';
  if (approval.status === 'rejected') return 'Rejected';
  if (open) return 'Approval needed';
  // Pending when the incident ended: nobody decides it any more.
  return incident.cancelled ? 'Cancelled' : 'Withdrawn';
}

/** A request still pending when its incident ended: void, shown in words, no buttons. */
function voidView(clip: ReturnType<typeof clipper>, incident: Incident, approval: Incident['approvals'][number] | undefined) {
  if (approval?.status !== 'pending') return decidedView(clip, approval);
  const how = incident.cancelled ? `cancelled by ${byAt(clip, incident.cancelled.by, incident.cancelled.at)}` : 'closed';
  return { shown: true, text: `No decision needed: the incident was ${how}.`, color: 'default' };
}

function decidedView(clip: ReturnType<typeof clipper>, approval: Incident['approvals'][number] | undefined) {
  if (!approval || approval.status === 'pending' || !approval.decidedBy) return { shown: false, text: '', color: 'default' };
  const who = byAt(clip, approval.decidedBy, approval.decidedAt ?? '');
  const comment = approval.comment ? `: ${clip(approval.comment, 500)}` : '';
  return approval.status === 'approved'
    ? { shown: true, text: `Approved by ${who}${comment}`, color: 'good' }
    : { shown: true, text: `Rejected by ${who}${comment}`, color: 'attention' };
}
