import type { Actor, Incident } from '../incident/types';
import { visibleText } from '../incident/visible-text';
import { execute } from './actions';
import { clipper, truncate } from './escape';
import { noticeView } from './incident-frame';
import { expand } from './templates';
import type { AdaptiveCard, Notice } from './types';
import { verbs } from './verbs';

// "Hand over INC-… to whom?": the Teams people picker (Input.ChoiceSet with a Data.Query of Graph users) and, for
// clients that do not render it (the Agents Playground, older clients: they show an empty list), the people this
// incident already names and a box for an email address or UPN. Every client shows all three: a people picker is an
// Input.ChoiceSet with one more property, so an element `fallback` would never take effect. Pure.

/** Whom the picker searches: the whole organisation (personal chat), or the members of this chat or channel. */
export type PickerScope = 'organisation' | 'conversation';

/** The Data.Query dataset of the Teams people picker for a scope (Microsoft's two predefined values). */
export const pickerDatasets: Record<PickerScope, string> = {
  organisation: 'graph.microsoft.com/users',
  conversation: 'graph.microsoft.com/users?scope=currentContext',
};

/** Longest email address or UPN the box takes (RFC 5321 path limit). */
export const emailMax = 254;
/** Most people offered in the plain list, and the longest name shown there. */
const listMax = 25;
const nameMax = 80;

/** Pure: the handover card for an open incident; `known`: people the bot knows by name (the owner is left out). */
export function renderHandoverCard(incident: Incident, scope: PickerScope, known: readonly Actor[], notice?: Notice): AdaptiveCard {
  const clip = clipper(1);
  const others = known.filter((p) => p.id !== incident.owner.id).slice(0, listMax);
  return expand('handover', {
    notice: noticeView(clip, notice),
    title: `Hand over ${clip(incident.id, 60)} to whom?`,
    owner: clip(incident.owner.name, nameMax),
    dataset: pickerDatasets[scope],
    hasKnown: others.length > 0,
    // Choice titles are plain text, not Markdown: cut and made visible, never backslash-escaped.
    known: others.map((p) => ({ name: visibleText(truncate(p.name, nameMax)), id: p.id })),
    emailMax,
    handover: execute(incident, verbs.handoverPick),
    back: execute(incident, verbs.show, 'from-handover'),
  });
}
