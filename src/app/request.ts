import type { CommandBody } from '../incident/commands';
import type { Actor, Origin } from '../incident/types';
import type { CardJson, OutboundActivity } from './outbound';

// A request: an activity after the Teams edge parsed it (src/teams/activity-request.ts). Identity and place are the
// server's view of the activity, never card data. The pipeline (src/app/pipeline.ts) answers every request.

export interface Sender {
  /** The activity's id: what makes a redelivery repeat its idempotency keys. */
  activityId?: string;
  actor: Actor;
  /** The conversation the request came from, as the place a new incident would be run in. */
  origin: Origin;
  /** The message the clicked card is (for in-place updates of the incident card). */
  replyToId?: string;
  channel: { teamId?: string; channelId?: string; channelName?: string };
}

export type Ask =
  | { kind: 'invalid'; message: string; incidentId?: string }
  /** A picker button (runbookId, with the picker's own key) or a typed start (hint). */
  | { kind: 'open'; runbookId?: string; hint?: string; key?: string }
  /** A command on an incident; typed ones name no incident (the only one open here) and carry no card version. `typed`: the card's inputs as sent. */
  | { kind: 'command'; incidentId?: string; body: CommandBody; key?: string; version?: number; typed?: Record<string, string> }
  /** handover typed without an @mention of who takes over. */
  | { kind: 'handoverWhom'; incidentId?: string }
  /** The handover card's button: who was chosen on it (not resolved to a person yet), with the card's inputs as sent. */
  | { kind: 'handoverPick'; incidentId: string; version: number; key: string; who: PickedPerson; typed: Record<string, string> }
  /** `form: 'intake'`: the intake form again, to correct it. */
  | { kind: 'view'; incidentId?: string; form?: 'intake' }
  | { kind: 'export'; incidentId: string }
  | { kind: 'viewApproval'; incidentId: string; approvalId: string }
  | { kind: 'attachments'; items: { name: string; url: string; contentType: string }[] }
  | { kind: 'help' }
  | { kind: 'unknown'; text: string }
  | { kind: 'setSummaryChannel' };

/** Who was chosen on the handover card: an id (picker: Entra object id; list), an email / UPN, a typed name, nobody, or values that name nobody (`words` say why, `input` is the one they are about). */
export type PickedPerson =
  | { kind: 'id'; id: string }
  | { kind: 'email'; email: string }
  | { kind: 'name'; name: string }
  | { kind: 'none' }
  | { kind: 'unreadable'; input: string; words: string };

/** Finds a person in the conversation's roster by Entra object id or email / UPN; undefined when not found or not possible here. */
export type PeopleLookup = (who: { id: string } | { email: string }) => Promise<Actor | undefined>;

export interface Request {
  /** A card click answers with a card in place of the clicked one; a typed message with replies. */
  via: 'card' | 'message';
  from: Sender;
  ask: Ask;
  /** The conversation's roster (Teams), where the conversation has one to ask (channels, group chats). */
  people?: PeopleLookup;
}

/** A reply in the request's conversation; `incidentCardOf` marks the incident card to update in place later. */
export interface Reply {
  activity: OutboundActivity;
  incidentCardOf?: string;
}

/** The answer: for a click, the card that replaces it (and replies, e.g. the evidence pack); for a message, replies. */
export interface Answer {
  card?: CardJson;
  replies: Reply[];
}
