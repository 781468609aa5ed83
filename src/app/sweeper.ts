import { dueEntries } from '../incident/outbox';
import { type ReminderSettings, dueReminders } from '../incident/reminders';
import { type IncidentStore, isOpenRow } from '../store/incident-store';
import { botActor, type Deliverer, type DeliveryClaim, describeError } from './deliverer';
import type { IncidentService } from './incident-service';
import type { Logger } from './logger';

// The only timer in the bot. Each pass claims due reminders (a bookkeeping command that puts the reminder in the
// outbox) and takes over outbox entries whose claim is older than the lease (a crash between save and send), then
// delivers them. Claims are conditional writes through the one writer, so with several instances each goes out once.

export interface SweepSettings extends ReminderSettings {
  /** An outbox entry claimed longer ago than this is taken to be lost with its instance and is delivered again. */
  outboxLeaseMs: number;
}

export class Sweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly store: IncidentStore,
    private readonly service: IncidentService,
    private readonly deliverer: Deliverer,
    private readonly settings: SweepSettings,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One pass; returns how many outbox entries this instance claimed and delivered (reminders included). */
  async sweepOnce(): Promise<number> {
    let delivered = 0;
    for (const row of await this.store.list()) {
      if (!isOpenRow(row) && !row.undelivered) continue;
      try {
        delivered += await this.sweepIncident(row.id);
      } catch (err) {
        // One incident that cannot be read or decided (a retired runbook, a store error) must not stop the others.
        this.log.error({ incidentId: row.id, err: describeError(err) }, 'sweep skipped an incident');
      }
    }
    return delivered;
  }

  private async sweepIncident(id: string): Promise<number> {
    const incident = await this.service.get(id);
    if (!incident) return 0;
    const claimed: DeliveryClaim[] = [];
    for (const reminder of dueReminders(incident, this.service.runbookOf(incident), this.now(), this.settings)) {
      const result = await this.service.apply(id, { type: 'claimReminder', reminder, actor: botActor, key: `reminder:${reminder.id}` });
      if (result.ok && !result.duplicate) claimed.push(...result.queued.map((e) => ({ id: e.id, attempts: e.attempts })));
    }
    for (const entry of dueEntries(incident, this.now(), this.settings.outboxLeaseMs)) {
      const result = await this.service.apply(id, {
        type: 'claimDelivery',
        effectId: entry.id,
        leaseMs: this.settings.outboxLeaseMs,
        actor: botActor,
        key: `claim:${entry.id}`,
      });
      if (!result.ok || result.duplicate) continue; // another instance took it, or it was delivered meanwhile
      this.log.warn(
        { incidentId: id, effectId: entry.id, effect: entry.effect.kind, attempt: entry.attempts + 1 },
        'undelivered effect taken over: delivering it again',
      );
      const held = result.incident.outbox.find((e) => e.id === entry.id);
      if (held) claimed.push({ id: held.id, attempts: held.attempts });
    }
    if (claimed.length === 0) return 0;
    return this.deliverer.deliver(id, claimed);
  }

  /** Sweeps every `intervalMs` until stop(); a slow sweep is never overlapped by the next. */
  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweepOnce()
        .catch((err: unknown) => {
          this.log.error({ err: describeError(err) }, 'sweep failed');
          return 0;
        })
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
