import { randomUUID } from 'node:crypto';
import { escapeMarkdown, type Notice, renderPickerCard } from '../cards';
import { type Asked, authorize } from '../incident/authorization';
import type { CommandBody } from '../incident/commands';
import { describeRejection } from '../incident/rejections';
import { commandVerb, rateLimitRefusal, rejectionRefusal, typeVerb, viewVerbs } from '../incident/refusals';
import type { Incident } from '../incident/types';
import type { Stored } from '../store/incident-store';
import { OpeningInProgressError, openingInProgressWords } from '../teams/opening-claim';
import type { TeamsRecords } from '../teams/records';
import { commandKey } from './command-key';
import type { Deliverer } from './deliverer';
import { evidencePackReplies } from './evidence-pack-replies';
import type { IncidentService } from './incident-service';
import type { Logger } from './logger';
import { cardActivity, textActivity } from './outbound';
import { inIncidentConversation } from './place';
import { plannedNotices } from './planned-notices';
import { type RateLimit, slowDownWords } from './rate-limit';
import { RefusalAuditor } from './refusal-audit';
import type { Answer, Ask, Request } from './request';
import { Responder } from './responder';
import { helpText } from './help-text';

// One way through the edge for every activity, typed or clicked:
// limit -> read -> authorize (pure policy) -> decide + save (the one writer) -> answer -> deliver the outbox after the answer.
// Every refusal on an incident is answered in words and audited in one place (RefusalAuditor).

export interface PipelineDeps {
  service: IncidentService;
  records: TeamsRecords;
  deliverer: Deliverer;
  log: Logger;
  now: () => Date;
  rateLimit?: RateLimit;
  settings: { approversConversationId?: string; diagnostics: boolean };
}

type Read = { stored: Stored<Incident> } | { answer: Answer };

export class Pipeline {
  private readonly refusals: RefusalAuditor;

  constructor(private readonly deps: PipelineDeps) {
    this.refusals = new RefusalAuditor(deps.service, deps.log);
  }

  async handle(request: Request): Promise<Answer> {
    const { ask, from } = request;
    const say = new Responder(request, this.deps.service, this.deps.now);
    // 1. limit: approval refreshes are fired by Teams clients when a card is shown, not by a person: not counted.
    const allowance = ask.kind === 'viewApproval' ? undefined : this.deps.rateLimit?.take(from.actor.id);
    if (allowance && !allowance.ok) return this.throttled(request, say, allowance.retryAfterSeconds, allowance.firstRefusal !== false);

    switch (ask.kind) {
      case 'help':
        return say.card('Runbook bot: what you can type', helpText);
      case 'unknown':
        return say.card('Not a command I know', `"${ask.text}" is not a command. ${helpText}`);
      case 'invalid':
        return this.invalid(request, say, ask);
      case 'open':
        return this.open(request, say, ask);
      case 'setSummaryChannel':
        return this.setSummaryChannel(request, say);
      default:
        break;
    }

    // 2. read
    const read = await this.read(request, say, 'incidentId' in ask ? ask.incidentId : undefined);
    if ('answer' in read) return read.answer;
    const incident = read.stored.value;

    // 3. authorize
    const approvalId = ask.kind === 'viewApproval' ? ask.approvalId : ask.kind === 'command' && ask.body.type === 'decideApproval' ? ask.body.approvalId : undefined;
    const member = inIncidentConversation(from.origin.conversationId, incident.origin);
    const isApprover = approvalId !== undefined && !member ? await this.deps.service.isApprover(from.actor.id) : false;
    const approvalCardHere = approvalId !== undefined && !member && !isApprover ? await this.approvalCardIn(approvalId, from.origin.conversationId) : false;
    const asked = askedOf(ask);
    const verdict = authorize(asked, { inIncidentConversation: member, approvalCardHere }, isApprover);
    if (!verdict.allowed) {
      await this.refusals.record(incident.id, from.actor, verdict.refusal, { activityId: from.activityId, ...(ask.kind === 'command' ? { command: ask.body.type } : {}) });
      if (verdict.code === 'not-approver') return say.card('Approval request', describeRejection({ code: 'not-approver' }), 'attention');
      return say.outside(incident.id);
    }

    // 4. act and answer
    switch (ask.kind) {
      case 'view':
        return say.incident(incident);
      case 'export': {
        const pack = evidencePackReplies(incident, this.deps.service.runbookOf(incident));
        return { card: say.incident(incident, pack.notice).card, replies: pack.replies };
      }
      case 'viewApproval': {
        const viewer = member ? await this.deps.service.isApprover(from.actor.id) : isApprover;
        return { card: viewer ? say.approvalCard(incident, ask.approvalId) : await this.deps.deliverer.approvalView(incident, ask.approvalId), replies: [] };
      }
      case 'handoverWhom':
        return say.card('Hand over to whom?', 'Mention the person who takes over, e.g. "handover @Riley Responder".', 'attention');
      case 'attachments':
        return this.attach(request, read.stored, ask.items);
      case 'command':
        return this.command(request, say, read.stored, ask, { member, approvalId, seesApproval: approvalId !== undefined && (member || isApprover || approvalCardHere) });
    }
  }

  /** 5. decide + save through the one writer, answer, and hand the outbox to the deliverer. */
  private async command(
    request: Request,
    say: Responder,
    stored: Stored<Incident>,
    ask: Extract<Ask, { kind: 'command' }>,
    place: { member: boolean; approvalId?: string; seesApproval: boolean },
  ): Promise<Answer> {
    const { from } = request;
    const { body } = ask;
    const id = stored.value.id;
    const key = ask.key ? commandKey(ask.key, from.actor.id, body) : `${activityKey(request)}:${body.type}`;
    const result = await this.deps.service.apply(id, { ...body, actor: from.actor, key, ...(ask.version !== undefined ? { version: ask.version } : {}) }, stored);
    const view = (incident: Incident, notice?: Notice): Answer => {
      if (place.approvalId && place.seesApproval && request.via === 'card' && incident.approvals.some((a) => a.id === place.approvalId)) {
        return { card: say.approvalCard(incident, place.approvalId, notice), replies: [] };
      }
      if (place.member) return say.incident(incident, notice);
      return say.card('Approval request', notice?.text ?? 'Done.', notice?.tone ?? 'default');
    };
    if ('notFound' in result) return say.notFound(id);
    if ('busy' in result) {
      const current = await this.deps.service.get(id);
      const text = 'Several people changed this incident at the same moment. Nothing was lost; please try again.';
      return current && request.via === 'card' ? view(current, { text, tone: 'attention' }) : say.words(text);
    }
    if (!result.ok) {
      await this.refusals.record(id, from.actor, rejectionRefusal(commandVerb(body), result.rejection), { activityId: from.activityId, command: body.type, rejection: result.rejection.code });
      const words = describeRejection(result.rejection);
      return request.via === 'card' ? view(result.incident, { text: words, tone: 'attention' }) : say.words(words);
    }
    if (result.duplicate) return view(result.incident);

    this.deps.log.info({ incidentId: id, activityId: from.activityId, verb: body.type, version: result.incident.version, queued: result.queued.length }, 'command applied');
    // The incident card is the answer when it was clicked in the incident's conversation, or a typed command's reply there.
    const answersWithIncidentCard = place.member && !(request.via === 'card' && place.approvalId && place.seesApproval);
    if (request.via === 'card' && answersWithIncidentCard && from.replyToId) {
      await this.deps.records.saveIncidentCard(id, { reference: from.origin.reference as never, activityId: from.replyToId });
    }
    const showsIncident = result.effects.some((e) => e.kind === 'showIncident');
    this.deps.deliverer.later(id, result.queued, showsIncident && !answersWithIncidentCard);
    const notices = await plannedNotices(result.effects, this.deps.deliverer, this.deps.settings);
    return view(result.incident, notices.length ? { text: notices.join(' '), tone: 'default' } : undefined);
  }

  /** The incident the request is about, read with its etag: named by id, or (typed) the only one open here. */
  private async read(request: Request, say: Responder, incidentId: string | undefined): Promise<Read> {
    if (incidentId) {
      const stored = await this.deps.service.read(incidentId);
      return stored ? { stored } : { answer: request.via === 'card' ? say.notFound(incidentId) : say.words(`Incident ${incidentId} was not found.`) };
    }
    const open = await this.deps.service.openIn(request.from.origin.conversationId);
    if (open.length === 0) return { answer: say.words('There is no open incident in this conversation. Type **start** to open one, or **help** for the commands.') };
    if (open.length > 1) return { answer: say.words(`Several incidents are open here: ${open.join(', ')}. Put the id first, e.g. "${open[0]} status".`) };
    const stored = await this.deps.service.read(open[0]);
    return stored ? { stored } : { answer: say.words(`Incident ${open[0]} was not found.`) };
  }

  private async approvalCardIn(approvalId: string, conversationId: string): Promise<boolean> {
    return (await this.deps.records.approvalCards(approvalId)).some((posted) => posted.reference.conversation?.id === conversationId);
  }

  private async invalid(request: Request, say: Responder, ask: Extract<Ask, { kind: 'invalid' }>): Promise<Answer> {
    this.deps.log.warn({ activityId: request.from.activityId, incidentId: ask.incidentId, reason: ask.message }, 'card action refused');
    const incident = ask.incidentId ? await this.deps.service.get(ask.incidentId) : undefined;
    if (incident && inIncidentConversation(request.from.origin.conversationId, incident.origin)) return say.incident(incident, { text: ask.message, tone: 'attention' });
    return say.card('Action not understood', ask.message, 'attention');
  }

  /** Opens an incident once per key: the picker button's own key, else the activity's id (a redelivery opens nothing new). */
  private async open(request: Request, say: Responder, ask: Extract<Ask, { kind: 'open' }>): Promise<Answer> {
    const { service, log, records } = this.deps;
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
    log.info({ incidentId: opened.incident.id, activityId: request.from.activityId, redelivered: opened.reopened }, opened.reopened ? 'repeated opening: incident already open' : 'incident opened');
    if (request.via === 'card' && request.from.replyToId) {
      await records.saveIncidentCard(opened.incident.id, { reference: request.from.origin.reference as never, activityId: request.from.replyToId });
    }
    return say.incident(opened.incident);
  }

  /** Chat attachments become evidence, one command each (keyed by the activity and position). */
  private async attach(request: Request, stored: Stored<Incident>, items: Extract<Ask, { kind: 'attachments' }>['items']): Promise<Answer> {
    const { from } = request;
    const id = stored.value.id;
    const added: string[] = [];
    const replies: Answer['replies'] = [];
    for (const [i, a] of items.entries()) {
      const body: CommandBody = { type: 'addEvidence', kind: 'attachment', text: a.name, url: a.url, contentType: a.contentType };
      const result = await this.deps.service.apply(id, { ...body, actor: from.actor, key: `${activityKey(request)}:attachment:${i}` });
      if (result.ok) {
        added.push(a.name);
        this.deps.deliverer.later(id, result.queued, false);
        continue;
      }
      if ('rejection' in result) {
        await this.refusals.record(id, from.actor, rejectionRefusal(typeVerb('addEvidence'), result.rejection), { activityId: from.activityId, rejection: result.rejection.code });
      }
      const why = 'rejection' in result ? describeRejection(result.rejection) : 'the incident is busy, try again';
      replies.push({ activity: textActivity(`"${escapeMarkdown(a.name)}" was not recorded: ${why}`) });
    }
    if (added.length) replies.push({ activity: textActivity(`Recorded as evidence on ${id}: ${added.map(escapeMarkdown).join(', ')}.`) });
    return { replies };
  }

  /** Only approvers choose where summaries and escalations go: a summary channel decides who reads about every incident. */
  private async setSummaryChannel(request: Request, say: Responder): Promise<Answer> {
    const { from } = request;
    const verdict = authorize({ kind: 'setSummaryChannel', verb: 'set the summary channel' }, { inIncidentConversation: false, approvalCardHere: false }, await this.deps.service.isApprover(from.actor.id));
    if (!verdict.allowed) {
      this.deps.log.info({ activityId: from.activityId, conversationId: from.origin.conversationId }, 'set summary channel refused: not an approver');
      return say.words('Only a configured approver can choose the summary channel. Nothing was changed.');
    }
    const channel = from.channel;
    if (from.origin.kind !== 'channel' || !channel.channelId) {
      return say.words('Type "set summary channel" in the Teams channel where the leads should read incident summaries.');
    }
    const team = channel.teamId ? await this.deps.records.team(channel.teamId) : undefined;
    const name = channel.channelName ?? team?.channels.find((c) => c.id === channel.channelId)?.name ?? (channel.channelId === channel.teamId ? 'General' : undefined);
    await this.deps.records.saveSummaryChannel({
      channelId: channel.channelId,
      ...(name ? { name } : {}),
      ...(channel.teamId ? { teamId: channel.teamId } : {}),
      setBy: from.actor.name,
      at: this.deps.now().toISOString(),
    });
    this.deps.log.info({ channelId: channel.channelId, activityId: from.activityId }, 'summary channel set');
    return say.words(`Incident summaries and escalations will be posted to this channel${name ? ` (${name})` : ''}.`);
  }

  /** Over the allowance: the words, where the person may see them on the incident's card; a flood is audited once. */
  private async throttled(request: Request, say: Responder, seconds: number, audit: boolean): Promise<Answer> {
    const { ask, from } = request;
    this.deps.log.info({ activityId: from.activityId, retryAfterSeconds: seconds }, 'request rate-limited');
    const words = slowDownWords(seconds);
    const verb = askedVerb(ask);
    const named = 'incidentId' in ask ? ask.incidentId : undefined;
    const open = verb && !named && request.via === 'message' ? await this.deps.service.openIn(from.origin.conversationId) : [];
    const incidentId = named ?? (open.length === 1 ? open[0] : undefined);
    const incident = incidentId ? await this.deps.service.get(incidentId) : undefined;
    if (incident && verb && audit) await this.refusals.record(incident.id, from.actor, rateLimitRefusal(verb, seconds), { activityId: from.activityId });
    if (request.via === 'message') return say.words(words);
    if (incident && inIncidentConversation(from.origin.conversationId, incident.origin)) return say.incident(incident, { text: words, tone: 'attention' });
    return say.card('One moment, please', words, 'attention');
  }
}

/** The activity's own id: what makes a redelivery repeat its key. An activity without one cannot repeat, so it gets a fresh key. */
function activityKey(request: Request): string {
  return request.from.activityId || randomUUID();
}

/** The request as the policy sees it. Only asks about an existing incident reach the policy this way. */
function askedOf(ask: Ask): Asked {
  switch (ask.kind) {
    case 'command':
      return { kind: 'command', type: ask.body.type, verb: commandVerb(ask.body) };
    case 'attachments':
      return { kind: 'command', type: 'addEvidence', verb: typeVerb('addEvidence') };
    case 'handoverWhom':
      return { kind: 'command', type: 'handover', verb: typeVerb('handover') };
    case 'view':
      return { kind: 'view', verb: viewVerbs.show };
    case 'export':
      return { kind: 'export', verb: viewVerbs.export };
    case 'viewApproval':
      return { kind: 'viewApproval', verb: viewVerbs.approval };
    default:
      return { kind: 'open', verb: ask.kind };
  }
}

/** The request as a verb for the audit; undefined when it is about no incident (help, an opening, an unparseable payload). */
function askedVerb(ask: Ask): string | undefined {
  switch (ask.kind) {
    case 'command':
    case 'attachments':
    case 'handoverWhom':
    case 'view':
    case 'export':
    case 'viewApproval':
      return askedOf(ask).verb;
    default:
      return undefined;
  }
}
