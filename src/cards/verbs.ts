// Card action verbs: the contract between the card templates (cards/*.json) and src/teams/action-parsing.
// Every Action.Execute carries data { incidentId, version, actionKey, ...below }; inputs arrive merged into data.
// Not "key": the Adaptive Cards JS renderer (Agents Playground) reserves data.key and throws on click when it is set.

export const verbs = {
  /** data { runbookId } (no incidentId: opens a new incident) */
  pickRunbook: 'runbook.pick',
  /** inputs f_<fieldId> for every intake field */
  submitIntake: 'intake.submit',
  /** inputs f_<fieldId>: answers given at intake, corrected later (refused while an approval is pending) */
  correctIntake: 'intake.correct',
  /** Shows the intake form again, to correct it (a view: changes nothing). */
  editIntake: 'intake.edit',
  /** data { list: 'checklist' | 'branch' | 'validation', itemId, done: boolean, notApplicable?: true }; N/A: input naReason */
  tick: 'item.tick',
  /** inputs starterId, output, and f_<fieldId> for triage-stage fields (e.g. f_messageTraceId) */
  recordResult: 'result.record',
  /** input reason (remediation: why no action was needed) */
  continue: 'phase.continue',
  /** data { findingId }, input ndrText */
  chooseFinding: 'finding.choose',
  /** data { actionId }, input reason_<actionId> */
  requestApproval: 'approval.request',
  /** data { actionId }, input note_<actionId> */
  markDone: 'action.done',
  /** data { approvalId, decision: 'approve' | 'reject' }, input comment */
  decideApproval: 'approval.decide',
  /** inputs evidenceText, evidenceUrl, coversItem */
  addEvidence: 'evidence.add',
  /** inputs s_<summaryFieldId> */
  saveSummary: 'summary.save',
  /** input ack: comma-separated warning ids (Input.ChoiceSet isMultiSelect) */
  acknowledge: 'summary.acknowledge',
  close: 'incident.close',
  retryPost: 'summary.retry',
  /** input cancelReason */
  cancel: 'incident.cancel',
  escalate: 'incident.escalate',
  /** posts the evidence pack (Markdown) in the conversation */
  exportPack: 'incident.export',
  /** runs the live checks again (message trace, service health, DNS) */
  runDiagnostics: 'diagnostics.run',
  /** shows the current card */
  show: 'incident.show',
  /** the handover card's button; inputs person (people picker: Entra object id), known (id of someone the incident names), email (email / UPN, or a name) */
  handoverPick: 'handover.pick',
} as const;

export type Verb = (typeof verbs)[keyof typeof verbs];

/** Deterministic idempotency key for an action rendered on a card: a double-sent click repeats it. */
export function actionKey(incidentId: string, version: number, verb: string, target = ''): string {
  return `${incidentId}:${version}:${verb}${target ? `:${target}` : ''}`;
}
