import type { Activity } from 'botbuilder';
import type { Actor, Origin } from '../incident/types';
import { TurnContext } from 'botbuilder';
import { z } from 'zod';

// Facts read off an incoming activity: who acts, where, and what they typed. Identity is the server's view, never card data.

/** The acting person: Entra object id when Teams supplies it, else the channel account id. */
export function actorOf(activity: Activity): Actor {
  const from = activity.from ?? { id: 'unknown', name: 'Unknown' };
  return { id: (from.aadObjectId ?? from.id ?? 'unknown').toLowerCase(), name: (from.name ?? 'Unknown user').slice(0, 100) };
}

export function originOf(activity: Activity): Origin {
  const type = activity.conversation?.conversationType;
  const kind: Origin['kind'] = type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
  return { conversationId: activity.conversation.id, kind, reference: TurnContext.getConversationReference(activity) };
}

type LooseEntity = { type?: unknown; text?: unknown; mentioned?: { id?: unknown; name?: unknown } | null };

/** Entities as a list of objects; anything else the channel sent counts as none. */
const entitiesOf = (activity: Activity): LooseEntity[] =>
  Array.isArray(activity.entities) ? (activity.entities as unknown[]).filter((e): e is LooseEntity => e !== null && typeof e === 'object') : [];

/** The typed text without the bot's @mention (and without HTML left by Teams). Malformed text or mentions are not trusted to botbuilder. */
export function typedText(activity: Activity): string {
  const raw = typeof activity.text === 'string' ? activity.text : '';
  const entities = entitiesOf(activity);
  const wellFormed =
    entities.length === (activity.entities?.length ?? 0) &&
    entities.every(
      (e) => typeof e.type === 'string' && (e.type.toLowerCase() !== 'mention' || (typeof e.mentioned?.id === 'string' && typeof e.text === 'string')),
    );
  const text = wellFormed && raw && typeof activity.recipient?.id === 'string' ? (TurnContext.removeRecipientMention(activity) ?? raw) : raw;
  // A colleague's @mention (an entity names them) stays as "@Name"; the bot's, or one no entity vouches for, goes.
  const colleagues = new Set(mentionedUsers(activity).map((m) => m.name.trim()));
  return withoutMarkup(text, (name) => colleagues.has(name)).trim();
}

/** Tags Teams (or a client) puts into message text for formatting; anything else in angle brackets is what was typed. */
const formattingTag =
  /<\/?(?:p|div|span|br|b|i|u|s|em|strong|strike|del|ins|code|pre|ol|ul|li|blockquote|h[1-6]|font|a|img|hr|table|tr|td|th|tbody|thead)(?:\s[^<>]*)?\/?>/gi;
const entities: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/**
 * Text as the person typed it: an @mention stays as "@Name" when `keepMention` says so, formatting tags go (<br> is a
 * line break), entities are decoded; a run of spaces inside a line (a removed tag leaves one) becomes one, a line's
 * indentation is kept.
 * A message id like <CAF999@mail.fabrikam.com> or a placeholder like <user> is kept: it is not a tag Teams writes.
 */
export function withoutMarkup(text: string, keepMention: (name: string) => boolean = () => true): string {
  return text
    .replace(/<at(?:\s[^<>]*)?>([^<]*)<\/at>/gi, (_m, name: string) => (keepMention(name.trim()) ? `@${name.trim()}` : ' '))
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(formattingTag, ' ')
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/g, (_m, name: string) => entities[name] ?? '')
    .replace(/(?<=\S)[ \t]{2,}/g, ' ');
}

/** A mention entity as Teams sends it; one with a non-string id or name is not a mention we act on. */
const mentionEntity = z.looseObject({
  type: z.literal('mention'),
  mentioned: z.looseObject({ id: z.string().min(1).max(1024), name: z.string().max(1024).optional() }),
});

/** Users @mentioned in the message, other than the bot. */
export function mentionedUsers(activity: Activity): { id: string; name: string }[] {
  return entitiesOf(activity).flatMap((e) => {
    const mention = mentionEntity.safeParse(e);
    if (!mention.success || mention.data.mentioned.id === activity.recipient?.id) return [];
    return [{ id: mention.data.mentioned.id, name: mention.data.mentioned.name || 'someone' }];
  });
}

export interface ChatAttachment {
  name: string;
  url: string;
  contentType: string;
}

/** Files and images attached in chat (not cards, not the HTML copy of the text). */
export function chatAttachments(activity: Activity): ChatAttachment[] {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return (Array.isArray(activity.attachments) ? activity.attachments : []).flatMap((a) => {
    const contentType = text(a?.contentType);
    if (contentType === 'text/html' || contentType?.startsWith('application/vnd.microsoft.card')) return [];
    const url = text((a?.content as { downloadUrl?: unknown } | undefined)?.downloadUrl) ?? text(a?.contentUrl);
    if (!url) return [];
    return [{ name: (text(a.name) ?? 'attachment').slice(0, 200), url, contentType: contentType ?? 'application/octet-stream' }];
  });
}

/** Team and channel ids when the activity comes from a Teams channel. */
export function teamsChannelOf(activity: Activity): { teamId?: string; channelId?: string; teamName?: string; channelName?: string } {
  const data = (activity.channelData ?? {}) as { team?: { id?: string; name?: string }; channel?: { id?: string; name?: string } };
  return { teamId: data.team?.id, channelId: data.channel?.id, teamName: data.team?.name, channelName: data.channel?.name };
}
