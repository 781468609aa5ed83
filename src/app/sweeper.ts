import { dueDelays, dueMarks, isDue } from '../incident/due-marks';
import { dueEntries } from '../incident/outbox';
import { type ReminderSettings, dueReminders } from '../incident/reminders';
import type { IncidentStore } from '../store/incident-store';
import { botActor, type Deliverer, type DeliveryClaim, describeError } from './deliverer';
import type { IncidentService } from './incident-service';
import type { Logger } from './logger';

// The only timer in the bot. Each pass claims due reminders (a bookkeeping command that puts the reminder in the
// outbox) and takes over outbox entries whose claim is older than the lease (a crash between save and send), then
// delivers them. Claims are conditional writes through the one writer, so with several instances each goes out once.
// A pass reads only the incidents the store's due index names (every write keeps it), never every open incident.

export interface SweepSettings extends ReminderSettings {
  /** An outbox entry claimed longer ago than this is taken to be lost with its instance and is delivered again. */
  outboxLeaseMs: number;
}

/** An incident due whose work could not be done (an error, or nothing could be claimed) is left alone this long. */
export const retryLaterMs = 5 * 60_000;

const byId = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export class Sweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  /** Per incident, when this instance tries it again: a due incident it cannot progress is not read on every pass. */
  private readonly later = new Map<string, number>();

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
    const now = this.now();
    let delivered = 0;
    const due = (await this.store.idsDueBy(now, dueDelays(this.settings))).sort(byId);
    for (const [id, at] of this.later) if (at <= now.getTime() || !due.includes(id)) this.later.delete(id);
    for (const id of due) {
      if (this.later.has(id)) continue;
      try {
        const outcome = await this.sweepIncident(id, now);
        delivered += outcome.delivered;
        if (outcome.stuck) this.later.set(id, now.getTime() + retryLaterMs);
      } catch (err) {
        // One incident that cannot be read or decided (a retired runbook, a store error) must not stop the others.
        this.later.set(id, now.getTime() + retryLaterMs);
        this.log.error({ incidentId: id, err: describeError(err) }, 'sweep skipped an incident');
      }
    }
    return delivered;
  }

  /** `stuck`: the index and the incident as read say due, yet there was nothing to claim (not even a claim another instance won). */
  private async sweepIncident(id: string, now: Date): Promise<{ delivered: number; stuck: boolean }> {
    const stored = await this.service.read(id);
    if (!stored) return { delivered: 0, stuck: false };
    const incident = stored.value;
    // The first claim saves on the read above (conditional on its etag); later ones read again.
    let current: typeof stored | undefined = stored;
    const claimed: DeliveryClaim[] = [];
    const reminders = dueReminders(incident, this.service.runbookOf(incident), now, this.settings);
    const entries = dueEntries(incident, now, this.settings.outboxLeaseMs);
    if (reminders.length === 0 && entries.length === 0) return { delivered: 0, stuck: isDue(dueMarks(incident), now, dueDelays(this.settings)) };
    for (const reminder of reminders) {
      const result = await this.service.apply(id, { type: 'claimReminder', reminder, actor: botActor, key: `reminder:${reminder.id}` }, current);
      current = undefined;
      if (result.ok && !result.duplicate) claimed.push(...result.queued.map((e) => ({ id: e.id, attempts: e.attempts })));
    }
    for (const entry of entries) {
      const result = await this.service.apply(
        id,
        { type: 'claimDelivery', effectId: entry.id, leaseMs: this.settings.outboxLeaseMs, actor: botActor, key: `claim:${entry.id}` },
        current,
      );
      current = undefined;
      if (!result.ok || result.duplicate) continue; // another instance took it, or it was delivered meanwhile
      this.log.warn(
        { incidentId: id, effectId: entry.id, effect: entry.effect.kind, attempt: entry.attempts + 1 },
        'undelivered effect taken over: delivering it again',
      );
      const held = result.incident.outbox.find((e) => e.id === entry.id);
      if (held) claimed.push({ id: held.id, attempts: held.attempts });
    }
    if (claimed.length === 0) return { delivered: 0, stuck: false };
    return { delivered: await this.deliverer.deliver(id, claimed), stuck: false };
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
