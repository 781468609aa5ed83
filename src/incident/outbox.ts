import type { Effect } from './effects';
import type { Incident, OutboxEntry } from './types';

// The outbox: effects saved with the change that caused them, then delivered and marked. Pure.
// An entry is created claimed by the instance that decided it (it delivers right after answering); another
// instance takes it over only when that claim is older than the lease (a crash between the save and the send).

/** Attempts before an entry is given up as failed (shown on the incident card; the summary keeps its Retry button). */
export const maxDeliveryAttempts = 5;
/** Delivered and given-up entries kept for the record (each kind apart); pending ones are never dropped. */
const deliveredKept = 20;

/** showIncident is the answer itself (or a refresh after it): a view, not a sending that can be lost. */
export const isOutboxEffect = (effect: Effect): boolean => effect.kind !== 'showIncident';

/** New entries for a decision's effects; `seq` is the audit entry the change wrote, so ids never repeat. */
export function queueEffects(incident: Incident, effects: readonly Effect[], seq: number, at: string): OutboxEntry[] {
  return effects.filter(isOutboxEffect).map((effect, i) => ({ id: `${incident.id}:${seq}.${i}`, effect, at, state: 'pending', attempts: 1, triedAt: at }));
}

/** The outbox after adding entries, bounded: every pending entry stays, the oldest delivered and given-up ones go. */
export function withEntries(outbox: readonly OutboxEntry[], added: readonly OutboxEntry[]): OutboxEntry[] {
  const all = [...outbox, ...added];
  const dropped = new Set<string>();
  for (const state of ['delivered', 'failed'] as const) {
    const done = all.filter((e) => e.state === state);
    for (const e of done.slice(0, Math.max(0, done.length - deliveredKept))) dropped.add(e.id);
  }
  return all.filter((e) => !dropped.has(e.id));
}

/** Entries a sweep may take over: pending, and their last attempt older than the lease. */
export function dueEntries(incident: Incident, now: Date, leaseMs: number): OutboxEntry[] {
  return (incident.outbox ?? []).filter((e) => e.state === 'pending' && (!e.triedAt || now.getTime() - Date.parse(e.triedAt) >= leaseMs));
}

/** The incident with the entry claimed for one more attempt; undefined when it is not due (delivered, or claimed recently). */
export function claimEntry(incident: Incident, effectId: string, now: Date, leaseMs: number): Incident | undefined {
  const entry = dueEntries(incident, now, leaseMs).find((e) => e.id === effectId);
  if (!entry) return undefined;
  return replaceEntry(incident, { ...entry, attempts: entry.attempts + 1, triedAt: now.toISOString() });
}

/** The incident with the outcome of an attempt: delivered, or failed (pending again until the last attempt). */
export function markEntry(
  incident: Incident,
  effectId: string,
  outcome: { ok: true } | { ok: false; error: string; final?: boolean },
  now: Date,
): Incident | undefined {
  const entry = (incident.outbox ?? []).find((e) => e.id === effectId);
  if (!entry || entry.state === 'delivered') return undefined;
  const at = now.toISOString();
  if (outcome.ok) {
    const { error: _error, ...rest } = entry;
    return replaceEntry(incident, { ...rest, state: 'delivered', deliveredAt: at });
  }
  return replaceEntry(incident, {
    ...entry,
    state: outcome.final || entry.attempts >= maxDeliveryAttempts ? 'failed' : 'pending',
    error: outcome.error.slice(0, 200),
  });
}

/** Undelivered entries that have failed at least once: the card says what has not reached its place yet. */
export function troubledEntries(incident: Incident): OutboxEntry[] {
  return (incident.outbox ?? []).filter((e) => e.state !== 'delivered' && e.error !== undefined);
}

function replaceEntry(incident: Incident, entry: OutboxEntry): Incident {
  return { ...incident, outbox: incident.outbox.map((e) => (e.id === entry.id ? entry : e)) };
}
