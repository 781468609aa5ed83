import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAudit } from '../../src/incident/audit';
import type { Incident } from '../../src/incident/types';
import { FileIncidentStore, fd } from '../../src/store/file-store';
import { emptyLog, hotTail, readRecords } from '../../src/store/incident-history';
import { withNotes } from './history-helpers';
import { incidentFor, longIncidentAcrossInstances } from './store-suite';

// The file store's history log (incidents/<id>.log): bounded documents, and nothing lost to a torn line, a crash
// between the document and the log, or a document written before the log existed.

const id = 'INC-20261124-001';
const dirs = () => {
  const dir = mkdtempSync(join(tmpdir(), 'history-'));
  return { dir, json: join(dir, 'incidents', `${id}.json`), log: join(dir, 'incidents', `${id}.log`) };
};

async function grow(store: FileIncidentStore, notes: number): Promise<Incident> {
  let stored = (await store.get(id)) ?? (await store.create(incidentFor(id)));
  for (let i = 0; i < notes; i++) stored = await store.put(withNotes(stored.value, 1), stored.etag);
  return stored.value;
}

afterEach(() => jest.restoreAllMocks());

test('500 notes: the document stays under 40 KB while the log holds the rest; a new process reads the incident whole', async () => {
  const { dir, json, log } = dirs();
  const written = await grow(new FileIncidentStore(dir), 500);
  expect(statSync(json).size).toBeLessThan(40_000);
  expect(statSync(log).size).toBeGreaterThan(100_000);
  const read = (await new FileIncidentStore(dir).get(id))!.value;
  expect(read).toEqual(written);
  expect(verifyAudit(read.audit)).toEqual({ ok: true, entries: 501 });
});

test('two processes one after the other: each reads what the other wrote', async () => {
  const { dir } = dirs();
  await longIncidentAcrossInstances(new FileIncidentStore(dir), () => new FileIncidentStore(dir));
});

test('a torn last line (a kill during an append) is ended by the next append and read as nothing; no entry is lost', async () => {
  const { dir, log } = dirs();
  await grow(new FileIncidentStore(dir), 100);
  appendFileSync(log, '{"l":"notes","i":80,"e":{"at":"2026-11-24T10:0');
  const after = new FileIncidentStore(dir);
  const whole = await grow(after, 100);
  expect(whole.notes).toHaveLength(200);
  expect((await new FileIncidentStore(dir).get(id))!.value).toEqual(whole);
  const lines = readFileSync(log, 'utf8').split('\n');
  expect(lines.filter((l) => l.startsWith('{"l":"notes","i":80,"e":{"at":"2026-11-24T10:0"'))).toHaveLength(0);
  expect(readRecords(readFileSync(log), emptyLog()).unreadable).toBe(1);
});

test('a crash between the document and the log loses nothing: the document still holds the entries, the next write appends them', async () => {
  const { dir, log } = dirs();
  const store = new FileIncidentStore(dir);
  let stored = await store.create(incidentFor(id));
  const open = fd.open;
  let failed = 0;
  jest.spyOn(fd, 'open').mockImplementation(((path: string, flags: string) => {
    if (String(path).endsWith('.log') && flags === 'a' && !failed++) return Promise.reject(Object.assign(new Error('EIO: disk gone'), { code: 'EIO' }));
    return open(path, flags);
  }) as typeof fd.open);
  let lost: Incident | undefined;
  for (let i = 0; i < 60 && !lost; i++) {
    const next = withNotes(stored.value, 1);
    try {
      stored = await store.put(next, stored.etag);
    } catch (err) {
      expect((err as Error).message).toBe('EIO: disk gone');
      lost = next;
    }
  }
  expect(lost).toBeDefined();
  // A new process (as after the kill): the document written before the failed append has every entry.
  const next = new FileIncidentStore(dir);
  const read = (await next.get(id))!;
  expect(read.value).toEqual(lost);
  jest.restoreAllMocks();
  const whole = await grow(next, 80);
  expect((await new FileIncidentStore(dir).get(id))!.value).toEqual(whole);
  expect(readRecords(readFileSync(log), emptyLog()).unreadable).toBe(0);
});

test('a document written before the log (schema 2, 300 notes in it) reads whole, and its next writes move its history to the log', async () => {
  const { dir, json, log } = dirs();
  const old = withNotes(incidentFor(id), 300);
  mkdirSync(join(dir, 'incidents'), { recursive: true });
  writeFileSync(json, JSON.stringify({ schemaVersion: 2, ...old }));
  const store = new FileIncidentStore(dir);
  expect((await store.get(id))!.value).toEqual(old);
  const whole = await grow(store, 2);
  expect(statSync(json).size).toBeLessThan(40_000);
  // The first write flushed all but each list's newest hotTail entries; the second added one to the document.
  expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({
    schemaVersion: 3,
    history: { notes: whole.notes.length - hotTail - 1, audit: whole.audit.length - hotTail - 1 },
  });
  expect(statSync(log).size).toBeGreaterThan(100_000);
  expect((await new FileIncidentStore(dir).get(id))!.value).toEqual(whole);
});

test('a log that went missing: the incident is reported by name with what is missing, skipped, and its document kept', async () => {
  const { dir, json, log } = dirs();
  await grow(new FileIncidentStore(dir), 100);
  const document = readFileSync(json, 'utf8');
  const { history } = JSON.parse(document) as { history: Record<string, number> };
  expect(history.notes).toBeGreaterThan(50);
  rmSync(log);
  const problems: string[] = [];
  const store = new FileIncidentStore(dir, (p) => problems.push(`${p.file}: ${p.reason}`));
  expect(await store.get(id)).toBeUndefined();
  expect(await store.list()).toEqual([]);
  expect(problems).toEqual([
    `${json}: not an incident document: ${['audit', 'notes', 'evidence'].map((l) => `${l}: entries 1-${history[l]} are not in its history log`).join('; ')}`,
  ]);
  expect(readFileSync(json, 'utf8')).toBe(document);
});
