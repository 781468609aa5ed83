import type { Effect } from '../incident/effects';

// What the answer says about the sendings it leaves to the deliverer: where they go, or why they cannot go.

export interface NoticeSettings {
  approversConversationId?: string;
  /** Live checks are set up (Graph or DNS). */
  diagnostics: boolean;
}

/** Notices in words for a decision's effects, known before anything is sent. */
export async function plannedNotices(
  effects: readonly Effect[],
  leads: { leadsChannel(): Promise<{ name?: string } | undefined> },
  settings: NoticeSettings,
): Promise<string[]> {
  const notices: string[] = [];
  const leadsChannel = effects.some((e) => e.kind === 'postSummary' || e.kind === 'postEscalation') ? await leads.leadsChannel() : undefined;
  const where = leadsChannel?.name ?? "the leads' channel";
  for (const effect of effects) {
    switch (effect.kind) {
      case 'requestApproval':
        if (!settings.approversConversationId)
          notices.push("No approvers' conversation is configured (APPROVERS_CONVERSATION_ID): approvers can decide on the card below.");
        break;
      case 'postSummary':
        notices.push(
          leadsChannel
            ? `Posting the summary to ${where}.`
            : 'The summary was not posted: no leads\' channel is set (type "set summary channel" in that channel, or set SUMMARY_CHANNEL_ID). It is kept; use Retry posting.',
        );
        break;
      case 'postEscalation':
        notices.push(
          leadsChannel
            ? `Posting the escalation to ${where}.`
            : 'Escalation not posted: no leads\' channel is set. Type "set summary channel" in the leads\' channel.',
        );
        break;
      case 'runDiagnostics':
        if (!settings.diagnostics) notices.push('Live checks are not set up in this installation: run the command starters by hand.');
        break;
      default:
        break;
    }
  }
  return notices;
}
