// Step 1's refusal: over the per-person allowance.

import { rateLimitRefusal } from '../incident/refusals';
import { askedVerb } from './asked';
import { inIncidentConversation } from './place';
import { slowDownWords } from './rate-limit';
import type { Answer, Request } from './request';
import type { Responder } from './responder';
import type { StepDeps } from './pipeline-deps';

/**
 * Over the allowance: the words, where the person may see them on the incident's card. `flood` names the run of
 * refusals: each incident it touches audits it once (a redelivered or later request of the same flood is a duplicate).
 */
export async function throttleStep(deps: StepDeps, request: Request, say: Responder, seconds: number, flood?: string): Promise<Answer> {
  const { ask, from } = request;
  deps.log.info({ activityId: from.activityId, retryAfterSeconds: seconds }, 'request rate-limited');
  const words = slowDownWords(seconds);
  const verb = askedVerb(ask);
  const named = 'incidentId' in ask ? ask.incidentId : undefined;
  const open = verb && !named && request.via === 'message' ? await deps.service.openIn(from.origin.conversationId) : [];
  const incidentId = named ?? (open.length === 1 ? open[0] : undefined);
  const incident = incidentId ? await deps.service.get(incidentId) : undefined;
  if (incident && verb) {
    // A flood is recorded once per incident; a request without one, once per activity (the auditor's default).
    await deps.refusals.record(incident.id, from.actor, rateLimitRefusal(verb, seconds), { activityId: from.activityId }, flood && `flood:${flood}`);
  }
  if (request.via === 'message') return say.words(words);
  if (incident && inIncidentConversation(from.origin.conversationId, incident.origin)) return say.incident(incident, { text: words, tone: 'attention' });
  return say.card('One moment, please', words, 'attention');
}
