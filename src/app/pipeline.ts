import type { Notice } from '../cards';
import { authorize } from '../incident/authorization';
import { describeRejection, type Rejection } from '../incident/rejections';
import type { CommandBody } from '../incident/commands';
import { keepTyped } from '../cards/keep-typed';
import { commandVerb, rejectionRefusal } from '../incident/refusals';
import { isOpen } from '../incident/progress';
import type { Incident } from '../incident/types';
import type { Stored } from '../store/incident-store';
import { activityKey } from './activity-key';
import { askedOf } from './asked';
import { attachStep } from './attach-step';
import { commandKey } from './command-key';
import { evidencePackReplies } from './evidence-pack-replies';
import { handoverCardAnswer, handoverPick } from './handover-step';
import { helpText } from './help-text';
import { openStep } from './open-step';
import type { PipelineDeps, StepDeps } from './pipeline-deps';
import { inIncidentConversation } from './place';
import { plannedNotices } from './planned-notices';
import { type ReadOutcome, readIncident } from './read-incident';
import { RefusalAuditor } from './refusal-audit';
import type { Answer, Ask, Request } from './request';
import { Responder } from './responder';
import { summaryChannelStep } from './summary-channel-step';
import { tagTurn } from '../telemetry/spans';
import { throttleStep } from './throttle-step';

// One way through the edge for every activity, typed or clicked:
// limit -> read -> authorize (pure policy) -> decide + save (the one writer) -> answer -> deliver the outbox after the answer.
// Every refusal on an incident is answered in words and audited in one place (RefusalAuditor). The steps:
// throttle-step, read-incident, the policy (src/incident/authorization.ts), command() here, open-step, attach-step,
// summary-channel-step; answers through responder.ts; the outbox through deliverer.ts.

export type { PipelineDeps } from './pipeline-deps';

type Read = ReadOutcome;
type Kept = { typed: Record<string, string>; flagged: ReadonlySet<string> };
type View = (incident: Incident, notice?: Notice, kept?: Kept) => Answer;
type Keep = (flagged?: ReadonlySet<string>) => Kept;

/** The card inputs a rejection is about: intake fields are inputs "f_<field id>". */
function flaggedInputs(rejection: Rejection): ReadonlySet<string> {
  if (rejection.code !== 'invalid-input') return new Set();
  return new Set(rejection.problems.flatMap((p) => (p.fieldId ? [`f_${p.fieldId}`, p.fieldId] : [])));
}

export class Pipeline {
  private readonly deps: StepDeps;

  constructor(deps: PipelineDeps) {
    this.deps = { ...deps, refusals: new RefusalAuditor(deps.service, deps.log) };
  }

  async handle(request: Request): Promise<Answer> {
    const { ask, from } = request;
    const say = new Responder(request, this.deps.service, this.deps.now);
    tagTurn({
      ask: ask.kind,
      ...(ask.kind === 'command' ? { verb: ask.body.type } : {}),
      ...('incidentId' in ask && ask.incidentId ? { incidentId: ask.incidentId } : {}),
    });
    // 1. limit: approval refreshes are fired by Teams clients when a card is shown, not by a person: not counted.
    const allowance = ask.kind === 'viewApproval' ? undefined : this.deps.rateLimit?.take(from.actor.id);
    if (allowance && !allowance.ok) return throttleStep(this.deps, request, say, allowance.retryAfterSeconds, allowance.flood);

    switch (ask.kind) {
      case 'help':
        return say.card('Runbook bot: what you can type', '', 'default', helpText);
      case 'unknown':
        return say.card('Not a command I know', `"${ask.text}" is not a command.`, 'default', helpText);
      case 'invalid':
        return this.invalid(request, say, ask);
      case 'open':
        return openStep(this.deps, request, say, ask);
      case 'setSummaryChannel':
        return summaryChannelStep(this.deps, request, say);
      default:
        break;
    }

    // 2. read
    const read: Read = await readIncident(this.deps, request, say, 'incidentId' in ask ? ask.incidentId : undefined);
    if ('answer' in read) return read.answer;
    const incident = read.stored.value;
    tagTurn({ incidentId: incident.id });

    // 3. authorize
    const approvalId =
      ask.kind === 'viewApproval' ? ask.approvalId : ask.kind === 'command' && ask.body.type === 'decideApproval' ? ask.body.approvalId : undefined;
    const member = inIncidentConversation(from.origin.conversationId, incident.origin);
    const isApprover = approvalId !== undefined && !member ? await this.deps.service.isApprover(from.actor.id) : false;
    // The approval must be the named incident's: another incident's card posted here opens nothing of this one.
    const ownApproval = approvalId !== undefined && incident.approvals.some((a) => a.id === approvalId);
    const approvalCardHere = ownApproval && !member && !isApprover ? await this.approvalCardIn(approvalId, from.origin.conversationId) : false;
    const asked = askedOf(ask);
    const verdict = authorize(asked, { inIncidentConversation: member, approvalCardHere }, isApprover);
    if (!verdict.allowed) {
      tagTurn({ outcome: 'not allowed' });
      await this.deps.refusals.record(incident.id, from.actor, verdict.refusal, {
        activityId: from.activityId,
        ...(ask.kind === 'command' ? { command: ask.body.type } : {}),
      });
      if (verdict.code === 'not-approver') return say.card('Approval request', describeRejection({ code: 'not-approver' }), 'attention');
      return say.outside(incident.id);
    }

    // 4. act and answer
    switch (ask.kind) {
      case 'view':
        return say.incident(incident, undefined, undefined, ask.form);
      case 'export': {
        const pack = evidencePackReplies(incident, this.deps.service.runbookOf(incident));
        return { card: say.incident(incident, pack.notice).card, replies: pack.replies };
      }
      case 'viewApproval': {
        const viewer = member ? await this.deps.service.isApprover(from.actor.id) : isApprover;
        return { card: viewer ? say.approvalCard(incident, ask.approvalId) : await this.deps.deliverer.approvalView(incident, ask.approvalId), replies: [] };
      }
      case 'handoverWhom':
        return handoverCardAnswer(request, incident);
      case 'handoverPick': {
        const picked = await handoverPick(this.deps, request, incident, ask);
        if ('answer' in picked) return picked.answer;
        const handover = {
          kind: 'command',
          incidentId: incident.id,
          body: { type: 'handover', to: picked.to },
          key: ask.key,
          version: ask.version,
          typed: ask.typed,
        } as const;
        return this.command(request, say, read.stored, handover, { member, seesApproval: false }, { note: picked.note });
      }
      case 'attachments':
        return attachStep(this.deps, request, read.stored, ask.items);
      case 'command':
        return this.command(request, say, read.stored, ask, {
          member,
          approvalId,
          seesApproval: approvalId !== undefined && (member || isApprover || approvalCardHere),
        });
    }
  }

  /**
   * 5. decide + save through the one writer, answer, and hand the outbox to the deliverer. `handoverCard`: the command
   * was clicked on the handover card, which a refusal brings back (with what was typed) and a handover answers in words.
   */
  private async command(
    request: Request,
    say: Responder,
    stored: Stored<Incident>,
    ask: Extract<Ask, { kind: 'command' }>,
    place: { member: boolean; approvalId?: string; seesApproval: boolean },
    handoverCard?: { note?: string },
  ): Promise<Answer> {
    const { from } = request;
    const id = stored.value.id;
    const view = (incident: Incident, notice?: Notice, kept?: { typed: Record<string, string>; flagged: ReadonlySet<string> }): Answer => {
      if (handoverCard && request.via === 'card' && isOpen(incident)) {
        if (kept) return handoverCardAnswer(request, incident, notice, kept);
        const words = [`${incident.id} is now owned by ${incident.owner.name}.`, handoverCard.note, notice?.text].filter(Boolean).join(' ');
        return say.card('Handed over', words, 'good');
      }
      if (place.approvalId && place.seesApproval && request.via === 'card' && incident.approvals.some((a) => a.id === place.approvalId)) {
        return { card: keepTyped(say.approvalCard(incident, place.approvalId, notice), kept?.typed ?? {}, kept?.flagged), replies: [] };
      }
      // A refused correction comes back as the correction form, with what was typed.
      // So does an intake sent on a card someone else already moved past intake: their answers, as a correction to check.
      const correcting = kept !== undefined && ask.body.type === 'submitIntake' && (ask.body.correction === true || incident.phase !== 'intake');
      if (place.member) return say.incident(incident, notice, kept, correcting ? 'intake' : undefined);
      return say.card('Approval request', notice?.text ?? 'Done.', notice?.tone ?? 'default');
    };
    // What the person typed comes back in the inputs of every refusal, the inputs it was about marked.
    const keep = (flagged: ReadonlySet<string> = new Set()) => ({ typed: ask.typed ?? {}, flagged });
    const saved = await this.saveSummaryFirst(request, stored, ask);
    if ('answer' in saved) return saved.answer(view, keep);
    const { body, version } = saved;
    const key = ask.key ? commandKey(ask.key, from.actor.id, body) : `${activityKey(request)}:${body.type}`;
    const result = await this.deps.service.apply(id, { ...body, actor: from.actor, key, ...(version !== undefined ? { version } : {}) }, saved.stored);
    tagTurn({ outcome: 'notFound' in result ? 'not found' : 'busy' in result ? 'busy' : !result.ok ? 'refused' : result.duplicate ? 'duplicate' : 'applied' });
    if ('notFound' in result) return say.notFound(id);
    if ('busy' in result) {
      const current = await this.deps.service.get(id);
      const text = 'Several people changed this incident at the same moment. Nothing was lost; please try again.';
      return current && request.via === 'card' ? view(current, { text, tone: 'attention' }, keep()) : say.words(text);
    }
    if (!result.ok) {
      await this.deps.refusals.record(id, from.actor, rejectionRefusal(commandVerb(body), result.rejection), {
        activityId: from.activityId,
        command: body.type,
        rejection: result.rejection.code,
      });
      const words = describeRejection(result.rejection);
      return request.via === 'card' ? view(result.incident, { text: words, tone: 'attention' }, keep(flaggedInputs(result.rejection))) : say.words(words);
    }
    if (result.duplicate) return view(result.incident);

    this.deps.log.info(
      { incidentId: id, activityId: from.activityId, verb: body.type, version: result.incident.version, queued: result.queued.length },
      'command applied',
    );
    // The incident card is the answer when it was clicked in the incident's conversation, or a typed command's reply there.
    // The handover card answers in words; the incident card is updated in place by the deliverer.
    const answersWithIncidentCard = place.member && !handoverCard && !(request.via === 'card' && place.approvalId && place.seesApproval);
    if (request.via === 'card' && answersWithIncidentCard && from.replyToId) {
      // A click on an older card makes it the live one: the one live before it becomes the stub.
      await this.deps.deliverer.cardTaken(result.incident, { reference: from.origin.reference as never, activityId: from.replyToId });
    }
    const showsIncident = result.effects.some((e) => e.kind === 'showIncident');
    this.deps.deliverer.later(id, result.queued, showsIncident && !answersWithIncidentCard);
    const notices = await plannedNotices(result.effects, this.deps.deliverer, this.deps.settings);
    return view(result.incident, notices.length ? { text: notices.join(' '), tone: 'default' } : undefined);
  }

  /**
   * "Post summary and close" carries the summary as it is on the card: edits not saved yet are saved first (one
   * editSummary through the one writer), so Post never posts, or refuses over, an older text than the one shown.
   */
  private async saveSummaryFirst(
    request: Request,
    stored: Stored<Incident>,
    ask: Extract<Ask, { kind: 'command' }>,
  ): Promise<{ body: CommandBody; version?: number; stored?: Stored<Incident> } | { answer: (view: View, keep: Keep) => Answer }> {
    const { body } = ask;
    if (body.type !== 'close' || !body.fields) return { body, version: ask.version, stored };
    const current = stored.value.summary.fields;
    const changed = Object.fromEntries(Object.entries(body.fields).filter(([k, v]) => (current[k] ?? '') !== v.trim()));
    if (Object.keys(changed).length === 0) return { body: { type: 'close' }, version: ask.version, stored };
    const key = `${ask.key ?? activityKey(request)}:save-before-close`;
    const edited = await this.deps.service.apply(
      stored.value.id,
      {
        type: 'editSummary',
        fields: changed,
        actor: request.from.actor,
        key: commandKey(key, request.from.actor.id, { type: 'editSummary', fields: changed }),
        ...(ask.version !== undefined ? { version: ask.version } : {}),
      },
      stored,
    );
    if (edited.ok) return { body: { type: 'close' }, version: edited.duplicate ? ask.version : edited.incident.version };
    if ('rejection' in edited) {
      await this.deps.refusals.record(stored.value.id, request.from.actor, rejectionRefusal('edit the summary', edited.rejection), {
        activityId: request.from.activityId,
        command: 'editSummary',
        rejection: edited.rejection.code,
      });
      const words = describeRejection(edited.rejection);
      return {
        answer: (view, keep) => view(edited.incident, { text: `${words} Nothing was posted.`, tone: 'attention' }, keep(flaggedInputs(edited.rejection))),
      };
    }
    return {
      answer: (view, keep) =>
        view(stored.value, { text: 'Several people changed this incident at the same moment. Nothing was lost; please try again.', tone: 'attention' }, keep()),
    };
  }

  private async invalid(request: Request, say: Responder, ask: Extract<Ask, { kind: 'invalid' }>): Promise<Answer> {
    this.deps.log.warn({ activityId: request.from.activityId, incidentId: ask.incidentId, reason: ask.message }, 'card action refused');
    const incident = ask.incidentId ? await this.deps.service.get(ask.incidentId) : undefined;
    if (incident && inIncidentConversation(request.from.origin.conversationId, incident.origin))
      return say.incident(incident, { text: ask.message, tone: 'attention' });
    return say.card('Action not understood', ask.message, 'attention');
  }

  private async approvalCardIn(approvalId: string, conversationId: string): Promise<boolean> {
    return (await this.deps.records.approvalCards(approvalId)).some((posted) => posted.reference.conversation?.id === conversationId);
  }
}
