import { createHash, randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { type AdaptiveCard, type Notice, renderApprovalCard, renderIncidentCard, renderMessageCard } from '../cards';
import { describeRejection } from '../incident/rejections';
import { commandVerb, outsideRefusal, rateLimitRefusal, rejectionRefusal, viewVerbs } from '../incident/refusals';
import type { CommandBody } from '../incident/commands';
import type { Incident } from '../incident/types';
import { type ParsedAction, parseCardAction } from './action-parsing';
import type { BotContext } from './bot-context';
import { slowDownWords } from './rate-limit';
import { actorOf, inIncidentConversation, originOf, outsideConversationWords } from './turn-facts';
import { evidencePack } from '../incident/evidence-pack';
import { OpeningInProgressError, openingInProgressWords } from './opening-claim';
import { packMessages } from './pack-messages';
import { auditRefusal } from './refusal-audit';
import { textActivity } from './transport';

// adaptiveCard/action: parse, limit, authorize, apply, run effects, and answer with the updated card (replaced in place). Always 200.
// Who may act: anyone in the incident's conversation runs it; approvers decide approvals from wherever the approval card is.
// Every refusal on an incident is answered in words and audited (bounded, version unchanged); an unparseable payload is only logged.

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

  // Approval refreshes are fired by Teams clients when a card is shown, not by a person: they are not counted.
  const allowance = parsed.kind === 'refreshApproval' ? undefined : ctx.rateLimit?.take(actor.id);
  if (allowance && !allowance.ok) {
    log.info({ activityId: activity.id, retryAfterSeconds: allowance.retryAfterSeconds }, 'card action rate-limited');
    return { card: await slowDown(ctx, context, parsed, allowance.retryAfterSeconds, allowance.firstRefusal !== false) };
  }

  if (parsed.kind === 'invalid') {
    log.warn({ activityId: activity.id, incidentId: parsed.incidentId, reason: parsed.message }, 'card action refused');
    const incident = parsed.incidentId ? await ctx.service.get(parsed.incidentId) : undefined;
    const member = incident && inIncidentConversation(activity, incident.origin);
    return { card: member ? incidentCard(ctx, incident, notice(parsed.message)) : renderMessageCard('Action not understood', parsed.message, 'attention') };
  }

  if (parsed.kind === 'pick') {
    if (!ctx.service.runbooks.has(parsed.runbookId)) {
      return { card: renderMessageCard('Runbook not found', `There is no runbook "${parsed.runbookId.slice(0, 60)}". Type start to see the list.`, 'attention') };
    }
    // Keyed by the picker card's own button (a double click or a redelivery opens one incident), else by the activity.
    const key = parsed.key ? `pick:${parsed.key}` : `${typeof activity.id === 'string' && activity.id ? activity.id : randomUUID()}:open`;
    const opened = await ctx.service.open(parsed.runbookId, actor, originOf(activity), key).catch((err: unknown) => {
      if (err instanceof OpeningInProgressError) return undefined;
      throw err;
    });
    if (!opened) return { card: renderMessageCard('Opening', openingInProgressWords, 'attention') };
    log.info({ incidentId: opened.incident.id, activityId: activity.id, redelivered: opened.reopened }, opened.reopened ? 'repeated pick: incident already open' : 'incident opened');
    if (activity.replyToId) await ctx.records.saveIncidentCard(opened.incident.id, { reference: transport.currentReference(), activityId: activity.replyToId });
    return { card: incidentCard(ctx, opened.incident) };
  }

  if (parsed.kind === 'refreshApproval') {
    const incident = await ctx.service.get(parsed.incidentId);
    if (!incident?.approvals.some((a) => a.id === parsed.approvalId)) return { card: notFound(parsed.incidentId) };
    const approver = await ctx.service.isApprover(actor.id);
    if (!(await mayViewApproval(ctx, context, incident, parsed.approvalId, approver))) {
      await auditRefusal(ctx, incident.id, actor, outsideRefusal(viewVerbs.approval), { activityId: activity.id });
      return { card: outside(incident.id) };
    }
    const full = renderApprovalCard(incident, ctx.service.runbookOf(incident), parsed.approvalId, ctx.now());
    return { card: approver ? full : await ctx.effects.approvalView(incident, parsed.approvalId) };
  }

  if (parsed.kind === 'export') {
    const incident = await ctx.service.get(parsed.incidentId);
    if (!incident) return { card: notFound(parsed.incidentId) };
    if (!inIncidentConversation(activity, incident.origin)) {
      await auditRefusal(ctx, incident.id, actor, outsideRefusal(viewVerbs.export), { activityId: activity.id });
      return { card: outside(incident.id) };
    }
    const parts = packMessages(evidencePack(incident, ctx.service.runbookOf(incident)));
    for (const part of parts.messages) await transport.reply(textActivity(part));
    const more = parts.truncated ? ' It was longer than a chat can hold: run "npm run incidents -- export" for the whole pack.' : '';
    return { card: incidentCard(ctx, incident, notice(`Evidence pack posted below (${parts.messages.length} message${parts.messages.length === 1 ? '' : 's'}).${more}`, 'good')) };
  }

  if (parsed.kind === 'show') {
    const incident = await ctx.service.get(parsed.incidentId);
    if (!incident) return { card: notFound(parsed.incidentId) };
    if (inIncidentConversation(activity, incident.origin)) return { card: incidentCard(ctx, incident) };
    await auditRefusal(ctx, incident.id, actor, outsideRefusal(viewVerbs.show), { activityId: activity.id });
    return { card: outside(incident.id) };
  }

  const body = parsed.body;
  const approvalView = body.type === 'decideApproval' ? body.approvalId : undefined;
  const read = await ctx.service.read(parsed.incidentId);
  if (!read) return { card: notFound(parsed.incidentId) };
  const stored = read.value;
  const member = inIncidentConversation(activity, stored.origin);
  if (!member && !approvalView) {
    await auditRefusal(ctx, parsed.incidentId, actor, outsideRefusal(commandVerb(body)), { activityId: activity.id, command: body.type });
    return { card: outside(parsed.incidentId) };
  }
  const seesApproval = approvalView !== undefined && (member || (await mayViewApproval(ctx, context, stored, approvalView, await ctx.service.isApprover(actor.id))));
  const result = await ctx.service.apply(parsed.incidentId, { ...body, actor, key: commandKey(parsed.key, actor.id, body), version: parsed.version }, read);
  const view = (incident: Incident, n?: Notice) => {
    if (approvalView && seesApproval && incident.approvals.some((a) => a.id === approvalView)) {
      return renderApprovalCard(incident, ctx.service.runbookOf(incident), approvalView, ctx.now(), n);
    }
    return member ? incidentCard(ctx, incident, n) : renderMessageCard('Approval request', n?.text ?? 'Done.', n?.tone ?? 'default');
  };

  if ('notFound' in result) return { card: notFound(parsed.incidentId) };
  if ('busy' in result) {
    const current = await ctx.service.get(parsed.incidentId);
    const text = 'Several people changed this incident at the same moment. Nothing was lost; please try again.';
    return { card: current ? view(current, notice(text)) : renderMessageCard('Busy', text, 'attention') };
  }
  if (!result.ok) {
    const words = describeRejection(result.rejection);
    await auditRefusal(ctx, parsed.incidentId, actor, rejectionRefusal(commandVerb(body), result.rejection), {
      activityId: activity.id,
      command: body.type,
      rejection: result.rejection.code,
    });
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

/**
 * The command's idempotency key: the card button's own key, who clicked and what they entered. A double click repeats it;
 * a colleague's click, or the same person's different input, on the same card version never collides with it.
 */
export function commandKey(cardKey: string, actorId: string, body: CommandBody): string {
  return `${cardKey}:${createHash('sha256').update(actorId).update('\u0000').update(JSON.stringify(body)).digest('base64url').slice(0, 22)}`;
}

function incidentCard(ctx: BotContext, incident: Incident, n?: Notice): AdaptiveCard {
  return renderIncidentCard(incident, ctx.service.runbookOf(incident), ctx.now(), n);
}

/** Answers a click over the allowance: the incident's card with the words where the clicker may see it, else a message card. */
async function slowDown(ctx: BotContext, context: TurnContext, parsed: ParsedAction, seconds: number, audit: boolean): Promise<AdaptiveCard> {
  const words = slowDownWords(seconds);
  const incident = 'incidentId' in parsed && parsed.incidentId ? await ctx.service.get(parsed.incidentId) : undefined;
  const verb = requestVerb(parsed);
  // A flood is audited once (its first refusal) and logged throughout: throttled clicks must stay cheap.
  if (incident && verb && audit) await auditRefusal(ctx, incident.id, actorOf(context.activity), rateLimitRefusal(verb, seconds), { activityId: context.activity.id });
  if (incident && inIncidentConversation(context.activity, incident.origin)) return incidentCard(ctx, incident, notice(words));
  return renderMessageCard('One moment, please', words, 'attention');
}

/** The request as a verb for the audit; undefined for an unparseable payload or a pick (no incident yet). */
function requestVerb(parsed: ParsedAction): string | undefined {
  switch (parsed.kind) {
    case 'command':
      return commandVerb(parsed.body);
    case 'show':
      return viewVerbs.show;
    case 'export':
      return viewVerbs.export;
    case 'refreshApproval':
      return viewVerbs.approval;
    default:
      return undefined;
  }
}

/** An approval card is seen in the incident's conversation, by approvers, and in every conversation it was posted to. */
async function mayViewApproval(ctx: BotContext, context: TurnContext, incident: Incident, approvalId: string, approver: boolean): Promise<boolean> {
  if (approver || inIncidentConversation(context.activity, incident.origin)) return true;
  const here = context.activity.conversation?.id;
  return (await ctx.records.approvalCards(approvalId)).some((posted) => posted.reference.conversation?.id === here);
}

function outside(incidentId: string): AdaptiveCard {
  return renderMessageCard('Not this conversation', outsideConversationWords(incidentId), 'attention');
}

function notFound(incidentId: string): AdaptiveCard {
  return renderMessageCard('Incident not found', `Incident ${incidentId} was not found. It may belong to another installation of the bot.`, 'attention');
}
