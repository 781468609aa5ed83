// What the application sends, without botbuilder: activities as plain JSON, references as opaque data.
// src/teams/transport.ts implements Transport over a TurnContext and the CloudAdapter.

export type CardJson = Record<string, unknown>;

/** A conversation reference as the Teams layer stored it; only its conversation id is read here. */
export interface ConversationRef {
  conversation?: { id?: string; tenantId?: string; isGroup?: boolean; conversationType?: string; name?: string };
  /** Per-activity parts (the click's id, who clicked, their locale): not part of where a card is. */
  activityId?: string;
  user?: unknown;
  locale?: string;
  bot?: unknown;
  channelId?: string;
  serviceUrl?: string;
}

export interface PostedActivity {
  reference: ConversationRef;
  activityId: string;
}

/** A message activity: text, or one Adaptive Card (the Bot Framework's wire shape). */
export interface OutboundActivity {
  type: 'message';
  text?: string;
  attachments?: { contentType: string; content: unknown }[];
  summary?: string;
}

/** The narrow sender the deliverer and the pipeline use; built per turn, or outside a turn for a stored reference. */
export interface Transport {
  readonly conversationId: string;
  /** Where the current activity came from, as a reference for later sends. */
  currentReference(): ConversationRef;
  /** A reference to another conversation reachable through the same service URL and tenant. */
  referenceTo(conversationId: string, kind: 'groupChat' | 'channel' | 'personal'): ConversationRef;
  reply(activity: OutboundActivity): Promise<PostedActivity>;
  send(reference: ConversationRef, activity: OutboundActivity): Promise<PostedActivity>;
  update(posted: PostedActivity, activity: OutboundActivity): Promise<void>;
  /** Starts a new thread in a Teams channel. */
  postToChannel(channelId: string, activity: OutboundActivity): Promise<PostedActivity>;
}

export function cardActivity(card: CardJson, summary?: string): OutboundActivity {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }], ...(summary ? { summary } : {}) };
}

export function textActivity(text: string): OutboundActivity {
  return { type: 'message', text };
}
