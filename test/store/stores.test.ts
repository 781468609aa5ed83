import { mkdtempSync, readdirSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileIncidentStore } from '../../src/store/file-store';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import { incidentFor, runStoreSuite } from './store-suite';

runStoreSuite('memory', async () => new MemoryIncidentStore());
runStoreSuite('file', async () => new FileIncidentStore(mkdtempSync(join(tmpdir(), 'incidents-'))));

describe('file store specifics', () => {
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
});
