// Opening an incident (a picker button or a typed start), once per key.

import { escapeMarkdown, renderPickerCard } from '../cards';
import { OpeningInProgressError, openingInProgressWords } from './opening-claim';
import { activityKey } from './activity-key';
import { cardActivity } from './outbound';
import type { Answer, Ask, Request } from './request';
import type { Responder } from './responder';
import type { StepDeps } from './pipeline-deps';

/** Opens an incident once per key: the picker button's own key, else the activity's id (a redelivery opens nothing new). */
export async function openStep(deps: StepDeps, request: Request, say: Responder, ask: Extract<Ask, { kind: 'open' }>): Promise<Answer> {
  const { service, log, records } = deps;
  const runbooks = [...service.runbooks.values()];
  let runbookId = ask.runbookId;
  if (runbookId === undefined) {
    const wanted = ask.hint?.toLowerCase();
    const matches = wanted ? runbooks.filter((r) => r.id.includes(wanted) || r.title.toLowerCase().includes(wanted)) : runbooks;
    runbookId = (matches.length === 1 ? matches[0] : runbooks.length === 1 ? runbooks[0] : undefined)?.id;
    // The picker is named by the activity it answers, so its buttons carry keys of their own (a double click repeats one).
    if (!runbookId) return { replies: [{ activity: cardActivity(renderPickerCard(runbooks, undefined, activityKey(request))) }] };
  } else if (!service.runbooks.has(runbookId)) {
    return say.card('Runbook not found', `There is no runbook "${escapeMarkdown(runbookId.slice(0, 60))}". Type start to see the list.`, 'attention');
  }
  const key = ask.key ? `pick:${ask.key}` : `${activityKey(request)}:open`;
  const opened = await service.open(runbookId, request.from.actor, request.from.origin, key).catch((err: unknown) => {
    if (err instanceof OpeningInProgressError) return undefined;
    throw err;
  });
  if (!opened) return say.words(openingInProgressWords, 'Opening');
  log.info(
    { incidentId: opened.incident.id, activityId: request.from.activityId, redelivered: opened.reopened },
    opened.reopened ? 'repeated opening: incident already open' : 'incident opened',
  );
  if (request.via === 'card' && request.from.replyToId) {
    await records.saveIncidentCard(opened.incident.id, { reference: request.from.origin.reference as never, activityId: request.from.replyToId });
  }
  return say.incident(opened.incident);
}
