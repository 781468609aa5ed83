// Step 2, read: the incident a request is about, with its etag (by id, or the only one open in the conversation).

import type { Incident } from '../incident/types';
import type { Stored } from '../store/incident-store';
import type { Answer, Request } from './request';
import type { Responder } from './responder';
import type { StepDeps } from './pipeline-deps';

export type ReadOutcome = { stored: Stored<Incident> } | { answer: Answer };

/** The incident the request is about, read with its etag: named by id, or (typed) the only one open here. */
export async function readIncident(deps: StepDeps, request: Request, say: Responder, incidentId: string | undefined): Promise<ReadOutcome> {
  if (incidentId) {
    const stored = await deps.service.read(incidentId);
    return stored ? { stored } : { answer: request.via === 'card' ? say.notFound(incidentId) : say.words(`Incident ${incidentId} was not found.`) };
  }
  const open = await deps.service.openIn(request.from.origin.conversationId);
  if (open.length === 0)
    return { answer: say.words('There is no open incident in this conversation. Type **start** to open one, or **help** for the commands.') };
  if (open.length > 1) return { answer: say.words(`Several incidents are open here: ${open.join(', ')}. Put the id first, e.g. "${open[0]} status".`) };
  const stored = await deps.service.read(open[0]);
  return stored ? { stored } : { answer: say.words(`Incident ${open[0]} was not found.`) };
}
