import { escapeMarkdown, renderApprovalCard, renderEscalationCard, renderSummaryCard } from '../cards';
import { isOpen } from '../incident/progress';
import { visibleText } from '../incident/visible-text';
import type { Effect } from '../incident/effects';
import type { Incident, OutboxEntry } from '../incident/types';
import type { TeamsRecords } from './records';
import { afterResponse } from './after-response';
import { sharedApprovalView } from './approval-refresh';
import { type IncidentCards, originReference } from './incident-cards';
import type { IncidentService } from './incident-service';
import type { Logger } from './logger';
import { type CardJson, cardActivity, type PostedActivity, textActivity, type Transport } from './outbound';

// The outbox deliverer: after the answer, sends each saved effect and marks it delivered (or failed, in words) with
// a bookkeeping command. Runs outside the turn, in the incident's conversation; a failure never reaches the answer.

export interface DeliverySettings {
  approversConversationId?: string;
  summaryChannelId?: string;
  /** Real Teams only: approval cards show the buttons to approvers only (refresh.userIds). */
  approvalRefresh?: { approverIds: () => readonly string[] };
}

/** Runs work with a transport in the incident's conversation, outside any turn (continueConversation). */
export type InConversation = (incident: Incident, work: (t: Transport) => Promise<void>) => Promise<void>;

/** A sending that cannot succeed by trying again (nothing configured to send to): the entry fails at once. */
class FinalDeliveryError extends Error {}

export const botActor = { id: 'runbook-bot', name: 'Runbook bot' };

/** An entry as this instance holds it: delivered only while its attempt number is still this one. */
export interface DeliveryClaim {
  id: string;
  attempts: number;
}

export class Deliverer {
  private readonly jobs = new Set<Promise<void>>();

  constructor(
    private readonly service: IncidentService,
    private readonly records: TeamsRecords,
    private readonly settings: DeliverySettings,
    private readonly inConversation: InConversation,
    private readonly cards: IncidentCards,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
    /** Starts live checks after the turn; absent when none are configured. */
    private readonly diagnostics?: { schedule(incidentId: string, requestId: string): void },
  ) {}

  /** Delivers these entries once the current answer is written; `refreshCard` also updates the incident's card. Returns at once. */
  later(incidentId: string, entries: readonly OutboxEntry[], refreshCard: boolean): void {
    if (entries.length === 0 && !refreshCard) return;
    const claims = entries.map((e) => ({ id: e.id, attempts: e.attempts }));
    this.track(new Promise<void>((resolve) => afterResponse(resolve)).then(async () => void (await this.deliver(incidentId, claims, refreshCard))));
  }

  /**
   * A click on a card makes it the live one (recorded before the answer); the card that was live before it in that
   * conversation becomes the "moved below" stub after the answer, so the conversation keeps one live card.
   */
  async cardTaken(incident: Incident, clicked: PostedActivity): Promise<void> {
    const older = await this.cards.took(incident.id, clicked);
    if (older) this.stubLater(incident, older);
  }

  private stubLater(incident: Incident, older: PostedActivity): void {
    this.track(
      new Promise<void>((resolve) => afterResponse(resolve))
        .then(() => this.inConversation(incident, (t) => this.cards.stub(incident.id, older, t)))
        .catch((err: unknown) => this.log.warn({ incidentId: incident.id, err: describeError(err) }, 'older incident card not replaced by its stub')),
    );
  }

  /**
   * Sends the entries still pending and still held by this claim (a claim is the entry's attempt number: one taken over
   * by another instance meanwhile is left to it), marks each, then refreshes the incident card when asked or when one
   * failed. Returns how many were delivered. Never throws.
   */
  async deliver(incidentId: string, claims: readonly (string | DeliveryClaim)[], refreshCard = false): Promise<number> {
    let delivered = 0;
    const ids = claims.map((c) => (typeof c === 'string' ? c : c.id));
    try {
      const incident = await this.service.get(incidentId);
      if (!incident) return 0;
      await this.inConversation(incident, async (t) => {
        let troubled = false;
        for (const claim of claims) {
          const id = typeof claim === 'string' ? claim : claim.id;
          const current = await this.service.get(incidentId);
          const entry = current?.outbox.find((e) => e.id === id);
          if (!current || !entry || entry.state !== 'pending') continue;
          if (typeof claim !== 'string' && entry.attempts !== claim.attempts) continue;
          const ok = await this.attempt(current, entry, t);
          if (ok) delivered += 1;
          troubled = !ok || troubled;
        }
        if (refreshCard || troubled || ids.length > 0) {
          const current = await this.service.get(incidentId);
          if (current && (refreshCard || troubled || changesCard(incident, current))) await this.cards.refresh(current, t);
        }
      });
    } catch (err) {
      this.log.error({ incidentId, err: describeError(err) }, 'delivery failed');
    }
    return delivered;
  }

  /** Resolves when every delivery started so far has finished (tests, graceful shutdown). */
  async settled(): Promise<void> {
    while (this.jobs.size > 0) await Promise.all([...this.jobs]);
  }

  private track(job: Promise<void>): void {
    const tracked = job.finally(() => this.jobs.delete(tracked));
    this.jobs.add(tracked);
  }

  /** One attempt at one entry; true when delivered. */
  private async attempt(incident: Incident, entry: OutboxEntry, t: Transport): Promise<boolean> {
    const incidentId = incident.id;
    let outcome: { ok: true; where?: string } | { ok: false; error: string; final: boolean };
    try {
      outcome = { ok: true, ...(await this.send(incident, entry, t)) };
    } catch (err) {
      outcome = { ok: false, error: describeError(err), final: err instanceof FinalDeliveryError };
      this.log.warn({ incidentId, effectId: entry.id, effect: entry.effect.kind, attempt: entry.attempts, err: outcome.error }, 'effect not delivered');
    }
    const key = `delivery:${entry.id}:${entry.attempts}`;
    const marked =
      entry.effect.kind === 'postSummary'
        ? await this.service.apply(incidentId, {
            type: 'recordSummaryPost',
            effectId: entry.id,
            ...(outcome.ok ? { ok: true, where: outcome.where } : { ok: false, error: outcome.error }),
            actor: botActor,
            key,
          })
        : await this.service.apply(incidentId, {
            type: 'recordDelivery',
            effectId: entry.id,
            ok: outcome.ok,
            ...(outcome.ok ? {} : { error: outcome.error, final: outcome.final }),
            actor: botActor,
            key,
          });
    if (!marked.ok) this.log.warn({ incidentId, effectId: entry.id, outcome: 'rejection' in marked ? marked.rejection.code : 'busy' }, 'delivery not marked');
    else
      this.log.info(
        { incidentId, effectId: entry.id, effect: entry.effect.kind, delivered: outcome.ok },
        outcome.ok ? 'effect delivered' : 'effect attempt recorded',
      );
    return outcome.ok;
  }

  /** Sends one effect; returns where a summary went. Throws on failure (the caller records it). */
  private async send(incident: Incident, entry: OutboxEntry, t: Transport): Promise<{ where?: string }> {
    const effect: Effect = entry.effect;
    const runbook = this.service.runbookOf(incident);
    switch (effect.kind) {
      case 'showIncident':
        await this.cards.refresh(incident, t);
        return {};
      case 'requestApproval': {
        const card = cardActivity(await this.approvalView(incident, effect.approvalId), `Approval needed for ${incident.id}`);
        // A retried entry skips the conversations its first attempt already reached.
        const posted = new Set((await this.records.approvalCards(effect.approvalId)).map((p) => p.reference.conversation?.id));
        const approvers = this.settings.approversConversationId;
        const sent: PostedActivity[] = [];
        const post = async (to: Parameters<Transport['send']>[0]) => {
          const where = await t.send(to, card);
          await this.records.addApprovalCard(effect.approvalId, where);
          sent.push(where);
        };
        try {
          if (approvers && !posted.has(approvers)) await post(t.referenceTo(approvers, 'groupChat'));
          if (!posted.has(incident.origin.conversationId)) await post(originReference(incident, t));
        } finally {
          // Also when a later send failed: the cards that did go out are brought up to date.
          await this.catchUpApproval(incident.id, effect.approvalId, sent, t);
        }
        return {};
      }
      case 'updateApproval': {
        const card = cardActivity(await this.approvalView(incident, effect.approvalId));
        for (const posted of await this.records.approvalCards(effect.approvalId)) if (posted.activityId) await t.update(posted, card);
        return {};
      }
      case 'postSummary': {
        const channel = await this.leadsChannel();
        if (!channel) throw new FinalDeliveryError('no leads\' channel is set (type "set summary channel" in that channel, or set SUMMARY_CHANNEL_ID)');
        await t.postToChannel(channel.channelId, cardActivity(renderSummaryCard(incident, runbook), `Incident summary: ${incident.id}`));
        return { where: channel.name ?? "the leads' channel" };
      }
      case 'postEscalation': {
        const channel = await this.leadsChannel();
        if (!channel) throw new FinalDeliveryError('no leads\' channel is set: type "set summary channel" in the leads\' channel');
        await t.postToChannel(
          channel.channelId,
          cardActivity(renderEscalationCard(incident, runbook, effect.reason, this.now()), `Escalation: ${incident.id}`),
        );
        return {};
      }
      case 'notify':
        await t.send(originReference(incident, t), textActivity(chatText(effect.text)));
        return {};
      case 'remind': {
        // A reminder taken over later may no longer apply (the incident ended, the approval was decided): it is dropped.
        if (!stillDue(incident, effect.reminderId)) {
          this.log.info({ incidentId: incident.id, reminder: effect.reminderId }, 'reminder no longer due: not sent');
          return {};
        }
        const approvers = this.settings.approversConversationId;
        const to = effect.target === 'approvers' && approvers ? t.referenceTo(approvers, 'groupChat') : originReference(incident, t);
        await t.send(to, textActivity(chatText(effect.text)));
        return {};
      }
      case 'runDiagnostics':
        if (!this.diagnostics) throw new FinalDeliveryError('live checks are not set up in this installation');
        this.diagnostics.schedule(incident.id, effect.requestId);
        return {};
    }
  }

  /**
   * Approval cards just posted were rendered before a decision or a cancel that came while they were on their way,
   * whose own update found none of them recorded yet: read again (after recording them) and bring them up to date.
   */
  private async catchUpApproval(incidentId: string, approvalId: string, sent: readonly PostedActivity[], t: Transport): Promise<void> {
    if (sent.length === 0) return;
    // Never throws: it runs also after a failed send, whose own error is the one the entry records.
    try {
      const latest = await this.service.get(incidentId);
      const approval = latest?.approvals.find((a) => a.id === approvalId);
      if (!latest || (isOpen(latest) && approval?.status === 'pending')) return;
      const card = cardActivity(await this.approvalView(latest, approvalId));
      for (const where of sent) if (where.activityId) await t.update(where, card);
    } catch (err) {
      this.log.warn({ incidentId, approvalId, err: describeError(err) }, 'approval card not brought up to date');
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
    if (!shared) this.log.info({ incidentId: incident.id, approvalId }, "approval card sent with buttons for all: not every approver's Teams id is known yet");
    return shared || card;
  }

  /** Where the leads read: the channel set with "set summary channel", else SUMMARY_CHANNEL_ID. */
  async leadsChannel(): Promise<{ channelId: string; name?: string } | undefined> {
    const stored = await this.records.summaryChannel();
    if (stored) return stored;
    return this.settings.summaryChannelId ? { channelId: this.settings.summaryChannelId } : undefined;
  }
}

/** Chat text built from names, comments and reasons people typed: control and bidi characters neutralised, Markdown escaped. */
function chatText(text: string): string {
  return escapeMarkdown(visibleText(text));
}

/** A reminder still applies: the incident is open and, for an approval reminder, the approval still waits. */
function stillDue(incident: Incident, reminderId: string): boolean {
  if (!isOpen(incident)) return false;
  if (!reminderId.startsWith('approval:')) return true;
  return incident.approvals.some((a) => `approval:${a.id}` === reminderId && a.status === 'pending');
}

/** True when the card shows something the delivery changed (the summary's posting; a delivery given up). */
function changesCard(before: Incident, after: Incident): boolean {
  return before.version !== after.version || before.outbox.some((e) => e.state !== 'failed' && after.outbox.find((x) => x.id === e.id)?.state === 'failed');
}

/** An error in words for people and logs: status codes named, no stack, no tokens. */
export function describeError(err: unknown): string {
  // The send layer's own refusal to wait past its budget already says what happened, in words.
  if (err instanceof Error && err.name === 'RetryBudgetExceededError') return err.message.split('\n')[0].slice(0, 200);
  const status = (err as { statusCode?: number })?.statusCode;
  const code = (err as { code?: string })?.code;
  if (status === 403) return 'the bot is not allowed to post there (403: removed from the team or blocked)';
  if (status === 404) return 'the conversation was not found (404)';
  if (status === 429) return 'Teams asked the bot to slow down (429)';
  if (status) return `Teams answered ${status}`;
  if (code === 'ECONNREFUSED') return 'the Teams service could not be reached';
  return err instanceof Error ? err.message.split('\n')[0].slice(0, 200) : 'unknown error';
}
