// The handover card ("Hand over INC-… to whom?"): shown for "handover" typed without an @mention (the one way in a
// personal chat), and its button's choice resolved to a person. The handover itself is the handover command through
// the one writer (pipeline.ts command()), so who may hand over, and to whom, stay decided where they were.

import { type Notice, renderHandoverCard } from '../cards';
import { keepTyped } from '../cards/keep-typed';
import { knownPeople, personNamed } from '../incident/people';
import { typeVerb } from '../incident/refusals';
import type { Actor, Incident } from '../incident/types';
import { botActor } from './deliverer';
import { cardActivity } from './outbound';
import type { StepDeps } from './pipeline-deps';
import type { Answer, Ask, PickedPerson, Request } from './request';

type Kept = { typed: Record<string, string>; flagged: ReadonlySet<string> };
type Pick = Extract<Ask, { kind: 'handoverPick' }>;

/** The people the handover card offers and a click is resolved against: everyone the incident names, the bot left out. */
export const handoverPeople = (incident: Incident): Actor[] => knownPeople(incident, new Set([botActor.id]));

/** The handover card as the answer: in place of the clicked card, or a reply to the typed message; `kept`: what was typed. */
export function handoverCardAnswer(request: Request, incident: Incident, notice?: Notice, kept?: Kept): Answer {
  const scope = request.from.origin.kind === 'personal' ? 'organisation' : 'conversation';
  const rendered = renderHandoverCard(incident, scope, handoverPeople(incident), notice);
  const card = kept ? keepTyped(rendered, kept.typed, kept.flagged) : rendered;
  return request.via === 'card' ? { card, replies: [] } : { replies: [{ activity: cardActivity(card, incident.id) }] };
}

/** Words for a choice that names nobody the bot can find, with the other ways to name them. */
const unknownWords = (who: string) =>
  `I do not know who ${who} is yet: pick them in the people search, choose someone from the list, or mention them in a channel or group chat: handover @name. Nothing was changed.`;

export type Picked = { to: Actor; note?: string } | { refused: string; input: string; reason: string };

/**
 * The person chosen on the handover card: the clicker themself; else the conversation's roster (channels and group
 * chats); else a name the incident knows for the id; else, for an Entra object id (the people picker's), the id with a
 * stand-in name (no directory lookup here, said in the note). An email or a name nobody knows is refused in words.
 */
export async function pickedPerson(request: Request, incident: Incident, who: PickedPerson): Promise<Picked> {
  const known = handoverPeople(incident);
  switch (who.kind) {
    case 'none':
      return {
        refused:
          'Choose the person who takes over: pick them in the people search, choose someone from the list, or type their email address. Nothing was changed.',
        input: 'email',
        reason: 'nobody chosen',
      };
    case 'unreadable':
      return { refused: `${who.words} Nothing was changed.`, input: who.input, reason: 'unreadable choice' };
    case 'name': {
      const named = personNamed(known, who.name);
      if (named) return { to: named };
      const several = known.filter((p) => p.name.trim().toLowerCase() === who.name.toLowerCase()).length > 1;
      if (several)
        return {
          refused: `Several people here are called "${who.name}": choose one from the list. Nothing was changed.`,
          input: 'email',
          reason: 'ambiguous name',
        };
      return { refused: unknownWords(`"${who.name}"`), input: 'email', reason: 'unknown person' };
    }
    case 'email': {
      const found = await request.people?.({ email: who.email });
      return found ? { to: found } : { refused: unknownWords(who.email), input: 'email', reason: 'unknown person' };
    }
    case 'id': {
      if (who.id === request.from.actor.id) return { to: request.from.actor };
      const found = (await request.people?.({ id: who.id })) ?? known.find((p) => p.id === who.id);
      if (found) return { to: found };
      if (!entraObjectId.test(who.id)) return { refused: unknownWords(who.id), input: 'known', reason: 'unknown person' };
      const name = `the person chosen (id ${who.id})`;
      return { to: { id: who.id, name }, note: `I could not look up their name here, so the incident shows them as "${name}".` };
    }
  }
}

const entraObjectId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The card's click resolved to a person, or the handover card again with the refusal's words (audited) and what was typed. */
export async function handoverPick(
  deps: StepDeps,
  request: Request,
  incident: Incident,
  ask: Pick,
): Promise<{ to: Actor; note?: string } | { answer: Answer }> {
  const picked = await pickedPerson(request, incident, ask.who);
  if ('to' in picked) return picked;
  await deps.refusals.record(
    incident.id,
    request.from.actor,
    { verb: typeVerb('handover'), reason: picked.reason },
    { activityId: request.from.activityId, command: 'handover' },
  );
  return { answer: handoverCardAnswer(request, incident, { text: picked.refused, tone: 'attention' }, { typed: ask.typed, flagged: new Set([picked.input]) }) };
}
