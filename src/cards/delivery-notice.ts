import { troubledEntries } from '../incident/outbox';
import type { Effect } from '../incident/effects';
import type { Incident } from '../incident/types';
import type { Notice } from './types';

// What has not reached its place yet (an outbox entry that failed), said on the incident card. Pure.

const what: Record<Effect['kind'], string> = {
  showIncident: 'the card update',
  requestApproval: 'the approval request',
  updateApproval: 'the update of the approval cards',
  postSummary: 'the summary',
  postEscalation: "the escalation to the leads' channel",
  notify: 'a notification',
  remind: 'a reminder',
  runDiagnostics: 'the start of the live checks',
};

/** The card's notice with a line per troubled sending appended; the summary says its own (it has a Retry button). */
export function withDeliveryNotice(incident: Incident, notice: Notice | undefined): Notice | undefined {
  const lines = troubledEntries(incident)
    .filter((e) => e.effect.kind !== 'postSummary')
    .map(
      (e) =>
        `${e.state === 'failed' ? 'Not delivered' : 'Not delivered yet'}: ${what[e.effect.kind]} (${e.error}).${e.state === 'failed' ? ' It is not tried again: check that the bot is still in that chat or channel.' : ' It is tried again.'}`,
    );
  if (lines.length === 0) return notice;
  return { text: [notice?.text, ...lines].filter(Boolean).join(' '), tone: 'attention' };
}
