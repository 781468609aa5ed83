import { verifyAudit } from '../../src/incident/audit';
import { decide } from '../../src/incident/decide';
import { isRefusal, refusalBound } from '../../src/incident/refusals';
import type { Incident } from '../../src/incident/types';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import { ApproverGroupCheck } from '../../src/diagnostics/approver-group';
import { IncidentService } from '../../src/app/incident-service';
import type { Logger } from '../../src/app/logger';
import { RefusalAuditor } from '../../src/app/refusal-audit';
import { actors, cmd, envFor, incidentAt, seedRunbook } from '../helpers/incident-builders';

// Recording a refusal through the service: saved on the etag, retried when someone else wrote first, bounded,
// and never in the way of the refusal's words (RefusalAuditor.record does not throw).

const rb = seedRunbook();
const now = () => new Date('2026-11-24T12:00:00.000Z');
const refusal = { verb: 'approve', reason: 'not an approver' };

/** A store where, before each of the first `races` puts, someone else saves an accepted change to the same incident. */
class RacingStore extends MemoryIncidentStore {
  constructor(private races: number) {
    super();
  }
  override async put(incident: Incident, etag: string) {
    if (this.races > 0) {
      this.races--;
      const current = (await this.get(incident.id))!;
      const change = decide(current.value, cmd('addNote', { text: `concurrent ${this.races}` }, { actor: actors.staff2 }), envFor(current.value));
      await super.put(change.incident, current.etag);
    }
    return super.put(incident, etag);
  }
}

const service = (store: MemoryIncidentStore) => new IncidentService(store, new Map([[rb.id, rb]]), new ApproverGroupCheck({ configuredIds: [] }), now);

function recordingLog() {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => void lines.push({ level, message, fields });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), with: () => log };
  return { log, lines };
}

test('a refusal that loses the etag race is re-read and re-applied: the other change and the refusal both stay, version from the change', async () => {
  const store = new RacingStore(2);
  const seeded = (await store.create(incidentAt('triage'))).value;
  expect(await service(store).recordRefusal(seeded.id, actors.outsider, refusal)).toBe('recorded');
  const after = (await store.get(seeded.id))!.value;
  expect(after.version).toBe(seeded.version + 2);
  expect(after.notes.map((n) => n.text)).toEqual(['concurrent 1', 'concurrent 0']);
  expect(after.audit.at(-1)).toMatchObject({ actor: actors.outsider, what: 'refused: approve — not an approver', at: now().toISOString() });
  expect(verifyAudit(after.audit).ok).toBe(true);
});

test('after six lost races it answers busy and writes nothing of its own', async () => {
  const store = new RacingStore(6);
  const seeded = (await store.create(incidentAt('triage'))).value;
  expect(await service(store).recordRefusal(seeded.id, actors.outsider, refusal)).toBe('busy');
  expect((await store.get(seeded.id))!.value.audit.filter(isRefusal)).toEqual([]);
});

test('over the bound and for an unknown incident nothing is written; the auditor logs which', async () => {
  const store = new MemoryIncidentStore();
  const seeded = (await store.create(incidentAt('triage'))).value;
  const { log, lines } = recordingLog();
  const auditor = new RefusalAuditor(service(store), log);
  for (let k = 0; k < refusalBound.perActorPerHour + 3; k++) await auditor.record(seeded.id, actors.outsider, refusal, { activityId: `a${k}` });
  await auditor.record('INC-20261124-999', actors.outsider, refusal);
  const stored = (await store.get(seeded.id))!.value;
  expect(stored.audit.filter(isRefusal)).toHaveLength(refusalBound.perActorPerHour);
  expect(stored.version).toBe(seeded.version);
  expect(lines.map((l) => l.fields.audit)).toEqual([...Array(refusalBound.perActorPerHour).fill('recorded'), 'bounded', 'bounded', 'bounded', 'notFound']);
  expect(lines.at(-2)).toMatchObject({
    level: 'info',
    message: 'refused (logged only)',
    fields: { incidentId: seeded.id, verb: 'approve', reason: 'not an approver', activityId: 'a12' },
  });
});

test('a store failure while auditing is logged and swallowed, so the refusal is still answered', async () => {
  const store = new MemoryIncidentStore();
  const seeded = (await store.create(incidentAt('triage'))).value;
  store.put = async () => {
    throw new Error('disk full');
  };
  const { log, lines } = recordingLog();
  await expect(new RefusalAuditor(service(store), log).record(seeded.id, actors.outsider, refusal)).resolves.toBeUndefined();
  expect(lines).toEqual([
    {
      level: 'warn',
      message: 'refused (audit entry not saved)',
      fields: expect.objectContaining({ incidentId: seeded.id, err: expect.stringContaining('disk full') }),
    },
  ]);
});
