import { type Reminder, type ReminderSettings, claimReminder, dueReminders } from '../incident/reminders';
import type { Incident } from '../incident/types';
import type { Runbook } from '../runbook/schema';
import { EtagMismatchError, type IncidentStore, isOpenRow } from '../store/incident-store';
import { botActor } from './effect-runner';
import type { Logger } from './logger';

// The only timer in the bot: finds due reminders, claims each with a conditional write, and posts it once.

export interface ReminderPoster {
  post(incident: Incident, reminder: Reminder): Promise<void>;
}

export class ReminderSweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly store: IncidentStore,
    private readonly runbookOf: (incident: Incident) => Runbook,
    private readonly settings: ReminderSettings,
    private readonly poster: ReminderPoster,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
    /** Runs beside each sweep on the same timer (the effect repairer); neither pass's failure stops the other. */
    private readonly alsoEachSweep?: { sweepOnce(): Promise<number> },
  ) {}

  /** One pass over the open incidents; returns how many reminders this instance sent. */
  async sweepOnce(): Promise<number> {
    let sent = 0;
    for (const row of (await this.store.list()).filter(isOpenRow)) {
      try {
        sent += await this.sweepIncident(row.id);
      } catch (err) {
        // One incident that cannot be read or decided (a retired runbook, a store error) must not stop the others.
        this.log.error({ incidentId: row.id, err: err instanceof Error ? err.message : String(err) }, 'reminders skipped for an incident');
      }
    }
    return sent;
  }

  /** Claims and posts one incident's due reminders; returns how many were sent. */
  private async sweepIncident(id: string): Promise<number> {
    let sent = 0;
    let stored = await this.store.get(id);
    if (!stored) return 0;
    for (const reminder of dueReminders(stored.value, this.runbookOf(stored.value), this.now(), this.settings)) {
      const claimed = claimReminder(stored.value, reminder, botActor, this.now());
      if (!claimed) continue;
      try {
        stored = await this.store.put(claimed, stored.etag);
      } catch (err) {
        if (err instanceof EtagMismatchError) break; // another instance claimed it, or someone acted: next sweep decides
        throw err;
      }
      try {
        await this.poster.post(stored.value, reminder);
        sent += 1;
        this.log.info({ incidentId: id, reminder: reminder.id }, 'reminder sent');
      } catch (err) {
        this.log.warn({ incidentId: id, reminder: reminder.id, err: err instanceof Error ? err.message : String(err) }, 'reminder not delivered');
      }
    }
    return sent;
  }

  /** Sweeps every `intervalMs` until stop(); a slow sweep is never overlapped by the next. */
  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      // The repairer runs whatever the reminders did: one failing pass must not stop the other.
      this.running = Promise.all([this.guarded('reminder sweep', () => this.sweepOnce()), this.guarded('repair sweep', () => this.alsoEachSweep?.sweepOnce() ?? Promise.resolve(0))])
        .then(([a, b]) => a + b)
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  private async guarded(what: string, pass: () => Promise<number>): Promise<number> {
    try {
      return await pass();
    } catch (err) {
      this.log.error({ err: err instanceof Error ? err.message : String(err) }, `${what} failed`);
      return 0;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
