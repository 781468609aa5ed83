import { randomUUID } from 'node:crypto';
import { TeamsInfo, type TurnContext } from 'botbuilder';
import { escapeMarkdown, type Notice, renderIncidentCard, renderMessageCard, renderPickerCard } from '../cards';
import type { CommandBody } from '../incident/commands';
import { describeRejection } from '../incident/rejections';
import { outsideRefusal, rateLimitRefusal, rejectionRefusal, typeVerb, viewVerbs } from '../incident/refusals';
import type { Actor, Incident } from '../incident/types';
import type { BotContext } from './bot-context';
import { slowDownWords } from './rate-limit';
import { auditRefusal } from './refusal-audit';
import { helpText, parseTextCommand, type TextCommand } from './text-commands';
import { actorOf, chatAttachments, inIncidentConversation, mentionedUsers, originOf, outsideConversationWords, teamsChannelOf, typedText } from './turn-facts';
import { OpeningInProgressError, openingInProgressWords } from './opening-claim';
import { cardActivity, textActivity } from './transport';

// Typed messages: start, status, help, note, cancel, escalate, handover, set summary channel; attachments as evidence.
// Every refusal on an incident is answered in words and audited (bounded, version unchanged, src/incident/refusals.ts).

/** Typed commands on an incident, as verbs for the audit. */
const typedVerbs: Partial<Record<TextCommand['kind'], string>> = {
  status: viewVerbs.show,
  note: typeVerb('addNote'),
  cancel: typeVerb('cancel'),
  escalate: typeVerb('escalate'),
  handover: typeVerb('handover'),
};

export async function handleMessage(ctx: BotContext, context: TurnContext): Promise<void> {
  const activity = context.activity;
  const allowance = ctx.rateLimit?.take(actorOf(activity).id);
  if (allowance && !allowance.ok) {
    ctx.log.info({ activityId: activity.id, retryAfterSeconds: allowance.retryAfterSeconds }, 'message rate-limited');
    // A flood is audited once (its first refusal) and logged throughout: throttled messages must stay cheap.
    if (allowance.firstRefusal !== false) await auditThrottled(ctx, context, allowance.retryAfterSeconds);
    await context.sendActivity(textActivity(slowDownWords(allowance.retryAfterSeconds)));
    return;
  }
  const attachments = chatAttachments(activity);
  const text = typedText(activity);
  if (attachments.length && !text) return attachEvidence(ctx, context, attachments);
  const command = parseTextCommand(text);
  const reply = (title: string, body: string, tone: Notice['tone'] = 'default') =>
    context.sendActivity(cardActivity(renderMessageCard(title, body, tone)));

  switch (command.kind) {
    case 'help':
      await reply('Runbook bot: what you can type', helpText);
      return;
    case 'unknown':
      await reply('Not a command I know', `"${command.text}" is not a command. ${helpText}`);
      return;
    case 'start':
      return start(ctx, context, command.runbookHint);
    case 'setSummaryChannel':
      return setSummaryChannel(ctx, context);
    default:
      break;
  }
  const incident = await resolveIncident(ctx, context, typedVerbs[command.kind] ?? command.kind, 'incidentId' in command ? command.incidentId : undefined);
  if (!incident) return;
  const actor = actorOf(activity);
  switch (command.kind) {
    case 'status':
      return postIncidentCard(ctx, context, incident);
    case 'note':
      return applyTyped(ctx, context, incident, actor, { type: 'addNote', text: command.text });
    case 'cancel':
      return applyTyped(ctx, context, incident, actor, { type: 'cancel', reason: command.reason });
    case 'escalate':
      return applyTyped(ctx, context, incident, actor, { type: 'escalate', ...(command.reason ? { reason: command.reason } : {}) });
    case 'handover': {
      const to = await handoverTarget(context);
      if (!to) {
        await reply('Hand over to whom?', 'Mention the person who takes over, e.g. "handover @Riley Responder".', 'attention');
        return;
      }
      return applyTyped(ctx, context, incident, actor, { type: 'handover', to });
    }
  }
}

async function start(ctx: BotContext, context: TurnContext, hint?: string): Promise<void> {
  const runbooks = [...ctx.service.runbooks.values()];
  const wanted = hint?.toLowerCase();
  const matches = wanted ? runbooks.filter((r) => r.id.includes(wanted) || r.title.toLowerCase().includes(wanted)) : runbooks;
  const chosen = matches.length === 1 ? matches[0] : runbooks.length === 1 ? runbooks[0] : undefined;
  if (!chosen) {
    // The picker is named by the activity it answers, so its buttons carry keys of their own (a double click repeats one).
    await context.sendActivity(cardActivity(renderPickerCard(runbooks, undefined, context.activity.id ?? randomUUID())));
    return;
  }
  const opened = await ctx.service.open(chosen.id, actorOf(context.activity), originOf(context.activity), `${activityKey(context)}:open`).catch(async (err: unknown) => {
    if (!(err instanceof OpeningInProgressError)) throw err;
    await context.sendActivity(textActivity(openingInProgressWords));
    return undefined;
  });
  if (!opened) return;
  ctx.log.info({ incidentId: opened.incident.id, activityId: context.activity.id, redelivered: opened.reopened }, opened.reopened ? 'redelivered start: incident already open' : 'incident opened');
  await postIncidentCard(ctx, context, opened.incident);
}

/** The open incident this message is about: named by id (run in this conversation), or the only one open here. Replies in words otherwise. */
/** The activity's own id: what makes a redelivery repeat its key. An activity without one cannot repeat, so it gets a fresh key. */
function activityKey(context: TurnContext): string {
  return typeof context.activity.id === 'string' && context.activity.id ? context.activity.id : randomUUID();
}

async function resolveIncident(ctx: BotContext, context: TurnContext, verb: string, incidentId?: string): Promise<Incident | undefined> {
  if (incidentId) {
    const incident = await ctx.service.get(incidentId);
    if (!incident) await context.sendActivity(textActivity(`Incident ${incidentId} was not found.`));
    if (incident && !inIncidentConversation(context.activity, incident.origin)) {
      await auditRefusal(ctx, incidentId, actorOf(context.activity), outsideRefusal(verb), { activityId: context.activity.id });
      await context.sendActivity(textActivity(outsideConversationWords(incidentId)));
      return undefined;
    }
    return incident;
  }
  const open = await ctx.service.openIn(context.activity.conversation.id);
  if (open.length === 0) {
    await context.sendActivity(textActivity('There is no open incident in this conversation. Type **start** to open one, or **help** for the commands.'));
    return undefined;
  }
  if (open.length > 1) {
    await context.sendActivity(textActivity(`Several incidents are open here: ${open.join(', ')}. Put the id first, e.g. "${open[0]} status".`));
    return undefined;
  }
  return ctx.service.get(open[0]);
}

async function postIncidentCard(ctx: BotContext, context: TurnContext, incident: Incident, notice?: Notice): Promise<void> {
  const card = renderIncidentCard(incident, ctx.service.runbookOf(incident), ctx.now(), notice);
  const posted = await ctx.transport(context).reply(cardActivity(card, `${incident.id}`));
  if (context.activity.conversation.id === incident.origin.conversationId) await ctx.records.saveIncidentCard(incident.id, posted);
}

async function applyTyped(ctx: BotContext, context: TurnContext, incident: Incident, actor: Actor, body: CommandBody): Promise<void> {
  const result = await ctx.service.apply(incident.id, { ...body, actor, key: `${activityKey(context)}:${body.type}` });
  if ('notFound' in result || 'busy' in result) {
    await context.sendActivity(textActivity('The incident is busy right now; nothing was lost. Please try again.'));
    return;
  }
  if (!result.ok) {
    await auditRefusal(ctx, incident.id, actor, rejectionRefusal(typeVerb(body.type), result.rejection), {
      activityId: context.activity.id,
      command: body.type,
      rejection: result.rejection.code,
    });
    await context.sendActivity(textActivity(describeRejection(result.rejection)));
    return;
  }
  const transport = ctx.transport(context);
  const outcome = await ctx.effects.run(result.incident, result.effects, transport, { view: 'incident' });
  const notice = outcome.notices.length ? { text: outcome.notices.join(' '), tone: 'default' as const } : undefined;
  await postIncidentCard(ctx, context, outcome.incident, notice);
}

async function attachEvidence(ctx: BotContext, context: TurnContext, attachments: ReturnType<typeof chatAttachments>): Promise<void> {
  const incident = await resolveIncident(ctx, context, typeVerb('addEvidence'));
  if (!incident) return;
  const actor = actorOf(context.activity);
  const added: string[] = [];
  const attachmentsKey = activityKey(context);
  for (const [i, a] of attachments.entries()) {
    const result = await ctx.service.apply(incident.id, {
      type: 'addEvidence', kind: 'attachment', text: a.name, url: a.url, contentType: a.contentType, actor, key: `${attachmentsKey}:attachment:${i}`,
    });
    if (result.ok) {
      added.push(a.name);
      continue;
    }
    if ('rejection' in result) {
      await auditRefusal(ctx, incident.id, actor, rejectionRefusal(typeVerb('addEvidence'), result.rejection), { activityId: context.activity.id, rejection: result.rejection.code });
    }
    await context.sendActivity(textActivity(`"${escapeMarkdown(a.name)}" was not recorded: ${'rejection' in result ? describeRejection(result.rejection) : 'the incident is busy, try again'}`));
  }
  if (added.length) await context.sendActivity(textActivity(`Recorded as evidence on ${incident.id}: ${added.map(escapeMarkdown).join(', ')}.`));
}

async function handoverTarget(context: TurnContext): Promise<Actor | undefined> {
  const [mention] = mentionedUsers(context.activity);
  if (!mention) return undefined;
  try {
    const member = await TeamsInfo.getMember(context, mention.id);
    return { id: (member.aadObjectId ?? mention.id).toLowerCase(), name: member.name ?? mention.name };
  } catch {
    return { id: mention.id.toLowerCase(), name: mention.name };
  }
}

/** Audits a typed request refused by the rate limit when it is about an incident (named, or the only one open here). Sends nothing. */
async function auditThrottled(ctx: BotContext, context: TurnContext, retryAfterSeconds: number): Promise<void> {
  const text = typedText(context.activity);
  const command = parseTextCommand(text);
  const verb = chatAttachments(context.activity).length && !text ? typeVerb('addEvidence') : typedVerbs[command.kind];
  if (!verb) return;
  const named = 'incidentId' in command ? command.incidentId : undefined;
  const open = named ? [named] : await ctx.service.openIn(context.activity.conversation.id);
  if (open.length !== 1) return;
  await auditRefusal(ctx, open[0], actorOf(context.activity), rateLimitRefusal(verb, retryAfterSeconds), { activityId: context.activity.id });
}

/** Only approvers choose where summaries and escalations go: a summary channel decides who reads about every incident. */
async function setSummaryChannel(ctx: BotContext, context: TurnContext): Promise<void> {
  const actor = actorOf(context.activity);
  if (!(await ctx.service.isApprover(actor.id))) {
    ctx.log.info({ activityId: context.activity.id, conversationId: context.activity.conversation.id }, 'set summary channel refused: not an approver');
    await context.sendActivity(textActivity('Only a configured approver can choose the summary channel. Nothing was changed.'));
    return;
  }
  const channel = teamsChannelOf(context.activity);
  if (context.activity.conversation.conversationType !== 'channel' || !channel.channelId) {
    await context.sendActivity(textActivity('Type "set summary channel" in the Teams channel where the leads should read incident summaries.'));
    return;
  }
  const team = channel.teamId ? await ctx.records.team(channel.teamId) : undefined;
  const name = channel.channelName ?? team?.channels.find((c) => c.id === channel.channelId)?.name ?? (channel.channelId === channel.teamId ? 'General' : undefined);
  await ctx.records.saveSummaryChannel({
    channelId: channel.channelId,
    ...(name ? { name } : {}),
    ...(channel.teamId ? { teamId: channel.teamId } : {}),
    setBy: actor.name,
    at: ctx.now().toISOString(),
  });
  ctx.log.info({ channelId: channel.channelId, activityId: context.activity.id }, 'summary channel set');
  await context.sendActivity(textActivity(`Incident summaries and escalations will be posted to this channel${name ? ` (${name})` : ''}.`));
}
