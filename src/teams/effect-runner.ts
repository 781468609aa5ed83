import { randomUUID } from 'node:crypto';
import { renderApprovalCard, renderEscalationCard, renderIncidentCard, renderSummaryCard } from '../cards';
import type { Effect } from '../incident/effects';
import type { Incident } from '../incident/types';
import type { IncidentService } from './incident-service';
import type { Logger } from './logger';
import type { TeamsRecords } from './records';
import { sharedApprovalView } from './approval-refresh';
import { type CardJson, cardActivity, type PostedActivity, textActivity, type Transport } from './transport';

// Carries out the effects decide() returned: cards to approvers, posts to the leads' channel, in-place updates.

export interface EffectSettings {
  approversConversationId?: string;
  summaryChannelId?: string;
  /** Real Teams only: approval cards show the buttons to approvers only (refresh.userIds). */
  /** approverIds: everyone who may approve now (configured ids and the cached Entra group members). */
  approvalRefresh?: { approverIds: () => readonly string[] };
}

/** Which card the invoke answer itself replaces, so the runner does not update it twice. */
export type AnsweredInPlace = { view: 'incident' } | { view: 'approval'; activityId?: string } | { view: 'none' };

export interface EffectOutcome {
  incident: Incident;
  notices: string[];
}

export const botActor = { id: 'runbook-bot', name: 'Runbook bot' };

export class EffectRunner {
  constructor(
    private readonly service: IncidentService,
    private readonly records: TeamsRecords,
    private readonly settings: EffectSettings,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
    /** Runs live checks after the turn; absent when none are configured. */
    private readonly diagnostics?: { schedule(incidentId: string, requestId: string): void },
  ) {}

  /** Runs effects in order; a failed send becomes a notice in words, never an exception to the user. */
  async run(incident: Incident, effects: Effect[], transport: Transport, answered: AnsweredInPlace): Promise<EffectOutcome> {
    const notices: string[] = [];
    let latest = incident;
    for (const effect of effects) {
      try {
        latest = await this.runOne(latest, effect, transport, answered, notices);
      } catch (err) {
        this.log.error({ incidentId: incident.id, effect: effect.kind, err: describeError(err) }, 'effect failed');
        notices.push(`Could not ${effectWords[effect.kind]}: ${describeError(err)}.`);
      }
    }
    return { incident: latest, notices };
  }

  private async runOne(incident: Incident, effect: Effect, t: Transport, answered: AnsweredInPlace, notices: string[]): Promise<Incident> {
    const runbook = this.service.runbookOf(incident);
    switch (effect.kind) {
      case 'showIncident':
        if (answered.view !== 'incident') await this.refreshIncidentCard(incident, t);
        return incident;
      case 'requestApproval': {
        const card = cardActivity(await this.approvalView(incident, effect.approvalId), `Approval needed for ${incident.id}`);
        if (this.settings.approversConversationId) {
          const posted = await t.send(t.referenceTo(this.settings.approversConversationId, 'groupChat'), card);
          await this.records.addApprovalCard(effect.approvalId, posted);
        } else {
          notices.push('No approvers\' conversation is configured (APPROVERS_CONVERSATION_ID): approvers can decide on the card below.');
        }
        const here = await t.send(this.originReference(incident, t), card);
        await this.records.addApprovalCard(effect.approvalId, here);
        return incident;
      }
      case 'updateApproval': {
        const card = cardActivity(await this.approvalView(incident, effect.approvalId));
        const skip = answered.view === 'approval' ? answered.activityId : undefined;
        for (const posted of await this.records.approvalCards(effect.approvalId)) {
          if (posted.activityId && posted.activityId !== skip) await t.update(posted, card);
        }
        return incident;
      }
      case 'postSummary':
        return this.postSummary(incident, t, notices);
      case 'postEscalation': {
        const channel = await this.leadsChannel();
        if (!channel) {
          notices.push('Escalation not posted: no leads\' channel is set. Type "set summary channel" in the leads\' channel.');
          return incident;
        }
        await t.postToChannel(channel.channelId, cardActivity(renderEscalationCard(incident, runbook, effect.reason, this.now()), `Escalation: ${incident.id}`));
        // Posted: a failure to mark it must not read as a failed post (the repairer would then post it again, once).
        await this.records.markEscalationPosted(incident.id, this.now().toISOString()).catch((err: unknown) =>
          this.log.warn({ incidentId: incident.id, err: describeError(err) }, 'escalation posted but not marked'),
        );
        notices.push(`Escalation posted to ${channel.name ?? 'the leads\' channel'}.`);
        return incident;
      }
      case 'notify':
        await t.send(this.originReference(incident, t), textActivity(effect.text));
        return incident;
      case 'runDiagnostics':
        if (this.diagnostics) this.diagnostics.schedule(incident.id, effect.requestId);
        else notices.push('Live checks are not set up in this installation: run the command starters by hand.');
        return incident;
    }
  }

  /** The approval card everyone sees: with buttons, or (refresh on, approvers' Teams ids known) the shared view. */
  async approvalView(incident: Incident, approvalId: string): Promise<CardJson> {
    const card = renderApprovalCard(incident, this.service.runbookOf(incident), approvalId, this.now());
    const refresh = this.settings.approvalRefresh;
    const pending = incident.approvals.find((a) => a.id === approvalId)?.status === 'pending';
    if (!refresh || !pending) return card;
    const userIds = await this.records.teamsUserIds(refresh.approverIds());
    const shared = userIds && sharedApprovalView(card, { incidentId: incident.id, approvalId }, userIds);
    if (!shared) this.log.info({ incidentId: incident.id, approvalId }, 'approval card sent with buttons for all: not every approver\'s Teams id is known yet');
    return shared || card;
  }

  private originReference(incident: Incident, t: Transport) {
    return incident.origin.conversationId === t.conversationId
      ? t.currentReference()
      : t.referenceTo(incident.origin.conversationId, incident.origin.kind);
  }

  /** Updates the incident's latest card in place, or posts a new one in its conversation. */
  async refreshIncidentCard(incident: Incident, t: Transport): Promise<void> {
    const card = cardActivity(renderIncidentCard(incident, this.service.runbookOf(incident), this.now()));
    const posted = await this.records.incidentCard(incident.id);
    if (posted?.activityId) {
      await t.update(posted, card);
      return;
    }
    await this.records.saveIncidentCard(incident.id, await t.send(this.originReference(incident, t), card));
  }

  private async leadsChannel() {
    const stored = await this.records.summaryChannel();
    if (stored) return stored;
    return this.settings.summaryChannelId ? { channelId: this.settings.summaryChannelId, name: undefined } : undefined;
  }

  private async postSummary(incident: Incident, t: Transport, notices: string[]): Promise<Incident> {
    const channel = await this.leadsChannel();
    let outcome: { ok: true; where: string } | { ok: false; error: string };
    if (!channel) {
      outcome = { ok: false, error: 'no leads\' channel is set (type "set summary channel" in that channel, or set SUMMARY_CHANNEL_ID)' };
    } else {
      try {
        const runbook = this.service.runbookOf(incident);
        await t.postToChannel(channel.channelId, cardActivity(renderSummaryCard(incident, runbook), `Incident summary: ${incident.id}`));
        outcome = { ok: true, where: channel.name ?? 'the leads\' channel' };
      } catch (err) {
        this.log.warn({ incidentId: incident.id, err: describeError(err) }, 'summary post failed');
        outcome = { ok: false, error: describeError(err) };
      }
    }
    notices.push(outcome.ok ? `Summary posted to ${outcome.where}.` : `The summary was not posted: ${outcome.error}. It is kept; use Retry posting.`);
    const recorded = await this.service.apply(incident.id, {
      type: 'recordSummaryPost',
      ...(outcome.ok ? { ok: true, where: outcome.where } : { ok: false, error: outcome.error }),
      actor: botActor,
      key: randomUUID(),
    });
    return recorded.ok ? recorded.incident : incident;
  }
}

const effectWords: Record<Effect['kind'], string> = {
  showIncident: 'update the incident card',
  requestApproval: 'send the approval request',
  updateApproval: 'update the approval cards',
  postSummary: 'post the summary',
  postEscalation: 'post the escalation to the leads\' channel',
  notify: 'send the notification',
  runDiagnostics: 'start the live checks',
};

/** An error in words for people and logs: status codes named, no stack, no tokens. */
export function describeError(err: unknown): string {
  const status = (err as { statusCode?: number })?.statusCode;
  const code = (err as { code?: string })?.code;
  if (status === 403) return 'the bot is not allowed to post there (403: removed from the team or blocked)';
  if (status === 404) return 'the conversation was not found (404)';
  if (status === 429) return 'Teams asked the bot to slow down (429)';
  if (status) return `Teams answered ${status}`;
  if (code === 'ECONNREFUSED') return 'the Teams service could not be reached';
  return err instanceof Error ? err.message.split('\n')[0].slice(0, 200) : 'unknown error';
}

export type { PostedActivity };
