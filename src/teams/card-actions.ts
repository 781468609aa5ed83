import type { TurnContext } from 'botbuilder';
import { type AdaptiveCard, type Notice, renderApprovalCard, renderIncidentCard, renderMessageCard } from '../cards';
import { describeRejection } from '../incident/rejections';
import type { Incident } from '../incident/types';
import { parseCardAction } from './action-parsing';
import type { BotContext } from './bot-context';
import { actorOf, originOf } from './turn-facts';
import { evidencePack } from '../incident/evidence-pack';
import { packMessages } from './pack-messages';
import { textActivity } from './transport';

// adaptiveCard/action: parse, apply, run effects, and answer with the updated card (replaced in place). Always 200.

export interface CardAnswer {
  card: AdaptiveCard;
}

const notice = (text: string, tone: Notice['tone'] = 'attention'): Notice => ({ text, tone });

export async function handleCardAction(ctx: BotContext, context: TurnContext): Promise<CardAnswer> {
  const activity = context.activity;
  const parsed = parseCardAction(activity.value);
  const actor = actorOf(activity);
  const transport = ctx.transport(context);
  const log = ctx.log;

  if (parsed.kind === 'invalid') {
    log.warn({ activityId: activity.id, incidentId: parsed.incidentId, reason: parsed.message }, 'card action refused');
    const incident = parsed.incidentId ? await ctx.service.get(parsed.incidentId) : undefined;
    return { card: incident ? incidentCard(ctx, incident, notice(parsed.message)) : renderMessageCard('Action not understood', parsed.message, 'attention') };
  }

  if (parsed.kind === 'pick') {
    if (!ctx.service.runbooks.has(parsed.runbookId)) {
      return { card: renderMessageCard('Runbook not found', `There is no runbook "${parsed.runbookId.slice(0, 60)}". Type start to see the list.`, 'attention') };
    }
    const opened = await ctx.service.open(parsed.runbookId, actor, originOf(activity), `${activity.id ?? ''}:open`);
    log.info({ incidentId: opened.incident.id, activityId: activity.id }, 'incident opened');
    if (activity.replyToId) await ctx.records.saveIncidentCard(opened.incident.id, { reference: transport.currentReference(), activityId: activity.replyToId });
    return { card: incidentCard(ctx, opened.incident) };
  }

  if (parsed.kind === 'refreshApproval') {
    const incident = await ctx.service.get(parsed.incidentId);
    if (!incident?.approvals.some((a) => a.id === parsed.approvalId)) return { card: notFound(parsed.incidentId) };
    const full = renderApprovalCard(incident, ctx.service.runbookOf(incident), parsed.approvalId, ctx.now());
    return { card: (await ctx.service.isApprover(actor.id)) ? full : await ctx.effects.approvalView(incident, parsed.approvalId) };
  }

  if (parsed.kind === 'export') {
    const incident = await ctx.service.get(parsed.incidentId);
    if (!incident) return { card: notFound(parsed.incidentId) };
    const parts = packMessages(evidencePack(incident, ctx.service.runbookOf(incident)));
    for (const part of parts.messages) await transport.reply(textActivity(part));
    const more = parts.truncated ? ' It was longer than a chat can hold: run "npm run incidents -- export" for the whole pack.' : '';
    return { card: incidentCard(ctx, incident, notice(`Evidence pack posted below (${parts.messages.length} message${parts.messages.length === 1 ? '' : 's'}).${more}`, 'good')) };
  }

  if (parsed.kind === 'show') {
    const incident = await ctx.service.get(parsed.incidentId);
    return { card: incident ? incidentCard(ctx, incident) : notFound(parsed.incidentId) };
  }

  const body = parsed.body;
  const result = await ctx.service.apply(parsed.incidentId, { ...body, actor, key: parsed.key, version: parsed.version });
  const approvalView = body.type === 'decideApproval' ? body.approvalId : undefined;
  const view = (incident: Incident, n?: Notice) =>
    approvalView && incident.approvals.some((a) => a.id === approvalView)
      ? renderApprovalCard(incident, ctx.service.runbookOf(incident), approvalView, ctx.now(), n)
      : incidentCard(ctx, incident, n);

  if ('notFound' in result) return { card: notFound(parsed.incidentId) };
  if ('busy' in result) {
    const current = await ctx.service.get(parsed.incidentId);
    const text = 'Several people changed this incident at the same moment. Nothing was lost; please try again.';
    return { card: current ? view(current, notice(text)) : renderMessageCard('Busy', text, 'attention') };
  }
  if (!result.ok) {
    const words = describeRejection(result.rejection);
    log.info({ incidentId: parsed.incidentId, activityId: activity.id, verb: body.type, rejection: result.rejection.code }, 'command refused');
    return { card: view(result.incident, notice(words)) };
  }
  if (result.duplicate) return { card: view(result.incident) };

  log.info({ incidentId: parsed.incidentId, activityId: activity.id, verb: body.type, version: result.incident.version }, 'command applied');
  const answeredInPlace = approvalView ? { view: 'approval' as const, activityId: activity.replyToId } : { view: 'incident' as const };
  const outcome = await ctx.effects.run(result.incident, result.effects, transport, answeredInPlace);
  if (!approvalView && activity.replyToId && activity.conversation.id === outcome.incident.origin.conversationId) {
    await ctx.records.saveIncidentCard(outcome.incident.id, { reference: transport.currentReference(), activityId: activity.replyToId });
  }
  const n = outcome.notices.length ? notice(outcome.notices.join(' '), 'default') : undefined;
  return { card: view(outcome.incident, n) };
}

function incidentCard(ctx: BotContext, incident: Incident, n?: Notice): AdaptiveCard {
  return renderIncidentCard(incident, ctx.service.runbookOf(incident), ctx.now(), n);
}

function notFound(incidentId: string): AdaptiveCard {
  return renderMessageCard('Incident not found', `Incident ${incidentId} was not found. It may belong to another installation of the bot.`, 'attention');
}
