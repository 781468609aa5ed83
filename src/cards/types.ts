import type { Verb } from './verbs';

// Card shapes shared by the renderers: plain JSON, as sent to Teams.

/** An Adaptive Card as JSON (version 1.5, Action.Execute). */
export type AdaptiveCard = Record<string, unknown>;

/** A one-line message shown at the top of a card, e.g. why the last click was refused. */
export interface Notice {
  text: string;
  tone: 'attention' | 'good' | 'default';
}

/** An Action.Execute as a template binds it: the verb and its data (incidentId, version, actionKey, ...). */
export interface ExecuteAction {
  verb: Verb;
  data: Record<string, unknown>;
}
