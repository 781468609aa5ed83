import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { IncidentStore } from '../store/incident-store';

// Idempotent opening: the first delivery of an activity claims its key; a redelivery finds the incident that claim opened.

/** The record under `opening:<key>`: who claimed it, when, and the incident once it exists. */
interface OpeningClaim {
  token: string;
  at: string;
  incidentId?: string;
}

const claimSchema = z.object({ token: z.string(), at: z.string(), incidentId: z.string().optional() });
/** A stored claim that does not parse reads as the caller's own (so a broken record never blocks an opening forever). */
const asClaim = (value: unknown, fallback: OpeningClaim): OpeningClaim => {
  const parsed = claimSchema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
};

/** A claim older than this with no incident is taken to be a crashed opening: the next delivery takes it over. */
const abandonedAfterMs = 60_000;
const waits = [100, 200, 400, 800, 1500];

export class OpeningInProgressError extends Error {
  constructor(readonly key: string) {
    super(`the opening for ${key} is still in progress`);
    this.name = 'OpeningInProgressError';
  }
}

/** What a person is told when their request arrived twice and the first copy is still opening the incident. */
export const openingInProgressWords =
  'This request arrived twice and the first copy is still opening the incident; nothing was opened twice. Type **status** in a moment to see it.';

export type OpeningOutcome<T> = { opened: T } | { existing: string };

/**
 * Runs `open` once per key: a later call with the same key gets `{ existing: incidentId }` instead (after waiting a few
 * seconds for a concurrent first call to finish); keys are the activity id or the picker card's own id, never the clock.
 */
export async function openOnce<T extends { incidentId: string }>(
  store: IncidentStore,
  key: string,
  now: () => Date,
  open: () => Promise<T>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<OpeningOutcome<T>> {
  const recordKey = `opening:${key}`;
  const mine: OpeningClaim = { token: randomUUID(), at: now().toISOString() };
  let claim = asClaim(await store.claimRecord<unknown>(recordKey, mine), { ...mine, at: new Date(0).toISOString(), token: 'unreadable' });
  for (const wait of [0, ...waits]) {
    if (claim.token === mine.token) break;
    if (claim.incidentId) return { existing: claim.incidentId };
    if (now().getTime() - Date.parse(claim.at) > abandonedAfterMs) {
      await store.putRecord(recordKey, mine);
      claim = mine;
      break;
    }
    if (wait > 0) await sleep(wait);
    claim = asClaim(await store.getRecord<unknown>(recordKey), claim);
  }
  if (claim.token !== mine.token) {
    if (claim.incidentId) return { existing: claim.incidentId };
    throw new OpeningInProgressError(key);
  }
  const opened = await open();
  await store.putRecord<OpeningClaim>(recordKey, { ...mine, incidentId: opened.incidentId });
  return { opened };
}
