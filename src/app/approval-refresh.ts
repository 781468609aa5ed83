import { verbs } from '../cards/verbs';
import type { CardJson } from './outbound';

// The user-specific approval view for real Teams: the shared card has no buttons; approvers' clients refresh
// it (refresh.userIds, at most 60) and get the buttons. The server still decides every click.

export const refreshVerb = 'approval.refresh';
const maxRefreshUsers = 60;

function withoutDecisionActions(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.filter((n) => !(n && typeof n === 'object' && (n as { verb?: string }).verb === verbs.decideApproval)).map(withoutDecisionActions);
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withoutDecisionActions(v)]));
  }
  return node;
}

/** The shared view: decision buttons removed, a refresh that approvers' clients fire. Undefined when no user id is known. */
export function sharedApprovalView(card: CardJson, data: { incidentId: string; approvalId: string }, approverUserIds: string[]): CardJson | undefined {
  const userIds = [...new Set(approverUserIds)].slice(0, maxRefreshUsers);
  if (userIds.length === 0) return undefined;
  return {
    ...(withoutDecisionActions(card) as CardJson),
    refresh: { action: { type: 'Action.Execute', verb: refreshVerb, data: { ...data, actionKey: `refresh:${data.approvalId}`, version: 0 } }, userIds },
  };
}
