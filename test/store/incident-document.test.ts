import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAudit } from '../../src/incident/audit';
import { CorruptDocumentError, currentSchemaVersion, parseIncidentDocument } from '../../src/store/incident-document';
import { FileIncidentStore, fd } from '../../src/store/file-store';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import { incidentAt } from '../helpers/incident-builders';

// The store edge checks what it reads: a schema per document, a schema version, and v1 documents migrated.

const v1 = () => {
  const { outbox: _outbox, ...rest } = incidentAt('remediation');
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
};

test('a version-1 document (no schema version, no outbox) reads as the current version and its audit still verifies', () => {
  const incident = parseIncidentDocument(v1(), 'INC-old.json');
  expect(incident.outbox).toEqual([]);
  expect('schemaVersion' in incident).toBe(false);
  expect(verifyAudit(incident.audit).ok).toBe(true);
});

const secret = 'SECRET-CUSTOMER-TEXT';
test.each([
  ['a version that is not a number', (d: Record<string, unknown>) => ({ ...d, version: 'three', notes: [{ text: secret }] }), 'version'],
  [
    'an audit entry without its hash',
    (d: Record<string, unknown>) => ({ ...d, audit: [{ ...(d.audit as object[])[0], hash: undefined, what: secret }] }),
    'audit.0.hash',
  ],
  ['a string where the approvals go', (d: Record<string, unknown>) => ({ ...d, approvals: secret }), 'approvals'],
  ['a phase the bot does not know', (d: Record<string, unknown>) => ({ ...d, phase: 'exploded' }), 'phase'],
  ['a foreign id', (d: Record<string, unknown>) => ({ ...d, id: '../../etc/passwd' }), 'id'],
])('%s is refused in words, naming the field and nothing of the content', (_label, spoil, path) => {
  let caught: unknown;
  try {
    parseIncidentDocument(spoil(v1()), 'incidents/INC-x.json');
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(CorruptDocumentError);
  const message = (caught as Error).message;
  expect(message).toContain('incidents/INC-x.json is not a readable incident');
  expect(message).toContain(path);
  expect(message).not.toContain(secret);
});

test('a document from a newer bot is refused, not guessed at', () => {
  expect(() => parseIncidentDocument({ ...v1(), schemaVersion: 99 }, 'INC-new.json')).toThrow(/written by a newer version of the bot \(schema 99/);
});

test('every store writes the schema version and reads its own writes back without it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'doc-'));
  const file = new FileIncidentStore(dir);
  const memory = new MemoryIncidentStore();
  const incident = incidentAt('triage');
  for (const store of [file, memory]) {
    const saved = await store.create(incident);
    expect(saved.value).toEqual(incident);
    expect((await store.get(incident.id))?.value).toEqual(incident);
  }
  const onDisk = JSON.parse(readFileSync(join(dir, 'incidents', `${incident.id}.json`), 'utf8'));
  expect(onDisk.schemaVersion).toBe(currentSchemaVersion);
});

test('the file store skips a corrupt incident in its listing and reports it by name and reason', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'doc-'));
  const problems: string[] = [];
  const store = new FileIncidentStore(dir, (p) => problems.push(`${p.file}: ${p.reason}`));
  const good = incidentAt('triage');
  await store.create(good);
  writeFileSync(join(dir, 'incidents', 'INC-20261124-777.json'), JSON.stringify({ ...v1(), id: 'INC-20261124-777', version: 'x' }));
  const fresh = new FileIncidentStore(dir, (p) => problems.push(`${p.file}: ${p.reason}`));
  expect((await fresh.list()).map((r) => r.id)).toEqual([good.id]);
  expect(problems.join('\n')).toMatch(/INC-20261124-777\.json: not an incident document: version/);
});

test('a write fsyncs the directory after the rename, so the new name survives a power cut', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'doc-'));
  const store = new FileIncidentStore(dir);
  const incident = incidentAt('triage');
  await store.create(incident);
  const opened: string[] = [];
  const synced: number[] = [];
  const realOpen = fd.open;
  const realSync = fd.fsync;
  const open = jest.spyOn(fd, 'open').mockImplementation(((path: string, flags: string) => (opened.push(`${flags} ${path}`), realOpen(path, flags))) as never);
  const fsync = jest.spyOn(fd, 'fsync').mockImplementation(((handle: number) => (synced.push(handle), realSync(handle))) as never);
  try {
    const stored = await store.get(incident.id);
    await store.put({ ...incident, version: incident.version + 1 }, stored!.etag);
  } finally {
    open.mockRestore();
    fsync.mockRestore();
  }
  const dirOpen = opened.indexOf(`r ${join(dir, 'incidents')}`);
  expect(dirOpen).toBeGreaterThan(0); // after the temp file's open
  expect(synced).toHaveLength(2); // the temp file, then the directory
});

test('an incident in every phase of the seed runbook reads back', () => {
  for (const phase of ['intake', 'triage', 'decision', 'remediation', 'validation', 'evidence', 'summary', 'closed'] as const) {
    const incident = incidentAt(phase);
    expect(parseIncidentDocument(JSON.parse(JSON.stringify(incident)), phase)).toEqual(incident);
  }
});

test('a file changed on disk after it was read and checked is checked again, not trusted from the cache', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'doc-'));
  const problems: string[] = [];
  const store = new FileIncidentStore(dir, (p) => problems.push(`${p.file}: ${p.reason}`));
  const incident = incidentAt('triage');
  await store.create(incident);
  const first = await store.get(incident.id);
  const again = await store.get(incident.id);
  expect(again?.value).toEqual(first?.value);
  expect(again?.value).toBe(first?.value); // an unchanged file: the same frozen value, no parse
  expect(Object.isFrozen(again?.value.audit)).toBe(true);
  writeFileSync(
    join(dir, 'incidents', `${incident.id}.json`),
    JSON.stringify({ ...v1(), id: incident.id, approvals: 'garbage, and longer so the size differs' }),
  );
  expect(await store.get(incident.id)).toBeUndefined();
  expect(problems.join('\n')).toMatch(/not an incident document: approvals/);
});
