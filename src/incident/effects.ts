// Effects: what the Teams layer must carry out after a decision. Data only; src/teams runs them.

export type Effect =
  /** Show the incident card where the command came from (the invoke answer, or a reply). */
  | { kind: 'showIncident' }
  /** Send an approval card to the approvers' conversation and show it in the incident conversation. */
  | { kind: 'requestApproval'; approvalId: string }
  /** Replace the approval cards in place with their decided state. */
  | { kind: 'updateApproval'; approvalId: string }
  /** Post the customer summary card to the leads' channel, then report back with recordSummaryPost. */
  | { kind: 'postSummary' }
  /** Post an escalation card to the leads' channel at once. */
  | { kind: 'postEscalation'; reason: string }
  /** Run the live checks (message trace, service health, DNS) after answering, then report with recordDiagnostics. */
  | { kind: 'runDiagnostics'; requestId: string }
  /** A short message in words in the incident conversation. */
  | { kind: 'notify'; text: string };
