// Chat attachments as evidence on the incident.

import { escapeMarkdown } from '../cards';
import type { CommandBody } from '../incident/commands';
import { describeRejection } from '../incident/rejections';
import { rejectionRefusal, typeVerb } from '../incident/refusals';
import type { Incident } from '../incident/types';
import type { Stored } from '../store/incident-store';
import { activityKey } from './activity-key';
import { textActivity } from './outbound';
import type { Answer, Ask, Request } from './request';
import type { StepDeps } from './pipeline-deps';

/** Chat attachments become evidence, one command each (keyed by the activity and position). */
export async function attachStep(
  deps: StepDeps,
  request: Request,
  stored: Stored<Incident>,
  items: Extract<Ask, { kind: 'attachments' }>['items'],
): Promise<Answer> {
  const { from } = request;
  const id = stored.value.id;
  const added: string[] = [];
  const replies: Answer['replies'] = [];
  for (const [i, a] of items.entries()) {
    const body: CommandBody = { type: 'addEvidence', kind: 'attachment', text: a.name, url: a.url, contentType: a.contentType };
    const result = await deps.service.apply(id, { ...body, actor: from.actor, key: `${activityKey(request)}:attachment:${i}` });
    if (result.ok) {
      added.push(a.name);
      deps.deliverer.later(id, result.queued, false);
      continue;
    }
    if ('rejection' in result) {
      await deps.refusals.record(id, from.actor, rejectionRefusal(typeVerb('addEvidence'), result.rejection), {
        activityId: from.activityId,
        rejection: result.rejection.code,
      });
    }
    const why = 'rejection' in result ? describeRejection(result.rejection) : 'the incident is busy, try again';
    replies.push({ activity: textActivity(`"${escapeMarkdown(a.name)}" was not recorded: ${why}`) });
  }
  if (added.length) replies.push({ activity: textActivity(`Recorded as evidence on ${id}: ${added.map(escapeMarkdown).join(', ')}.`) });
  return { replies };
}
