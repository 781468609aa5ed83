import type { Phase } from './types';

// Rejections: typed reasons a command was refused. The incident is unchanged; a card shows the words.

export interface FieldProblem {
  fieldId?: string;
  message: string;
  /** The field id came from card data and is not one of the runbook's: the audit counts it, never names it. */
  unknown?: true;
}

export type Rejection =
  | { code: 'stale'; currentVersion: number }
  | { code: 'bad-version'; given: number; currentVersion: number }
  | { code: 'wrong-phase'; phase: Phase; action: string }
  | { code: 'invalid-input'; problems: FieldProblem[] }
  | { code: 'unknown-item'; what: string; id: string }
  | { code: 'incomplete'; what: string; missing: string[] }
  | { code: 'needs-evidence'; action: string }
  | { code: 'needs-approval'; action: string }
  | { code: 'awaiting-approval'; actions: string[] }
  | { code: 'not-approver' }
  | { code: 'self-approval' }
  | { code: 'already-decided'; approvalId: string; status: 'approved' | 'rejected'; by: string }
  | { code: 'unacknowledged-warnings'; warnings: string[] }
  | { code: 'not-open'; phase: Phase }
  | { code: 'diagnostics-unavailable' }
  | { code: 'diagnostics-running'; sinceSeconds: number }
  | { code: 'diagnostics-superseded'; requestId: string };

const phaseNames: Record<Phase, string> = {
  intake: 'intake',
  triage: 'triage (first 15 minutes)',
  decision: 'decision',
  investigation: 'investigation',
  remediation: 'remediation',
  validation: 'validation',
  evidence: 'evidence',
  summary: 'summary',
  closed: 'closed',
  cancelled: 'cancelled',
};

export function phaseName(phase: Phase): string {
  return phaseNames[phase];
}

const list = (items: string[]) => items.map((i) => `"${i}"`).join(', ');

/** The rejection in words, for a card or a chat reply. */
export function describeRejection(r: Rejection): string {
  switch (r.code) {
    case 'stale':
      // People do not know versions: the audit (refusals.ts) keeps the number.
      return 'This card is out of date: someone changed this incident after this card was shown. Here is the current card; please try again on it.';
    case 'bad-version':
      return `This card claims version ${r.given}, but the incident is at version ${r.currentVersion}. Nothing was changed.`;
    case 'wrong-phase':
      return `You can't ${r.action} while the incident is in ${phaseNames[r.phase]}.`;
    case 'invalid-input':
      return r.problems.map((p) => p.message).join(' ');
    case 'unknown-item':
      return `There is no ${r.what} "${r.id}" in this runbook.`;
    case 'incomplete':
      return `Finish ${r.what} first: ${list(r.missing)} ${r.missing.length === 1 ? 'is' : 'are'} still open.`;
    case 'needs-evidence':
      return `Capture evidence before intrusive remediation: add evidence or record a command result before "${r.action}".`;
    case 'needs-approval':
      return `"${r.action}" needs an approval first. Request approval and wait for an approver's decision.`;
    case 'awaiting-approval':
      return `Waiting for an approver's decision on ${list(r.actions)}.`;
    case 'not-approver':
      return 'Only a configured approver can approve or reject this request. Nothing was changed.';
    case 'self-approval':
      return 'You requested this approval, so you cannot decide it. Another approver must.';
    case 'already-decided':
      return `This request was already ${r.status} by ${r.by}. Nothing was changed.`;
    case 'unacknowledged-warnings':
      return `The summary may contain internal details: ${list(r.warnings)}. Edit them out or acknowledge each before posting.`;
    case 'not-open':
      return `This incident is ${phaseNames[r.phase]}; nothing more can be changed.`;
    case 'diagnostics-unavailable':
      return 'Live checks are not set up for this runbook or this installation: run the command starters by hand.';
    case 'diagnostics-running':
      return `The live checks are still running (started ${r.sinceSeconds} s ago); the card updates when they answer.`;
    case 'diagnostics-superseded':
      return `These check results (${r.requestId}) were replaced by a newer check.`;
  }
}
