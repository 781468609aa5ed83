import { z } from 'zod';
import type { Incident } from '../incident/types';
import { CorruptDocumentError, auditEntry, commandResult, evidenceEntry, note } from './incident-document';

// An incident's growing history (audit, notes, evidence, command results) kept off its hot document: a store writes
// the document with the newest entries of each list and appends older ones, in batches, to the incident's history log.
// Pure: how an incident splits into a bounded document and log records, and how they join again.
//
// Order of a write: the document first (conditional on its etag), then the log. A log record is therefore always an
// entry of an accepted version, and a document only leaves out entries the log held before it was written (a crash
// between the two loses nothing: the next write appends what is missing). Entries are identified by list and
// position; lists only ever grow, so an entry appended twice (two instances, a retry) is the same entry and the first
// copy is kept. Batching: once one list's unflushed part exceeds `flushAt` entries, every list is flushed down to its
// `hotTail` in one append, so most clicks append nothing and the document holds at most about `flushAt` of each list.

export const historyLists = ['audit', 'notes', 'evidence', 'commandResults'] as const;
export type HistoryList = (typeof historyLists)[number];
/** Per list: how many of its first entries live in the log only (the document holds the rest). */
export type HistoryCounts = Record<HistoryList, number>;

export const noHistory: HistoryCounts = { audit: 0, notes: 0, evidence: 0, commandResults: 0 };
/** Entries of each list the document always keeps (the card's timeline and the reminders' clocks read the newest). */
export const hotTail = 10;
/** A list whose entries not yet in the log exceed this many has all but its `hotTail` newest appended. */
export const flushAt = 20;

/** One line of the log: list, position, entry. */
export interface HistoryRecord {
  l: HistoryList;
  i: number;
  e: unknown;
}

/** What a store writes: the bounded document (the incident with each list's tail) and the records to append after it. */
export interface SplitWrite {
  document: Incident;
  logged: HistoryCounts;
  records: HistoryRecord[];
}

/**
 * `inLog`: how many of each list's first entries the log is known to hold (more than the incident has counts as all).
 * `flush`: unflushed entries a list may have before it is flushed (Infinity: never, every entry stays in the document).
 */
export function splitForWrite(incident: Incident, inLog: HistoryCounts, flush = flushAt): SplitWrite {
  const document = { ...incident };
  const logged = { ...noHistory };
  const records: HistoryRecord[] = [];
  const unflushed = (list: HistoryList) => (incident[list] as unknown[]).length - Math.min(inLog[list], (incident[list] as unknown[]).length);
  // One list over `flush` flushes every list with more than its tail unflushed: one append, not one per list a click apart.
  const due = historyLists.some((l) => unflushed(l) > flush);
  for (const list of historyLists) {
    const entries = incident[list] as unknown[];
    const known = Math.min(inLog[list], entries.length);
    const start = Math.max(0, Math.min(known, entries.length - hotTail));
    (document as Record<HistoryList, unknown[]>)[list] = entries.slice(start);
    logged[list] = start;
    if (due) for (let i = known; i < entries.length - hotTail; i++) records.push({ l: list, i, e: entries[i] });
  }
  return { document, logged, records };
}

/** The log's records with entries at the positions the log has no entry for yet: what a store remembers after an append. */
export function addRecords(log: LoggedEntries, records: readonly HistoryRecord[]): void {
  for (const r of records) log[r.l][r.i] ??= r.e;
}

/** Entries read from a log, by list: position -> entry; holes are entries not (yet) read. */
export type LoggedEntries = Record<HistoryList, unknown[]>;

export const emptyLog = (): LoggedEntries => ({ audit: [], notes: [], evidence: [], commandResults: [] });

/** How many of each list's first entries the log holds without a gap. */
export function contiguous(log: LoggedEntries): HistoryCounts {
  const counts = { ...noHistory };
  for (const list of historyLists) {
    let n = 0;
    while (n < log[list].length && log[list][n] !== undefined) n++;
    counts[list] = n;
  }
  return counts;
}

/**
 * How many of each list's first entries the log holds without a gap and alike to the incident's own: a write leaves
 * out only those, so a record that does not match what the incident holds at its position never replaces an entry.
 */
export function heldAlike(log: LoggedEntries, incident: Incident): HistoryCounts {
  const counts = { ...noHistory };
  for (const list of historyLists) {
    const [held, entries] = [log[list], incident[list] as unknown[]];
    let n = 0;
    while (n < held.length && n < entries.length && held[n] !== undefined && (held[n] === entries[n] || JSON.stringify(held[n]) === JSON.stringify(entries[n])))
      n++;
    counts[list] = n;
  }
  return counts;
}

export const covers = (log: LoggedEntries, need: HistoryCounts) => {
  const have = contiguous(log);
  return historyLists.every((l) => have[l] >= need[l]);
};

/** The whole incident: the log's first `logged` entries of each list, then the document's. CorruptDocumentError on a gap or a broken link. */
export function joinHistory(document: Incident, logged: HistoryCounts, log: LoggedEntries, where: string): Incident {
  const whole = { ...document } as Record<HistoryList, unknown[]>;
  const have = contiguous(log);
  const missing = historyLists.filter((l) => have[l] < logged[l]).map((l) => `${l}: entries ${have[l] + 1}-${logged[l]} are not in its history log`);
  if (missing.length) throw new CorruptDocumentError(where, missing);
  for (const list of historyLists) if (logged[list]) whole[list] = [...log[list].slice(0, logged[list]), ...(document[list] as unknown[])];
  const joined = whole as unknown as Incident;
  const seam = logged.audit;
  const [before, after] = [joined.audit[seam - 1], joined.audit[seam]];
  if (seam && after && (after.prevHash !== before.hash || after.seq !== seam + 1)) {
    throw new CorruptDocumentError(where, [`audit: entry ${seam + 1} does not follow entry ${seam} of its history log`]);
  }
  return joined;
}

/** The log text for records: one JSON line each, every line ending in a newline (a torn last line is then recognisable). */
export function recordsText(records: readonly HistoryRecord[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join('');
}

const entrySchemas: Record<HistoryList, z.ZodType> = { audit: auditEntry, notes: note, evidence: evidenceEntry, commandResults: commandResult };
const record = z.object({ l: z.enum(historyLists), i: z.number().int().min(0).max(10_000_000), e: z.unknown() });

/**
 * Reads the complete lines of log bytes into `log` (the first copy of a position wins). Returns how many bytes were
 * consumed (through the last newline: a torn last line is left for the next read) and how many lines were unreadable.
 */
export function readRecords(bytes: Buffer, log: LoggedEntries): { consumed: number; unreadable: number } {
  const end = bytes.lastIndexOf(0x0a) + 1;
  let unreadable = 0;
  for (const line of bytes.toString('utf8', 0, end).split('\n')) {
    if (!line) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      unreadable++;
      continue;
    }
    const parsed = record.safeParse(json);
    const entry = parsed.success ? entrySchemas[parsed.data.l].safeParse(parsed.data.e) : undefined;
    if (!parsed.success || !entry?.success) {
      unreadable++;
      continue;
    }
    addRecords(log, [{ l: parsed.data.l, i: parsed.data.i, e: entry.data }]);
  }
  return { consumed: end, unreadable };
}
