import { verifyAudit } from '../../src/incident/audit';
import { CorruptDocumentError } from '../../src/store/incident-document';
import {
  addRecords,
  contiguous,
  emptyLog,
  flushAt,
  hotTail,
  joinHistory,
  noHistory,
  readRecords,
  recordsText,
  splitForWrite,
} from '../../src/store/incident-history';
import { withNotes } from './history-helpers';
import { incidentFor } from './store-suite';

// The pure split of an incident into a bounded document and log records, and the join back.

/** Writes an incident as a store does, one version at a time; returns the last document, its counts and the log. */
function writeAll(versions: number) {
  let incident = incidentFor('INC-20261124-001');
  const log = emptyLog();
  let last = splitForWrite(incident, contiguous(log));
  const appended: number[] = [];
  for (let v = 0; v < versions; v++) {
    incident = withNotes(incident, 1);
    last = splitForWrite(incident, contiguous(log));
    addRecords(log, last.records);
    appended.push(last.records.length);
  }
  return { incident, last, log, appended };
}

test('a long incident: the document keeps a bounded tail, the log the rest once, and they join to the whole incident', () => {
  const { incident, last, log, appended } = writeAll(500);
  expect(incident.notes).toHaveLength(500);
  for (const list of ['notes', 'audit'] as const) {
    expect(last.document[list].length).toBeGreaterThanOrEqual(hotTail);
    expect(last.document[list].length).toBeLessThanOrEqual(flushAt + 1);
  }
  // Most writes append nothing; a flush appends a batch.
  // One append per flush for all lists (audit and notes grow together): at most one per (flushAt - hotTail) notes.
  expect(appended.filter((n) => n > 0).length).toBeLessThanOrEqual(Math.ceil(500 / (flushAt - hotTail)));
  expect(Math.max(...appended)).toBeLessThanOrEqual(3 * (flushAt - hotTail + 1));
  const whole = joinHistory(last.document, last.logged, log, 'INC-20261124-001.json');
  expect(whole).toEqual(incident);
  expect(verifyAudit(whole.audit)).toEqual({ ok: true, entries: incident.audit.length });
  expect(whole.notes[0].text).toBe('note 0 <CAF0@mail.fabrikam.com>');
});

test('the document never leaves out an entry the log did not hold before the write (the log is written after it)', () => {
  const incident = withNotes(incidentFor('INC-20261124-001'), 100);
  const first = splitForWrite(incident, noHistory);
  expect(first.logged).toEqual(noHistory);
  expect(first.document.notes).toHaveLength(100);
  expect(first.records.filter((r) => r.l === 'notes').map((r) => r.i)).toEqual(Array.from({ length: 100 - hotTail }, (_, i) => i));
  // The log got them: the next write leaves them out.
  const log = emptyLog();
  addRecords(log, first.records);
  const second = splitForWrite(incident, contiguous(log));
  expect(second.logged.notes).toBe(100 - hotTail);
  expect(second.document.notes.map((n) => n.text)).toEqual(incident.notes.slice(100 - hotTail).map((n) => n.text));
  expect(second.records).toEqual([]);
});

test('a gap in the log or an audit entry that does not follow the log is refused in words', () => {
  const { last, log } = writeAll(200);
  const holed = { ...log, notes: [...log.notes] };
  delete holed.notes[5];
  expect(() => joinHistory(last.document, last.logged, holed, 'INC-20261124-001.json')).toThrow(CorruptDocumentError);
  expect(() => joinHistory(last.document, last.logged, holed, 'INC-20261124-001.json')).toThrow(/notes: entries 6-\d+ are not in its history log/);
  const forged = { ...log, audit: [...log.audit] };
  forged.audit[last.logged.audit - 1] = { ...(forged.audit[last.logged.audit - 1] as object), hash: 'f'.repeat(64) };
  expect(() => joinHistory(last.document, last.logged, forged, 'INC-20261124-001.json')).toThrow(
    /audit: entry \d+ does not follow entry \d+ of its history log/,
  );
});

test('log lines: a torn last line is left for later, a duplicate keeps its first copy, a foreign line is counted and skipped', () => {
  const { log } = writeAll(100);
  const records = Object.entries(log).flatMap(([l, entries]) => (entries as unknown[]).map((e, i) => ({ l, i, e }))) as Parameters<typeof recordsText>[0];
  const text = recordsText(records);
  const torn = text + recordsText([records[0]]).slice(0, 30);
  const read = emptyLog();
  const { consumed, unreadable } = readRecords(Buffer.from(torn + ''), read);
  expect(consumed).toBe(Buffer.byteLength(text));
  expect(unreadable).toBe(0);
  expect(read).toEqual(log);
  // Appended twice (two instances, a retry after a lost answer), a changed second copy, junk and a wrong shape.
  const second = emptyLog();
  const changed = { ...records[0], e: { ...(records[0].e as object), text: 'changed later' } };
  const messy = `${text}${recordsText([changed])}not json\n{"l":"notes","i":-1,"e":{}}\n{"l":"audit","i":999,"e":{"seq":"x"}}\n${text}`;
  expect(readRecords(Buffer.from(messy), second)).toEqual({ consumed: Buffer.byteLength(messy), unreadable: 3 });
  expect(second).toEqual(log);
});
