// "set summary channel": where the leads read summaries and escalations.

import { authorize } from '../incident/authorization';
import type { Answer, Request } from './request';
import type { Responder } from './responder';
import type { StepDeps } from './pipeline-deps';

/** Only approvers choose where summaries and escalations go: a summary channel decides who reads about every incident. */
export async function summaryChannelStep(deps: StepDeps, request: Request, say: Responder): Promise<Answer> {
  const { from } = request;
  const verdict = authorize(
    { kind: 'setSummaryChannel', verb: 'set the summary channel' },
    { inIncidentConversation: false, approvalCardHere: false },
    await deps.service.isApprover(from.actor.id),
  );
  if (!verdict.allowed) {
    deps.log.info({ activityId: from.activityId, conversationId: from.origin.conversationId }, 'set summary channel refused: not an approver');
    return say.words('Only a configured approver can choose the summary channel. Nothing was changed.');
  }
  const channel = from.channel;
  if (from.origin.kind !== 'channel' || !channel.channelId) {
    return say.words('Type "set summary channel" in the Teams channel where the leads should read incident summaries.');
  }
  const team = channel.teamId ? await deps.records.team(channel.teamId) : undefined;
  const name =
    channel.channelName ?? team?.channels.find((c) => c.id === channel.channelId)?.name ?? (channel.channelId === channel.teamId ? 'General' : undefined);
  await deps.records.saveSummaryChannel({
    channelId: channel.channelId,
    ...(name ? { name } : {}),
    ...(channel.teamId ? { teamId: channel.teamId } : {}),
    setBy: from.actor.name,
    at: deps.now().toISOString(),
  });
  deps.log.info({ channelId: channel.channelId, activityId: from.activityId }, 'summary channel set');
  return say.words(`Incident summaries and escalations will be posted to this channel${name ? ` (${name})` : ''}.`);
}
