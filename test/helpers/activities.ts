import type { Activity } from 'botbuilder';
import { conversations, type Person, people } from './teams-fakes';

// Builders for incoming activities: typed messages and adaptiveCard/action invokes.

let counter = 1;
const nextId = () => `act-${counter++}`;

type Conversation = { id: string; conversationType: string; isGroup?: boolean };

export function makeMessage(
  text: string,
  from: Person = people.staff,
  conversation: Conversation = conversations.personal,
  extra: Partial<Activity> = {},
): Partial<Activity> {
  return {
    type: 'message',
    id: nextId(),
    text,
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    conversation: { ...conversation, name: '', isGroup: conversation.isGroup ?? false },
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:1/',
    ...extra,
  };
}

export function makeInvoke(
  verb: string,
  data: Record<string, unknown>,
  from: Person = people.staff,
  conversation: Conversation = conversations.personal,
  replyToId = 'card-1',
): Partial<Activity> {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: nextId(),
    replyToId,
    value: { action: { type: 'Action.Execute', verb, data } },
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    conversation: { ...conversation, name: '', isGroup: conversation.isGroup ?? false },
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:1/',
  };
}

/** The mail-flow runbook's intake as a card submits it (f_<fieldId> inputs); `overrides` change single answers. */
export function mailFlowIntake(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    f_affectedUsers: 'Finance',
    f_scope: 'single-user',
    f_startedAt: '2026-11-24T08:30',
    f_timeZone: 'UTC',
    f_sender: 'a@contoso.com',
    f_recipient: 'b@fabrikam.com',
    f_regulatedData: 'no',
    f_highPriorityUser: 'no',
    ...overrides,
  };
}
