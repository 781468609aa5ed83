import { PLAYGROUND_USERS, type PlaygroundUser, type PlaygroundUserKey } from './playground-users';

// Pure: the typed `act as <person>` command of the dev-only act-as switch (src/dev/act-as.ts) and its answers in words.

/** Who `act as` chose: a roster person, the sender themselves (stop acting), nobody named, or a name not on the roster. */
export type ActAsChoice =
  { kind: 'person'; key: PlaygroundUserKey; user: PlaygroundUser } | { kind: 'self' } | { kind: 'ask' } | { kind: 'unknown'; typed: string };

/** Where the answer goes: outside the personal chat the Playground only delivers messages that @mention the bot. */
export interface Place {
  personal: boolean;
  botName: string;
}

const entities: Record<string, string> = { nbsp: ' ', '#160': ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/**
 * The name typed after "act as" ('' for a bare "act as"), or undefined when the text is not the command.
 * The bot's own @mention (its entity texts) goes; a colleague's `<at>Name</at>` counts as the name.
 */
export function parseActAs(text: string, botMentions: readonly string[] = []): string | undefined {
  let t = text;
  for (const mention of botMentions) if (mention) t = t.split(mention).join(' ');
  t = t
    .replace(/<at(?:\s[^<>]*)?>([^<]*)<\/at>/gi, '$1')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&(nbsp|#160|amp|lt|gt|quot|apos|#39);/gi, (_m, name: string) => entities[name.toLowerCase()] ?? ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const match = /^act as(?: (.*))?$/i.exec(t);
  if (!match) return undefined;
  return (match[1] ?? '').replace(/[.!]+$/, '').trim();
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** The roster person a typed name means: roster key, first name, full name, e-mail or channel id, any case. */
export function chooseActor(typed: string, sender: { id: string; aadObjectId?: string }): ActAsChoice {
  const name = norm(typed);
  if (name === '') return { kind: 'ask' };
  if (name === 'me' || name === 'myself') return { kind: 'self' };
  for (const [key, user] of Object.entries(PLAYGROUND_USERS) as [PlaygroundUserKey, PlaygroundUser][]) {
    if (![key, user.givenName, user.name, user.email, user.id].some((alias) => norm(alias) === name)) continue;
    const isSender = user.id === sender.id || (sender.aadObjectId !== undefined && user.aadObjectId === sender.aadObjectId.toLowerCase());
    return isSender ? { kind: 'self' } : { kind: 'person', key, user };
  }
  return { kind: 'unknown', typed };
}

/** The command as the person types it here (`@Bot act as me` outside the personal chat). */
export function typedHere(place: Place, rest: string): string {
  return place.personal ? `act as ${rest}` : `@${place.botName} act as ${rest}`;
}

/** What a typed name may show in the answer: letters, digits and a few separators, at most 40 of them. */
export function echo(typed: string): string {
  const kept = typed
    .replace(/[^\p{L}\p{N} .:@'-]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return kept.length > 40 ? `${kept.slice(0, 40)}…` : kept;
}

/** The roster as a choice list: `alex` (Alex Approver, approver), ... */
export function rosterList(): string {
  return Object.entries(PLAYGROUND_USERS)
    .map(([key, u]) => `\`${key}\` (${u.name}, ${u.role})`)
    .join(', ');
}

export const answers = {
  acting: (user: PlaygroundUser, place: Place) =>
    `Your next clicks and messages in this conversation come from ${user.name} (${user.role}; dev only). Type \`${typedHere(place, 'me')}\` to stop.`,
  stopped: (senderName: string, wasActingAs: PlaygroundUser | undefined) =>
    wasActingAs
      ? `Stopped acting as ${wasActingAs.name}: your clicks and messages in this conversation are your own again (${senderName}).`
      : `You are not acting as anyone here: your clicks and messages are your own (${senderName}).`,
  ask: (place: Place, current: PlaygroundUser | undefined) =>
    `${current ? `You are acting as ${current.name} here (dev only). ` : ''}Type \`${typedHere(place, '<name>')}\` with one of the Playground roster: ${rosterList()}; \`${typedHere(place, 'me')}\` stops.`,
  unknown: (typed: string, place: Place) =>
    `Nobody called "${echo(typed) || '?'}" is on the Playground roster (src/dev/playground-users.ts). Type \`${typedHere(place, '<name>')}\` with one of: ${rosterList()}; \`${typedHere(place, 'me')}\` stops.`,
};
