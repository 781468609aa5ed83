import { promises as fs, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { IncidentService } from '../src/app/incident-service';
import { renderIncidentCard } from '../src/cards';
import { defaultRunbooksDir, loadRunbooks } from '../src/runbook/loader';
import { FileIncidentStore } from '../src/store/file-store';

// Per-click growth: one incident takes `notes` typed notes, one after the other, in process on a temp-dir file store
// through IncidentService (read, decide, the durable write) and the live card it answers with (render + JSON). The
// same run with whole documents (every entry in the document, as before the history log) is the before figure.

export interface NoteGrowth {
  notes: number;
  /** Incidents run one after the other; their samples are pooled. */
  incidents: number;
  /** p50 ms of the notes around the 10th (1st-20th) and around the 1,000th (990th-1,010th), pooled over the incidents. */
  early: number;
  late: number;
  /** late / early: the target is <= 1.3. */
  ratio: number;
  /** The incident document's bytes after the 10th and the last note; the history log's after the last. */
  documentBytes: { early: number; late: number };
  logBytes: number;
  /** Bytes written to the store's folder in all (documents and log), per note at the end. */
  writtenPerNote: number;
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface OneIncident {
  early: number[];
  late: number[];
  documentBytes: { early: number; late: number };
  logBytes: number;
  written: number;
}

/** One incident taking `notes` notes; the times of the notes around the 10th and around the 1,000th. */
async function oneIncident(notes: number, flushAt?: number): Promise<OneIncident> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'bench-notes-'));
  try {
    const runbooks = loadRunbooks(defaultRunbooksDir());
    const store = new FileIncidentStore(dir, undefined, flushAt);
    const service = new IncidentService(store, new Map(runbooks.map((r) => [r.id, r])), { isApprover: async () => false });
    const actor = { id: 'a1', name: 'Sam' };
    const origin = { conversationId: 'a:bench-notes', kind: 'personal' as const, reference: { conversation: { id: 'a:bench-notes' } } };
    const { incident } = await service.open(runbooks[0].id, actor, origin, 'bench-notes');
    const file = join(dir, 'incidents', `${incident.id}.json`);
    const ms: number[] = [];
    let early = 0;
    let written = 0;
    for (let i = 1; i <= notes; i++) {
      const text = `note ${i}: user jo@fabrikam.com still gets 550 5.7.1 from <CAF${i}@mail.fabrikam.com>, retried at 10:${String(i % 60).padStart(2, '0')}`;
      const started = performance.now();
      const current = await service.read(incident.id);
      const result = await service.apply(incident.id, { type: 'addNote', text, actor, key: `note-${i}` }, current);
      if (!result.ok) throw new Error(`note ${i} was refused`);
      JSON.stringify(renderIncidentCard(result.incident, runbooks[0], new Date()));
      ms.push(performance.now() - started);
      written += statSync(file).size;
      if (i === 10) early = statSync(file).size;
    }
    const log = join(dir, 'incidents', `${incident.id}.log`);
    const logBytes = await fs.stat(log).then(
      (s) => s.size,
      () => 0,
    );
    const around = (n: number) => ms.slice(Math.max(0, n - 11), n + 10);
    return { early: around(10), late: around(Math.min(1000, notes)), documentBytes: { early, late: statSync(file).size }, logBytes, written };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** `incidents` incidents one after the other, their notes around the 10th and the 1,000th pooled (21 notes each is noisy). */
async function onePhase(notes: number, incidents: number, flushAt?: number): Promise<NoteGrowth> {
  const runs: OneIncident[] = [];
  for (let k = 0; k < incidents; k++) runs.push(await oneIncident(notes, flushAt));
  const [a, b] = [p50(runs.flatMap((r) => r.early)), p50(runs.flatMap((r) => r.late))];
  const last = runs[runs.length - 1];
  return {
    notes,
    incidents,
    early: a,
    late: b,
    ratio: b / a,
    documentBytes: last.documentBytes,
    logBytes: last.logBytes,
    writtenPerNote: Math.round((last.written + last.logBytes) / notes),
  };
}

/** With the history log (the bot as it runs), then with whole documents (the before figure), in one run. */
export async function noteGrowthPhase(notes: number): Promise<{ log: NoteGrowth; wholeDocuments: NoteGrowth }> {
  // A short run first: the first incident of a process also pays the JIT and the runbooks' first load.
  await oneIncident(60);
  const log = await onePhase(notes, 3);
  const wholeDocuments = await onePhase(notes, 2, Infinity);
  return { log, wholeDocuments };
}
