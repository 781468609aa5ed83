import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAudit } from '../../src/incident/audit';
import { dueMarks } from '../../src/incident/due-marks';
import { FileIncidentStore } from '../../src/store/file-store';
import { suiteDelays } from './store-suite';

// SIGKILL a write-heavy process at random moments, 50 times; after each restart every incident loads and verifies,
// has every note whose write was acknowledged (also those in its history log), and the due index names every incident
// whose document has sweep work (a kill between a write and its index loses none).

/** Runs the writer until killed; resolves with the notes each incident had when its last acknowledged write returned. */
function runAndKill(dataDir: string, round: number, delayMs: number): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, '..', 'fixtures', 'write-loop.js'), dataDir, String(round)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let out = '';
    child.stderr.on('data', (d) => (err += String(d)));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.stdout.on('data', (d) => (out += String(d)));
    const acked = () => new Map([...out.matchAll(/^acked (\S+) (\d+)$/gm)].map((m) => [m[1], Number(m[2])] as const));
    child.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(acked()) : reject(new Error(`writer exited ${code}: ${err}`))));
  });
}

test('50 kills during writes: nothing half-written, every audit chain verifies', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'crash-'));
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
  for (let round = 1; round <= 50; round++) {
    const acked = await runAndKill(dataDir, round, 5 + Math.floor(random() * 120));
    const problems: string[] = [];
    const store = new FileIncidentStore(dataDir, (p) => problems.push(`${p.file}: ${p.reason}`));
    const rows = await store.list();
    expect(problems).toEqual([]);
    const withWork: string[] = [];
    for (const row of rows) {
      const stored = await store.get(row.id);
      expect(stored).toBeDefined();
      expect(verifyAudit(stored!.value.audit)).toEqual({ ok: true, entries: stored!.value.audit.length });
      // Nothing acknowledged is lost, and the notes are whole and in order (the older ones come from the history log).
      const notes = stored!.value.notes.map((n) => n.text);
      expect(notes.length).toBeGreaterThanOrEqual(acked.get(row.id) ?? 0);
      expect(notes).toEqual(notes.map((_, i) => `note ${i} `.repeat(50).trim()));
      if (Object.keys(dueMarks(stored!.value)).length) withWork.push(row.id);
    }
    expect((await store.idsDueBy(new Date('2100-01-01T00:00:00Z'), suiteDelays)).sort()).toEqual(withWork.sort());
  }
  const files = readdirSync(join(dataDir, 'incidents')).filter((f) => f.endsWith('.json'));
  expect(files.length).toBeGreaterThanOrEqual(50); // every round wrote before its kill
  const store = new FileIncidentStore(dataDir);
  const notesPerIncident = await Promise.all((await store.list()).map(async (row) => (await store.get(row.id))!.value.audit.length));
  expect(notesPerIncident.filter((entries) => entries < Math.max(...notesPerIncident)).length).toBeGreaterThan(0); // some kills cut an incident short
  expect(readdirSync(join(dataDir, 'incidents')).filter((f) => f.endsWith('.log')).length).toBeGreaterThanOrEqual(5); // and some reached the log
}, 120_000);
