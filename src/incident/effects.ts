// Effects: what must be carried out after a decision. Data only; every one but showIncident is saved in the
// incident's outbox (src/incident/outbox.ts) in the same write, and src/app/deliverer.ts sends it after the answer.

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
  | { kind: 'notify'; text: string }
  /** A reminder claimed by the sweep: to the incident's conversation or the approvers'. */
  | { kind: 'remind'; reminderId: string; target: 'incident' | 'approvers'; text: string };
