import { type DueDelays, type DueMarks, dueCutoffs, dueKinds } from '../incident/due-marks';
import type { Incident } from '../incident/types';

// The store contract: every write is conditional on the etag it read (optimistic concurrency). Values read are never
// changed by their readers (a store may hand the same, frozen, value to every reader); a change is a new value put.

export interface Stored<T> {
  value: T;
  etag: string;
}

/** A write lost: someone else changed the document since it was read. Re-read, re-decide, retry. */
export class EtagMismatchError extends Error {
  constructor(readonly key: string) {
    super(`${key} was changed by someone else`);
    this.name = 'EtagMismatchError';
  }
}

/** A create found the document already there. */
export class AlreadyExistsError extends Error {
  constructor(readonly key: string) {
    super(`${key} already exists`);
    this.name = 'AlreadyExistsError';
  }
}

export interface IncidentSummaryRow {
  id: string;
  runbookId: string;
  phase: Incident['phase'];
  conversationId: string;
  openedAt: string;
  severity?: string;
  /** Outbox entries not delivered yet: the sweep reads closed incidents only when this is set. */
  undelivered?: number;
}

export interface IncidentStore {
  get(id: string): Promise<Stored<Incident> | undefined>;
  /** Creates a new incident; AlreadyExistsError when the id is taken. */
  create(incident: Incident): Promise<Stored<Incident>>;
  /** Replaces the incident if its etag is still `etag`; EtagMismatchError otherwise. */
  put(incident: Incident, etag: string): Promise<Stored<Incident>>;
  /** Ids of the open incidents run in a conversation, oldest first. */
  openIn(conversationId: string): Promise<string[]>;
  list(): Promise<IncidentSummaryRow[]>;
  /**
   * Ids of the incidents with sweep work due at `at`: some due mark (src/incident/due-marks.ts, kept by every write) at
   * or before `at` minus its kind's delay. In no order; reads no incident documents.
   */
  idsDueBy(at: Date, delays: DueDelays): Promise<string[]>;
  /** Ids of every stored incident whose id starts with `prefix` (e.g. one day's "INC-20261124-"), in no order. Reads no documents. */
  idsStartingWith(prefix: string): Promise<string[]>;
  /** Small named records: channel references, posted card ids. Last write wins. */
  getRecord<T>(key: string): Promise<T | undefined>;
  putRecord<T>(key: string, value: T): Promise<void>;
  /** Creates the record only if there is none; returns what is stored then (this value, or the one that was there first). */
  claimRecord<T>(key: string, value: T): Promise<T>;
  /** Answers when the store is usable (for /readyz). */
  ping(): Promise<void>;
}

export function summaryRow(incident: Incident): IncidentSummaryRow {
  return {
    id: incident.id,
    runbookId: incident.runbookId,
    phase: incident.phase,
    conversationId: incident.origin.conversationId,
    openedAt: incident.openedAt,
    ...(incident.severity ? { severity: incident.severity.label } : {}),
    ...(pendingCount(incident) ? { undelivered: pendingCount(incident) } : {}),
  };
}

const pendingCount = (incident: Incident) => (incident.outbox ?? []).filter((e) => e.state === 'pending').length;

/** The stores' one order for rows and ids: oldest opened first, then by id. */
export function byOpened(a: Pick<IncidentSummaryRow, 'openedAt' | 'id'>, b: Pick<IncidentSummaryRow, 'openedAt' | 'id'>): number {
  return a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id);
}

export function isOpenRow(row: IncidentSummaryRow): boolean {
  return row.phase !== 'closed' && row.phase !== 'cancelled';
}

/** The ids among these marks that are due at `at` (the memory and file stores keep their marks in memory). */
export function dueAmong(marks: Iterable<[string, DueMarks]>, at: Date, delays: DueDelays): string[] {
  const cutoffs = dueCutoffs(at, delays);
  const due: string[] = [];
  for (const [id, m] of marks) if (dueKinds.some((k) => m[k] !== undefined && (m[k] as string) <= cutoffs[k])) due.push(id);
  return due;
}
