import { reminderClocks, reminderMinutes, type ReminderKind, type ReminderSettings } from './reminders';
import type { Incident } from './types';

// When an incident next needs the sweep, as data a store can index. Pure. Each kind of sweep work has a mark (the
// earliest time its clock started) and a delay from the settings; the work is due once mark + delay has passed.
// The store indexes marks, not due times, so a changed setting applies to every incident at once, without a rewrite.

/** Reminder kinds, and `lease`: an undelivered outbox entry whose last attempt (claim) is older than the lease. */
export type DueKind = ReminderKind | 'lease';
export const dueKinds: readonly DueKind[] = ['triage', 'approval', 'idle', 'sev1', 'lease'];

/** Per kind, the earliest start of a clock still running (ISO time); no key: nothing of that kind is waiting. */
export type DueMarks = Partial<Record<DueKind, string>>;
/** Per kind, how long after its mark the work is due (ms). */
export type DueDelays = Record<DueKind, number>;

/** An entry saved without an attempt time is due at once: its mark is the epoch. */
const always = new Date(0).toISOString();

/** The marks of everything the sweep would do for this incident (dueReminders, dueEntries), whatever the time. */
export function dueMarks(incident: Incident): DueMarks {
  const marks: DueMarks = {};
  const earliest = (kind: DueKind, at: string) => {
    const ms = Date.parse(at);
    // A time that does not parse is never due to dueReminders / dueEntries either.
    if (Number.isNaN(ms)) return;
    // One spelling per instant, so stores compare marks as text (blob index tags compare strings).
    if (marks[kind] === undefined || ms < Date.parse(marks[kind] as string)) marks[kind] = new Date(ms).toISOString();
  };
  for (const clock of reminderClocks(incident)) earliest(clock.kind, clock.from);
  for (const e of incident.outbox ?? []) if (e.state === 'pending') earliest('lease', e.triedAt ?? always);
  return marks;
}

/** The sweep's delays: the reminder settings and the outbox lease. */
export function dueDelays(s: ReminderSettings & { outboxLeaseMs: number }): DueDelays {
  const minutes = reminderMinutes(s);
  return {
    triage: minutes.triage * 60_000,
    approval: minutes.approval * 60_000,
    idle: minutes.idle * 60_000,
    sev1: minutes.sev1 * 60_000,
    lease: s.outboxLeaseMs,
  };
}

/** The incident's next due time under these delays (ISO), or undefined when the sweep has nothing to do for it. */
export function nextDueAt(marks: DueMarks, delays: DueDelays): string | undefined {
  let next: number | undefined;
  for (const kind of dueKinds) {
    const mark = marks[kind];
    if (mark === undefined) continue;
    const at = Date.parse(mark) + delays[kind];
    if (next === undefined || at < next) next = at;
  }
  return next === undefined ? undefined : new Date(next).toISOString();
}

/** Per kind, the latest mark that is due at `at`: a store answers "due by `at`" by comparing each mark with its cutoff. */
export function dueCutoffs(at: Date, delays: DueDelays): Record<DueKind, string> {
  const cutoff = (kind: DueKind) => new Date(Math.max(0, at.getTime() - delays[kind])).toISOString();
  return { triage: cutoff('triage'), approval: cutoff('approval'), idle: cutoff('idle'), sev1: cutoff('sev1'), lease: cutoff('lease') };
}

/** True when some work of these marks is due at `at`. */
export function isDue(marks: DueMarks, at: Date, delays: DueDelays): boolean {
  const next = nextDueAt(marks, delays);
  return next !== undefined && Date.parse(next) <= at.getTime();
}
