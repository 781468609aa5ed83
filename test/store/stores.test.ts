import { mkdtempSync, readdirSync, writeFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtagMismatchError } from '../../src/store/incident-store';
import { FileIncidentStore } from '../../src/store/file-store';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import { incidentFor, runStoreSuite, suiteDelays } from './store-suite';

runStoreSuite('memory', async () => new MemoryIncidentStore());
runStoreSuite('file', async () => new FileIncidentStore(mkdtempSync(join(tmpdir(), 'incidents-'))));

describe('file store specifics', () => {
  test('the due index is rebuilt from the documents by the next process: a write the process died after is still due', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incidents-'));
    const first = new FileIncidentStore(dir);
    const created = await first.create(incidentFor('INC-20261124-001'));
    const triedAt = '2026-11-24T10:05:00.000Z';
    const entry = { id: 'INC-20261124-001:1.0', effect: { kind: 'notify' as const, text: 'x' }, at: triedAt, state: 'pending' as const, attempts: 1, triedAt };
    await first.put({ ...created.value, phase: 'closed', outbox: [entry] }, created.etag);
    // No shutdown: the next process finds only the documents, as after a kill -9 right after the rename.
    const next = new FileIncidentStore(dir);
    expect(await next.idsDueBy(new Date('2026-11-24T10:05:30.000Z'), suiteDelays)).toEqual(['INC-20261124-001']);
    expect(await next.idsDueBy(new Date('2026-11-24T10:05:29.000Z'), suiteDelays)).toEqual([]);
  });

  test('survives a new process: a fresh store over the same folder sees everything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incidents-'));
    await new FileIncidentStore(dir).create(incidentFor('INC-20261124-001', 'conv-a'));
    const reopened = new FileIncidentStore(dir);
    expect(await reopened.openIn('conv-a')).toEqual(['INC-20261124-001']);
    expect(readdirSync(join(dir, 'incidents')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a corrupt or foreign file is reported by name, skipped, and never overwritten', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incidents-'));
    mkdirSync(join(dir, 'incidents'), { recursive: true });
    writeFileSync(join(dir, 'incidents', 'INC-20261124-005.json'), '{ half-written');
    writeFileSync(join(dir, 'incidents', 'notes.json'), '{}');
    const problems: string[] = [];
    const store = new FileIncidentStore(dir, (p) => problems.push(`${p.file}: ${p.reason}`));
    await store.create(incidentFor('INC-20261124-001'));
    expect(await store.list()).toHaveLength(1);
    expect(problems.join('\n')).toMatch(/INC-20261124-005\.json: not valid JSON/);
    expect(problems.join('\n')).toMatch(/notes\.json: file name is not an incident id/);
    expect(readFileSync(join(dir, 'incidents', 'INC-20261124-005.json'), 'utf8')).toBe('{ half-written');
  });

  test('a file changed behind the store is read again: the change is seen and a write on the old etag loses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incidents-'));
    const store = new FileIncidentStore(dir);
    const created = await store.create(incidentFor('INC-20261124-001'));
    expect((await store.get('INC-20261124-001'))?.etag).toBe(created.etag);
    const file = join(dir, 'incidents', 'INC-20261124-001.json');
    writeFileSync(file, JSON.stringify({ ...created.value, version: 7 }));
    const again = await store.get('INC-20261124-001');
    expect(again?.value.version).toBe(7);
    expect(again?.etag).not.toBe(created.etag);
    await expect(store.put({ ...created.value, version: 2 }, created.etag)).rejects.toBeInstanceOf(EtagMismatchError);
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(7);
    await store.putRecord('r', { a: 1 });
    writeFileSync(join(dir, 'records', 'r.json'), JSON.stringify({ a: 2 }));
    expect(await store.getRecord('r')).toEqual({ a: 2 });
  });

  test('reads hand out one frozen incident: changing it throws and changes nothing stored', async () => {
    const store = new FileIncidentStore(mkdtempSync(join(tmpdir(), 'incidents-')));
    const created = await store.create(incidentFor('INC-20261124-001'));
    expect(() => {
      created.value.version = 99;
    }).toThrow(TypeError);
    const first = await store.get('INC-20261124-001');
    expect(() => (first as { value: { audit: unknown[] } }).value.audit.push({})).toThrow(TypeError);
    expect(() => {
      (first as { value: { origin: { kind: string } } }).value.origin.kind = 'channel';
    }).toThrow(TypeError);
    const again = await store.get('INC-20261124-001');
    expect(again?.value.version).toBe(1);
    expect(again?.value.origin.kind).toBe(created.value.origin.kind);
    expect(again?.value).toBe(first?.value); // unchanged file: no parse, the same value
  });

  test('records read back as their JSON, frozen, and a changed file is read again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incidents-'));
    const store = new FileIncidentStore(dir);
    await store.putRecord('r', { a: 1, gone: undefined, at: new Date('2026-12-04T10:00:00Z') });
    const read = await store.getRecord<Record<string, unknown>>('r');
    expect(read).toEqual({ a: 1, at: '2026-12-04T10:00:00.000Z' });
    expect(Object.isFrozen(read)).toBe(true);
    writeFileSync(join(dir, 'records', 'r.json'), JSON.stringify({ a: 22 }));
    expect(await store.getRecord('r')).toEqual({ a: 22 });
  });

  test('folders removed while running are made again on the next write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incidents-'));
    const store = new FileIncidentStore(dir);
    await store.create(incidentFor('INC-20261124-001'));
    await store.putRecord('r', 1);
    rmSync(join(dir, 'incidents'), { recursive: true });
    rmSync(join(dir, 'records'), { recursive: true });
    expect(await store.get('INC-20261124-001')).toBeUndefined();
    await store.create(incidentFor('INC-20261124-002'));
    await store.putRecord('r', 2);
    expect(readdirSync(join(dir, 'incidents'))).toEqual(['INC-20261124-002.json']);
    expect(await new FileIncidentStore(dir).getRecord('r')).toBe(2);
  });

  test('the conversation index follows phase changes and survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incidents-'));
    const store = new FileIncidentStore(dir);
    const first = await store.create(incidentFor('INC-20261124-001', 'conv-a'));
    await store.create(incidentFor('INC-20261124-002', 'conv-a'));
    await store.create(incidentFor('INC-20261124-003', 'conv-b'));
    await store.put({ ...first.value, phase: 'cancelled' }, first.etag);
    expect(await store.openIn('conv-a')).toEqual(['INC-20261124-002']);
    expect(await new FileIncidentStore(dir).openIn('conv-a')).toEqual(['INC-20261124-002']);
    expect(await new FileIncidentStore(dir).openIn('conv-b')).toEqual(['INC-20261124-003']);
  });
});
