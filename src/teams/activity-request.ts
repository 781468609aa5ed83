import { type Activity, TeamsInfo, type TurnContext } from 'botbuilder';
import type { Actor } from '../incident/types';
import type { Ask, PeopleLookup, Request, Sender } from '../app/request';
import { parseCardAction } from './action-parsing';
import { parseTextCommand } from './text-commands';
import { actorOf, chatAttachments, mentionedUsers, originOf, teamsChannelOf, typedText } from './turn-facts';

// The Teams edge: an activity becomes a Request once, here (card data through zod in action-parsing.ts, typed text
// through text-commands.ts). Identity and place come from the activity the Bot Connector signed, never from card data.

function senderOf(activity: Activity): Sender {
  const channel = teamsChannelOf(activity);
  return {
    ...(typeof activity.id === 'string' && activity.id ? { activityId: activity.id } : {}),
    actor: actorOf(activity),
    origin: originOf(activity),
    ...(typeof activity.replyToId === 'string' && activity.replyToId ? { replyToId: activity.replyToId } : {}),
    channel: { teamId: channel.teamId, channelId: channel.channelId, channelName: channel.channelName },
  };
}

/**
 * An adaptiveCard/action invoke as a request. With the turn's `context`, a click in a channel or group chat can look
 * people up in the conversation's roster (the handover card); without it, or in a personal chat, it cannot.
 */
export function cardRequest(activity: Activity, context?: TurnContext): Request {
  const parsed = parseCardAction(activity.value);
  const ask: Ask = (() => {
    switch (parsed.kind) {
      case 'pick':
        return { kind: 'open', runbookId: parsed.runbookId, ...(parsed.key ? { key: parsed.key } : {}) } as const;
      case 'command':
        return { kind: 'command', incidentId: parsed.incidentId, body: parsed.body, key: parsed.key, version: parsed.version, typed: parsed.typed } as const;
      case 'show':
        return { kind: 'view', incidentId: parsed.incidentId, ...(parsed.form ? { form: parsed.form } : {}) } as const;
      case 'export':
        return { kind: 'export', incidentId: parsed.incidentId } as const;
      case 'refreshApproval':
        return { kind: 'viewApproval', incidentId: parsed.incidentId, approvalId: parsed.approvalId } as const;
      case 'handoverPick':
        return { kind: 'handoverPick', incidentId: parsed.incidentId, version: parsed.version, key: parsed.key, who: parsed.who, typed: parsed.typed } as const;
      case 'invalid':
        return { kind: 'invalid', message: parsed.message, ...(parsed.incidentId ? { incidentId: parsed.incidentId } : {}) } as const;
    }
  })();
  const from = senderOf(activity);
  const people = context && parsed.kind === 'handoverPick' && from.origin.kind !== 'personal' ? rosterLookup(context) : undefined;
  return { via: 'card', from, ask, ...(people ? { people } : {}) };
}

/** A typed message (or chat attachments) as a request; a handover's @mention is resolved to the person's Entra id. */
export async function messageRequest(context: TurnContext): Promise<Request> {
  const activity = context.activity;
  const from = senderOf(activity);
  const attachments = chatAttachments(activity);
  const text = typedText(activity);
  if (attachments.length && !text) return { via: 'message', from, ask: { kind: 'attachments', items: attachments } };
  const command = parseTextCommand(text);
  const scoped = 'incidentId' in command && command.incidentId ? { incidentId: command.incidentId } : {};
  const ask: Ask = await (async (): Promise<Ask> => {
    switch (command.kind) {
      case 'help':
        return { kind: 'help' };
      case 'unknown':
        return { kind: 'unknown', text: command.text };
      case 'start':
        return { kind: 'open', ...(command.runbookHint ? { hint: command.runbookHint } : {}) };
      case 'setSummaryChannel':
        return { kind: 'setSummaryChannel' };
      case 'status':
        return { kind: 'view', ...scoped };
      case 'note':
        return { kind: 'command', ...scoped, body: { type: 'addNote', text: command.text } };
      case 'cancel':
        return { kind: 'command', ...scoped, body: { type: 'cancel', reason: command.reason } };
      case 'escalate':
        return { kind: 'command', ...scoped, body: { type: 'escalate', ...(command.reason ? { reason: command.reason } : {}) } };
      case 'handover': {
        const to = await handoverTarget(context);
        return to ? { kind: 'command', ...scoped, body: { type: 'handover', to } } : { kind: 'handoverWhom', ...scoped };
      }
    }
  })();
  return { via: 'message', from, ask };
}

/**
 * The conversation's roster as a lookup: Teams' single-member API, which takes an Entra object id or a UPN. Only
 * members of this chat or channel are found; a person Teams does not return (or an error) is undefined, never thrown.
 */
export function rosterLookup(context: TurnContext): PeopleLookup {
  return async (who) => {
    const asked = 'id' in who ? who.id : who.email;
    try {
      const member = await TeamsInfo.getMember(context, asked);
      const id = (member.aadObjectId ?? member.id ?? '').toLowerCase();
      if (!id) return undefined;
      // An email must be the member's own address or UPN: a roster answer about anyone else is not taken.
      if ('email' in who && ![member.email, member.userPrincipalName].some((a) => typeof a === 'string' && a.toLowerCase() === who.email)) return undefined;
      const name = (member.name ?? [member.givenName, member.surname].filter(Boolean).join(' ')).trim();
      return { id, name: (name || asked).slice(0, 100) };
    } catch {
      return undefined;
    }
  };
}

async function handoverTarget(context: TurnContext): Promise<Actor | undefined> {
  const [mention] = mentionedUsers(context.activity);
  if (!mention) return undefined;
  try {
    const member = await TeamsInfo.getMember(context, mention.id);
    return { id: (member.aadObjectId ?? mention.id).toLowerCase(), name: member.name ?? mention.name };
  } catch {
    return { id: mention.id.toLowerCase(), name: mention.name };
  }
}
