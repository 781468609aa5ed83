import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit, verifyAudit } from '../../src/incident/audit';
import { dueMarks } from '../../src/incident/due-marks';
import type { Incident } from '../../src/incident/types';
import { FileIncidentStore, fd } from '../../src/store/file-store';
import { HistoryLogs, type LogStorage } from '../../src/store/history-logs';
import { CorruptDocumentError } from '../../src/store/incident-document';
import { EtagMismatchError } from '../../src/store/incident-store';
import { type HistoryRecord, contiguous, emptyLog, joinHistory, noHistory, readRecords, recordsText } from '../../src/store/incident-history';
import { withNotes } from './history-helpers';
import { incidentFor, suiteDelays } from './store-suite';

// Attacks on the history log (incident-history.ts, history-logs.ts, file-io.ts, file-store.ts). Tests that show a
// bug are test.failing with the bug named; plain tests are attacks that held.

const id = 'INC-20261124-001';
const noteTexts = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `note ${from + i} <CAF${from + i}@mail.fabrikam.com>`);

function dirs() {
  const dir = mkdtempSync(join(tmpdir(), 'history-attack-'));
  return { dir, json: join(dir, 'incidents', `${id}.json`), log: join(dir, 'incidents', `${id}.log`) };
}

async function grow(store: FileIncidentStore, notes: number, which = id): Promise<Incident> {
  let stored = (await store.get(which)) ?? (await store.create(incidentFor(which)));
  for (let i = 0; i < notes; i++) stored = await store.put(withNotes(stored.value, 1), stored.etag);
  return stored.value;
}

function problemsOf() {
  const problems: string[] = [];
  return { problems, onProblem: (p: { file: string; reason: string }) => problems.push(`${p.file}: ${p.reason}`) };
}

const docOf = (json: string) => JSON.parse(readFileSync(json, 'utf8')) as Incident & { history: Record<string, number> };
const logRecords = (log: string) =>
  readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as HistoryRecord);

afterEach(() => jest.restoreAllMocks());

// ---------------------------------------------------------------------------------------------------------------
// Bugs
// ---------------------------------------------------------------------------------------------------------------

/** A log in memory whose reads wait for the test to let them through. */
function gatedStorage(initial = '') {
  let bytes = Buffer.from(initial);
  const waiting: Array<() => void> = [];
  let gated = false;
  const storage: LogStorage = {
    async read(_id, offset) {
      if (gated) await new Promise<void>((r) => waiting.push(r));
      return bytes.length ? bytes.subarray(offset) : undefined;
    },
    async append(_id, text) {
      const at = bytes.length;
      bytes = Buffer.concat([bytes, Buffer.from(text)]);
      return at;
    },
  };
  return {
    storage,
    gate: () => (gated = true),
    release: () => {
      gated = false;
      waiting.splice(0).forEach((r) => r());
    },
    /** Another instance appending behind this one's back. */
    foreignAppend: (text: string) => (bytes = Buffer.concat([bytes, Buffer.from(text)])),
  };
}

const noteRecords = (from: number, n: number): HistoryRecord[] =>
  Array.from({ length: n }, (_, k) => ({
    l: 'notes',
    i: from + k,
    e: { at: '2026-11-24T10:00:00.000Z', by: { id: 'a1', name: 'Sam' }, text: `n${from + k}` },
  }));

// BUG (history-logs.ts readMore, lines ~83-88): two reads of one log in flight at once (two gets of a fresh incident,
// the index build and a click) both read from the same `consumed` and both add their byte counts, so `consumed`
// jumps past the real end. Later reads start in the middle of the log: whatever another instance appended there is
// never read by this process, and the incident is reported corrupt ("entries ... are not in its history log").
test('fixed: two concurrent reads of a fresh log double `consumed`; what another instance appends later is never read', async () => {
  const g = gatedStorage(recordsText(noteRecords(0, 10)));
  const logs = new HistoryLogs(g.storage);
  const need = { ...noHistory, notes: 10 };
  await Promise.all([logs.covering(id, need), logs.covering(id, need)]);
  g.foreignAppend(recordsText(noteRecords(10, 10)));
  const log = await logs.covering(id, { ...noHistory, notes: 20 });
  expect(log.notes.map((e) => (e as { text: string }).text)).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
});

// The same through the file store: two store instances over one directory (as the existing across-instances test
// uses them). Instance A serves two gets at once, B writes 100 more notes, A cannot read the incident any more.
test('fixed: file store, two concurrent gets on instance A, then B writes on: A reports the incident corrupt', async () => {
  const { dir } = dirs();
  await grow(new FileIncidentStore(dir), 120);
  const report = problemsOf();
  const a = new FileIncidentStore(dir, report.onProblem);
  const [x, y] = await Promise.all([a.get(id), a.get(id)]);
  expect(x!.value.notes).toHaveLength(120);
  expect(y!.value.notes).toHaveLength(120);
  const theirs = await grow(new FileIncidentStore(dir), 100);
  const back = await a.get(id);
  expect(report.problems).toEqual([]);
  expect(back?.value).toEqual(theirs);
});

// BUG (history-logs.ts known, lines ~52-57): known() reads the log only when the incident is not cached yet; while
// a get's read of that log is still in flight the entry is cached but empty, so known() answers "the log holds
// nothing". A write at that moment (file store: a get and a put of one incident after a restart; the get is not
// serialized with the put) writes the WHOLE history into the document (logged 0) and appends all of it again.
test('fixed: known() during an in-flight read of the same log answers 0 entries (the write then puts all history in the document)', async () => {
  const g = gatedStorage(recordsText(noteRecords(0, 100)));
  const logs = new HistoryLogs(g.storage);
  g.gate();
  const reading = logs.covering(id, { ...noHistory, notes: 100 });
  const known = logs.known(id);
  g.release();
  await reading;
  expect(contiguous(await known).notes).toBe(100);
});

// The same through the file store after a restart: a get and a put of one long incident at once (a card refresh and
// a click). The put's known() sees the get's still-empty cache entry: the document is written with every entry in it.
test('fixed: file store after a restart, a get and a put at once: the document is written with the whole history in it (not bounded)', async () => {
  const { dir, json, log } = dirs();
  await grow(new FileIncidentStore(dir), 500);
  const logBefore = statSync(log).size;
  const { etag, value } = (await new FileIncidentStore(dir).get(id))!;
  const restarted = new FileIncidentStore(dir);
  await Promise.all([restarted.get(id), restarted.put(withNotes(value, 1), etag)]);
  expect(docOf(json).notes.length).toBeLessThanOrEqual(41);
  expect(statSync(json).size).toBeLessThan(40_000);
  expect(statSync(log).size - logBefore).toBeLessThan(logBefore / 10);
});

// BUG (blob-history.ts append lines ~42-46 with history-logs.ts append line ~66): an append longer than one Append
// Block (4 MiB, e.g. the first write of a migrated schema-2 incident with many command results) goes out as several
// blocks; another instance's block can land between them, but append() reports only the first block's offset and
// HistoryLogs then sets `consumed` to offset + text length, i.e. into the middle of the log. The other instance's
// records in between are never read by this process: its reads report a gap (CorruptDocumentError) for an intact log.
test("BUG: blob log: a multi-block append interleaved with another instance's block makes this instance skip that block for good", async () => {
  const { blobLogStorage } = await import('../../src/store/blob-history');
  let bytes = Buffer.alloc(0);
  let interleave: (() => void) | undefined;
  const blob = {
    createIfNotExists: async () => ({}),
    appendBlock: async (chunk: Buffer) => {
      const at = bytes.length;
      bytes = Buffer.concat([bytes, chunk]);
      const other = interleave;
      interleave = undefined;
      other?.();
      return { blobAppendOffset: String(at) };
    },
    download: async (offset: number) => ({
      readableStreamBody: (async function* () {
        yield bytes.subarray(offset);
      })(),
    }),
  };
  const container = { getAppendBlobClient: () => blob } as unknown as Parameters<typeof blobLogStorage>[0];
  const logs = new HistoryLogs(blobLogStorage(container));
  await logs.known(id); // no log yet
  const big: HistoryRecord[] = Array.from({ length: 500 }, (_, i) => ({
    l: 'commandResults',
    i,
    e: { starterId: 's', output: 'o'.repeat(10_000), at: '2026-11-24T10:00:00.000Z', by: { id: 'a1', name: 'Sam' } },
  }));
  // The other instance's block (its notes 0-9) lands right after this instance's first block.
  interleave = () => (bytes = Buffer.concat([bytes, Buffer.from(recordsText(noteRecords(0, 10)))]));
  await logs.append(id, big);
  const log = await logs.covering(id, { ...noHistory, commandResults: 500, notes: 10 });
  expect(log.notes.filter(Boolean)).toHaveLength(10);
  expect(log.commandResults.filter(Boolean)).toHaveLength(500);
});

// BUG (history-logs.ts append, line ~63, with file-io.ts appendDurably): an append that fails part way (ENOSPC, EIO
// after a short write) leaves a torn line, but the cache still believes the log ends where it did (size ==
// consumed), so the next append does not end the torn line first: its first record is glued onto the fragment and
// unreadable on disk, while this process remembers it as logged and drops it from the document. After a restart the
// acknowledged entry is gone: the incident is reported unreadable ("audit: entries N-N are not in its history log").
// Should: on a failed append, forget what is known of the log's end (re-read it, or always start an append after an
// unknown end with a newline).
test('fixed: a short write then ENOSPC in an append: the next append is glued to the torn bytes and an acknowledged entry is lost', async () => {
  const { dir } = dirs();
  const store = new FileIncidentStore(dir);
  let stored = await store.create(incidentFor(id));
  for (let i = 0; i < 30; i++) stored = await store.put(withNotes(stored.value, 1), stored.etag);
  const logHandles = new Set<number>();
  const open = fd.open;
  const write = fd.write;
  jest.spyOn(fd, 'open').mockImplementation((async (path: string, flags: string) => {
    const h = await open(path, flags);
    if (String(path).endsWith('.log') && flags === 'a') logHandles.add(h);
    return h;
  }) as unknown as typeof fd.open);
  let armed = true;
  let short = false;
  jest.spyOn(fd, 'write').mockImplementation((async (h: number, buf: Buffer, off: number, len: number, pos: null) => {
    if (armed && logHandles.has(h)) {
      if (!short) {
        short = true;
        return write(h, buf, off, Math.min(8, len), pos); // a short write: 8 bytes of the first record
      }
      armed = false;
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    }
    return write(h, buf, off, len, pos);
  }) as unknown as typeof fd.write);
  let failed = false;
  for (let i = 0; i < 30 && !failed; i++) {
    try {
      stored = await store.put(withNotes(stored.value, 1), stored.etag);
    } catch (err) {
      expect((err as Error).message).toMatch(/ENOSPC/);
      failed = true;
    }
  }
  expect(failed).toBe(true);
  jest.restoreAllMocks();
  // The document was written before the append failed: the caller reads it again and goes on; every put below is acknowledged.
  stored = (await store.get(id))!;
  for (let i = 0; i < 100; i++) stored = await store.put(withNotes(stored.value, 1), stored.etag);
  expect((await store.get(id))!.value).toEqual(stored.value);
  const report = problemsOf();
  const restarted = await new FileIncidentStore(dir, report.onProblem).get(id);
  expect(report.problems).toEqual([]);
  expect(restarted?.value).toEqual(stored.value);
});

// BUG (incident-history.ts splitForWrite lines ~50-56 + history-logs.ts known): a log record for a position the
// document still holds is trusted without comparing it to the document's entry. The read is right (the document's
// copy is used), but the next write drops the document's copy because "the log holds it", and from then on the store
// answers with the log's entry: an acknowledged note silently changed, no report. Should: compare the log's entry
// with the document's before leaving it out, and report a mismatch (CorruptDocumentError / onProblem).
test('fixed: a foreign valid record at a position the document holds silently replaces the acknowledged note on the next write', async () => {
  const { dir, json, log } = dirs();
  const written = await grow(new FileIncidentStore(dir), 101);
  const doc = docOf(json);
  const inLog =
    Math.max(
      ...logRecords(log)
        .filter((r) => r.l === 'notes')
        .map((r) => r.i),
    ) + 1;
  // The document holds position `inLog` itself (the log does not have it yet).
  expect(doc.history.notes).toBeLessThanOrEqual(inLog);
  expect(doc.history.notes + doc.notes.length).toBeGreaterThan(inLog);
  appendFileSync(log, `${JSON.stringify({ l: 'notes', i: inLog, e: { at: '2026-11-24T10:00:00.000Z', by: { id: 'x', name: 'Mallory' }, text: 'FORGED' } })}\n`);
  const report = problemsOf();
  const store = new FileIncidentStore(dir, report.onProblem);
  const read = (await store.get(id))!;
  expect(read.value).toEqual(written); // the document's copy wins while it holds it
  const next = withNotes(read.value, 1);
  await store.put(next, read.etag);
  const after = await new FileIncidentStore(dir, report.onProblem).get(id);
  // Either the acknowledged note is still there, or the damage is reported in words: never a silent change.
  if (report.problems.length === 0) expect(after?.value.notes[inLog].text).toBe(written.notes[inLog].text);
  expect(after?.value).toEqual(next);
});

// BUG (file-store.ts joined() line ~173 rethrows anything but CorruptDocumentError; index() has no catch): a log
// that cannot be read (here a directory in its place: EISDIR; likewise EACCES, EIO) makes get() reject with a raw
// errno error instead of a report, and makes list(), openIn() and idsDueBy() reject for EVERY incident: the sweep
// stops for all incidents because of one damaged log. Should: report the incident (onProblem) and skip it, as for a
// document that is not valid JSON.
test('fixed: a log that is a directory: get() throws EISDIR and list()/idsDueBy() fail for every incident', async () => {
  const { dir, log } = dirs();
  await grow(new FileIncidentStore(dir), 100);
  await grow(new FileIncidentStore(dir), 1, 'INC-20261124-002');
  rmSync(log);
  mkdirSync(log);
  const report = problemsOf();
  const store = new FileIncidentStore(dir, report.onProblem);
  await expect(store.list()).resolves.toHaveLength(1);
  await expect(store.get(id)).resolves.toBeUndefined();
  expect(report.problems.join('\n')).toContain(`${id}.json`);
});

// ---------------------------------------------------------------------------------------------------------------
// Attacks that held
// ---------------------------------------------------------------------------------------------------------------

test('hostile lines in the log (wrong list, position 10,000,001, negative, float, huge line, NUL, not JSON, bad entry) are skipped; the incident reads whole and writes on', async () => {
  const { dir, log } = dirs();
  const written = await grow(new FileIncidentStore(dir), 100);
  const e = { at: '2026-11-24T10:00:00.000Z', by: { id: 'x', name: 'Mallory' }, text: 'FORGED' };
  const hostile = [
    JSON.stringify({ l: 'secrets', i: 0, e }),
    JSON.stringify({ l: 'notes', i: 10_000_001, e }),
    JSON.stringify({ l: 'notes', i: -1, e }),
    JSON.stringify({ l: 'notes', i: 1.5, e }),
    JSON.stringify({ l: 'notes', i: '3', e }),
    JSON.stringify({ l: 'notes', i: 3 }),
    JSON.stringify({ l: 'audit', i: 0, e }), // a note where an audit entry belongs
    JSON.stringify({ l: 'notes', i: 0, e: { ...e, text: 'x'.repeat(1_000_001) } }),
    `{"l":"notes","i":0,"e":${JSON.stringify(e)}}\u0000`,
    '\u0000'.repeat(4096),
    'x'.repeat(3_000_000),
    '[]',
    'null',
    '{"__proto__":{"polluted":1},"l":"notes","i":0,"e":{}}',
    // Far positions that ARE valid: they must not make contiguous() or joins skip ahead.
    JSON.stringify({ l: 'notes', i: 10_000_000, e }),
    JSON.stringify({ l: 'notes', i: 9_999_999, e }),
  ];
  appendFileSync(log, `${hostile.join('\n')}\n`);
  const store = new FileIncidentStore(dir);
  expect((await store.get(id))!.value).toEqual(written);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const whole = await grow(store, 60);
  const back = (await new FileIncidentStore(dir).get(id))!.value;
  expect(back).toEqual(whole);
  expect(back.notes.map((n) => n.text)).toEqual(noteTexts(160));
  expect(verifyAudit(back.audit)).toEqual({ ok: true, entries: 161 });
});

test('a log rewritten with CRLF line ends reads the same', async () => {
  const { dir, log } = dirs();
  const written = await grow(new FileIncidentStore(dir), 100);
  writeFileSync(log, readFileSync(log, 'utf8').replace(/\n/g, '\r\n'));
  expect((await new FileIncidentStore(dir).get(id))!.value).toEqual(written);
  const whole = await grow(new FileIncidentStore(dir), 50);
  expect((await new FileIncidentStore(dir).get(id))!.value).toEqual(whole);
});

test('a NUL-filled torn tail (a crash on a file system that leaves zeros) is ended by the next append; nothing is lost', async () => {
  const { dir, log } = dirs();
  await grow(new FileIncidentStore(dir), 100);
  appendFileSync(log, Buffer.alloc(3000));
  const whole = await grow(new FileIncidentStore(dir), 100);
  expect((await new FileIncidentStore(dir).get(id))!.value).toEqual(whole);
});

test('a BOM before the first record: every append starts a line, so the BOM is a line of its own, skipped; the incident reads whole', async () => {
  const { dir, log } = dirs();
  const whole = await grow(new FileIncidentStore(dir), 100);
  writeFileSync(log, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(log)]));
  const report = problemsOf();
  const store = new FileIncidentStore(dir, report.onProblem);
  expect((await store.get(id))?.value).toEqual(whole);
  expect(report.problems).toEqual([]);
});

test('history counts larger than the log: reported by name; counts smaller than what the log holds: the document rules', async () => {
  const { dir, json } = dirs();
  const written = await grow(new FileIncidentStore(dir), 100);
  const doc = docOf(json);
  // The log holds more than the document counts: a document written before the latest append.
  expect(doc.history.notes).toBeGreaterThan(0);
  const report = problemsOf();
  writeFileSync(json, JSON.stringify({ ...doc, history: { ...doc.history, notes: doc.history.notes + 500 } }));
  expect(await new FileIncidentStore(dir, report.onProblem).get(id)).toBeUndefined();
  expect(report.problems[0]).toMatch(new RegExp(`notes: entries \\d+-${doc.history.notes + 500} are not in its history log`));
  // The audit count moved by one: the seam check catches it.
  const seam = problemsOf();
  writeFileSync(json, JSON.stringify({ ...doc, history: { ...doc.history, audit: doc.history.audit - 1 } }));
  expect(await new FileIncidentStore(dir, seam.onProblem).get(id)).toBeUndefined();
  expect(seam.problems[0]).toContain(`audit: entry ${doc.history.audit} does not follow entry ${doc.history.audit - 1} of its history log`);
  writeFileSync(json, JSON.stringify(doc));
  expect((await new FileIncidentStore(dir).get(id))!.value).toEqual(written);
});

test('a history count beyond the schema bound (10,000,001) is refused in words', async () => {
  const { dir, json } = dirs();
  await grow(new FileIncidentStore(dir), 50);
  const doc = docOf(json);
  writeFileSync(json, JSON.stringify({ ...doc, history: { ...doc.history, notes: 10_000_001 } }));
  const report = problemsOf();
  expect(await new FileIncidentStore(dir, report.onProblem).get(id)).toBeUndefined();
  expect(report.problems[0]).toMatch(/history\.notes/);
});

test('a changed audit entry at the seam is reported; an entry changed deeper in the log is caught by verifyAudit of the joined incident', async () => {
  const { dir, json, log } = dirs();
  await grow(new FileIncidentStore(dir), 100);
  const original = readFileSync(log, 'utf8');
  const seam = docOf(json).history.audit;
  const edit = (i: number, change: (e: Record<string, unknown>) => Record<string, unknown>) =>
    original
      .split('\n')
      .map((l) => {
        if (!l) return l;
        const r = JSON.parse(l) as HistoryRecord;
        return r.l === 'audit' && r.i === i ? JSON.stringify({ ...r, e: change(r.e as Record<string, unknown>) }) : l;
      })
      .join('\n');
  writeFileSync(
    log,
    edit(seam - 1, (e) => ({ ...e, hash: 'f'.repeat(64) })),
  );
  const report = problemsOf();
  expect(await new FileIncidentStore(dir, report.onProblem).get(id)).toBeUndefined();
  expect(report.problems[0]).toContain(`audit: entry ${seam + 1} does not follow entry ${seam} of its history log`);
  writeFileSync(
    log,
    edit(5, (e) => ({ ...e, what: 'deleted the evidence' })),
  );
  const read = (await new FileIncidentStore(dir).get(id))!.value;
  expect(verifyAudit(read.audit)).toEqual({ ok: false, brokenAt: 6, reason: 'entry 6 was changed after it was written' });
});

test('50 concurrent puts with one etag through one FileIncidentStore, across flush points: exactly one wins each round, nothing else is appended', async () => {
  const { dir, log } = dirs();
  const store = new FileIncidentStore(dir);
  let stored = await store.create(incidentFor(id));
  for (let round = 0; round < 120; round++) {
    const contenders = Array.from({ length: 5 }, (_, k) => {
      const next = withNotes(stored.value, 1);
      return { ...next, notes: [...next.notes.slice(0, -1), { ...next.notes[next.notes.length - 1], text: `round ${round} by ${k}` }] } as Incident;
    });
    const results = await Promise.allSettled(contenders.map((c) => store.put(c, stored.etag)));
    const won = results.flatMap((r, k) => (r.status === 'fulfilled' ? [{ k, value: r.value }] : []));
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(EtagMismatchError);
    stored = won[0].value;
    expect(stored.value).toEqual(contenders[won[0].k]);
  }
  const back = (await new FileIncidentStore(dir).get(id))!.value;
  expect(back).toEqual(stored.value);
  // Every record in the log is the winner's entry at its position.
  for (const r of logRecords(log)) expect(r.e).toEqual((back[r.l] as unknown[])[r.i]);
});

test('a put rejected for a stale etag appends nothing to the log and leaves the document as it was', async () => {
  const { dir, json, log } = dirs();
  const store = new FileIncidentStore(dir);
  await grow(store, 60);
  const stale = (await store.get(id))!;
  const current = await store.put(withNotes(stale.value, 1), stale.etag);
  const [logBefore, docBefore] = [readFileSync(log), readFileSync(json, 'utf8')];
  // A stale writer with 45 more entries (a flush's worth) is refused.
  await expect(store.put(withNotes(stale.value, 45), stale.etag)).rejects.toBeInstanceOf(EtagMismatchError);
  expect(readFileSync(log).equals(logBefore)).toBe(true);
  expect(readFileSync(json, 'utf8')).toBe(docBefore);
  expect((await new FileIncidentStore(dir).get(id))!.value).toEqual(current.value);
});

test('more than 200 long incidents (the log cache evicts): back to the first, it writes and reads whole, in this process and the next', async () => {
  const { dir } = dirs();
  const store = new FileIncidentStore(dir);
  const ids = Array.from({ length: 205 }, (_, i) => `INC-20261124-${String(i + 1).padStart(3, '0')}`);
  const last: Record<string, Incident> = {};
  for (const x of ids) {
    let s = await store.create(incidentFor(x));
    s = await store.put(withNotes(s.value, 70), s.etag); // one put, 70 notes: a flush
    s = await store.put(withNotes(s.value, 1), s.etag); // the document now leaves them out
    last[x] = s.value;
  }
  let first = (await store.get(ids[0]))!;
  expect(first.value).toEqual(last[ids[0]]);
  for (let i = 0; i < 50; i++) first = await store.put(withNotes(first.value, 1), first.etag);
  expect((await store.get(ids[0]))!.value).toEqual(first.value);
  const next = new FileIncidentStore(dir);
  expect((await next.get(ids[0]))!.value.notes.map((n) => n.text)).toEqual(noteTexts(121));
  expect((await next.get(ids[204]))!.value).toEqual(last[ids[204]]);
  expect(await next.list()).toHaveLength(205);
}, 120_000);

test.each([
  ['no schemaVersion (v1)', (i: Incident) => JSON.stringify({ ...i, outbox: undefined })],
  ['schemaVersion 2', (i: Incident) => JSON.stringify({ schemaVersion: 2, ...i })],
])(
  'a %s document with 1,000 notes reads whole, migrates over its next writes to a bounded document, and reads whole in the next process',
  async (_name, text) => {
    const { dir, json } = dirs();
    const old = withNotes(incidentFor(id), 1000);
    mkdirSync(join(dir, 'incidents'), { recursive: true });
    writeFileSync(json, text(old));
    const store = new FileIncidentStore(dir);
    const read = (await store.get(id))!;
    expect(read.value).toEqual({ ...old, outbox: old.outbox ?? [] });
    let stored = read;
    for (let i = 0; i < 3; i++) stored = await store.put(withNotes(stored.value, 1), stored.etag);
    expect(statSync(json).size).toBeLessThan(40_000);
    const back = (await new FileIncidentStore(dir).get(id))!.value;
    expect(back).toEqual(stored.value);
    expect(back.notes.map((n) => n.text)).toEqual(noteTexts(1003));
    expect(verifyAudit(back.audit)).toEqual({ ok: true, entries: 1004 });
  },
);

test('after a restart, the idle clock of an incident whose last 45 audit entries are refusals comes from the change in the log', async () => {
  const { dir, json } = dirs();
  const store = new FileIncidentStore(dir);
  let stored = await store.create(incidentFor(id));
  stored = await store.put(withNotes(stored.value, 60), stored.etag);
  const lastChange = stored.value.audit[stored.value.audit.length - 1];
  for (let k = 0; k < 45; k++) {
    const at = new Date(Date.parse(lastChange.at) + (k + 1) * 60_000).toISOString();
    const audit = appendAudit(stored.value.audit, at, { id: `u${k}`, name: 'Eve' }, 'refused: approve — not an approver', undefined, 'refusal');
    stored = await store.put({ ...stored.value, audit }, stored.etag);
  }
  await store.put({ ...stored.value }, stored.etag);
  const doc = docOf(json);
  expect(doc.history.audit).toBeGreaterThan(0);
  expect(doc.audit.every((e) => e.kind === 'refusal')).toBe(true);
  const restarted = new FileIncidentStore(dir);
  const idleDue = new Date(Date.parse(lastChange.at) + suiteDelays.idle + 1000);
  expect(await restarted.idsDueBy(idleDue, suiteDelays)).toEqual([id]);
  expect(await restarted.idsDueBy(new Date(Date.parse(lastChange.at) + suiteDelays.idle - 1000), suiteDelays)).toEqual([]);
  expect(dueMarks((await restarted.get(id))!.value).idle).toBe(new Date(lastChange.at).toISOString());
  expect(await restarted.openIn('conv-1')).toEqual([id]);
  expect((await restarted.list()).map((r) => r.id)).toEqual([id]);
});

test('joinHistory: a gap in any list is named, and entries beyond the counts in the log are not used', () => {
  const incident = withNotes(incidentFor(id), 60);
  const log = emptyLog();
  readRecords(Buffer.from(recordsText(incident.notes.slice(0, 30).map((e, i) => ({ l: 'notes' as const, i, e })))), log);
  const document = { ...incident, notes: incident.notes.slice(10) };
  expect(joinHistory(document, { ...noHistory, notes: 10 }, log, 'x.json')).toEqual(incident);
  expect(() => joinHistory({ ...incident, notes: incident.notes.slice(40) }, { ...noHistory, notes: 40 }, log, 'x.json')).toThrow(CorruptDocumentError);
  expect(() => joinHistory({ ...incident, notes: incident.notes.slice(40) }, { ...noHistory, notes: 40 }, log, 'x.json')).toThrow(
    'x.json is not a readable incident: notes: entries 31-40 are not in its history log',
  );
});
