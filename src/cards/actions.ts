import type { Incident } from '../incident/types';
import type { ExecuteAction } from './types';
import { actionKey, type Verb } from './verbs';

// Action.Execute payloads: every action carries the incident id, the card's version and an idempotency key (actionKey).

/** The verb and data for one action on the incident's current card; `target` tells apart actions with the same verb. */
export function execute(incident: Incident, verb: Verb, target = '', extra: Record<string, unknown> = {}): ExecuteAction {
  return {
    verb,
    data: { ...extra, incidentId: incident.id, version: incident.version, actionKey: actionKey(incident.id, incident.version, verb, target) },
  };
}
