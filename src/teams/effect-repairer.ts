import type { ResendableEffect } from '../incident/commands';
import type { Incident } from '../incident/types';
import { type IncidentStore, isOpenRow } from '../store/incident-store';
import type { InConversation } from './diagnostics-runner';
import { botActor, describeError, type EffectRunner } from './effect-runner';
import type { IncidentService } from './incident-service';
import type { Logger } from './logger';
import type { TeamsRecords } from './records';

// Nothing lost: a decision is saved before its effects are sent, so a crash in between loses the sending.
// Each sweep finds sendings that should have left long ago and are not recorded, and asks for them again.
// The command's idempotency key names the lost sending, so with several instances each is re-sent once.

/**
 * A sending not recorded this long after its decision is taken as lost. A live turn normally finishes in seconds,
 * but sends to the shared approvers' chat and leads' channel queue behind Teams' per-conversation limits
 * (60 per 30 s, 1,800 per hour) and retries: the margin covers a large outage's queue.
 */
export const lostAfterMs = 10 * 60_000;
/** An escalation is news for an hour; after that a re-post would only confuse (and records before this repairer have no mark). */
const escalationNewsMs = 60 * 60_000;
/** Closed incidents are looked at for a lost summary this long after they were opened (rows carry no close time). */
const closedWithinMs = 30 * 24 * 60 * 60_000;

interface Lost {
  effect: ResendableEffect;
  target: string;
  /** When the decision was made: part of the key, so a later, different loss is repaired too. */
  since: string;
}

export class EffectRepairer {
  constructor(
    private readonly store: IncidentStore,
    private readonly service: IncidentService,
    private readonly records: TeamsRecords,
    private readonly effects: EffectRunner,
    private readonly inConversation: InConversation,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One pass; returns how many lost sendings this instance asked for again. */
  async sweepOnce(): Promise<number> {
    const now = this.now().getTime();
    const rows = (await this.store.list()).filter((r) => isOpenRow(r) || (r.phase === 'closed' && now - Date.parse(r.openedAt) < closedWithinMs));
    const since = await this.repairsSince();
    let repaired = 0;
    for (const row of rows) {
      try {
        const incident = await this.service.get(row.id);
        if (!incident) continue;
        for (const lost of await this.lostSendings(incident, now, since)) {
          if (await this.resend(incident.id, lost)) repaired += 1;
        }
      } catch (err) {
        // One incident that cannot be read or decided (a retired runbook, a store error) must not stop the others.
        this.log.error({ incidentId: row.id, err: describeError(err) }, 'lost sendings not checked for an incident');
      }
    }
    return repaired;
  }

  /** When repairs began in this installation: escalations from before carry no "posted" mark and are left alone. */
  private async repairsSince(): Promise<number> {
    const stored = await this.records.repairsSince();
    if (stored) return Date.parse(stored);
    const now = this.now().toISOString();
    await this.records.markRepairsSince(now);
    return Date.parse(now);
  }

  private async lostSendings(incident: Incident, now: number, since: number): Promise<Lost[]> {
    const old = (iso: string | undefined) => iso !== undefined && now - Date.parse(iso) >= lostAfterMs;
    const lost: Lost[] = [];
    if (incident.phase !== 'cancelled' && incident.phase !== 'closed') {
      for (const a of incident.approvals.filter((x) => x.status === 'pending' && old(x.requestedAt))) {
        if ((await this.records.approvalCards(a.id)).length === 0) lost.push({ effect: 'approval', target: a.id, since: a.requestedAt });
      }
    }
    if (incident.phase === 'closed' && incident.summary.post === undefined && old(incident.closedAt)) {
      lost.push({ effect: 'summary', target: incident.id, since: incident.closedAt! });
    }
    const recent = (iso: string) => now - Date.parse(iso) < escalationNewsMs;
    const marked = (iso: string) => Date.parse(iso) >= since;
    if (incident.escalated && old(incident.escalated.at) && recent(incident.escalated.at) && marked(incident.escalated.at) && !(await this.records.escalationPosted(incident.id))) {
      lost.push({ effect: 'escalation', target: incident.id, since: incident.escalated.at });
    }
    return lost;
  }

  private async resend(incidentId: string, lost: Lost): Promise<boolean> {
    const result = await this.service.apply(incidentId, {
      type: 'resendEffect',
      effect: lost.effect,
      target: lost.target,
      actor: botActor,
      key: `repair:${lost.effect}:${lost.target}:${lost.since}`,
    });
    if (!('incident' in result) || !result.ok || result.duplicate) return false;
    this.log.warn({ incidentId, effect: lost.effect, target: lost.target, since: lost.since }, 'lost sending repaired: sending it again');
    try {
      await this.inConversation(result.incident, async (t) => {
        const outcome = await this.effects.run(result.incident, result.effects, t, { view: 'none' });
        for (const notice of outcome.notices) this.log.info({ incidentId, notice }, 'repair notice');
      });
    } catch (err) {
      this.log.error({ incidentId, effect: lost.effect, err: describeError(err) }, 'lost sending could not be sent again');
    }
    return true;
  }
}
