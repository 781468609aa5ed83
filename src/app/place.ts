import type { Origin } from '../incident/types';

// Where a request comes from, compared with where the incident is run. Pure.

/** The conversation an id belongs to: a channel thread ("<channel>;messageid=<id>") counts as its channel. */
const conversationOf = (id: string | undefined) => (id ?? '').split(';messageid=')[0];

/** True when the conversation is the incident's own, where its staff work (any thread of its channel). */
export function inIncidentConversation(conversationId: string | undefined, origin: Origin): boolean {
  const here = conversationOf(conversationId);
  return here !== '' && here === conversationOf(origin.conversationId);
}

/** The refusal for someone acting on an incident from another conversation, in words (it names nothing of the incident). */
export function outsideConversationWords(incidentId: string): string {
  return `${incidentId} is worked on in another conversation: only people in that conversation can view or change it (approvers decide on the approval card). Nothing was changed.`;
}
