import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Deliverer, type InConversation } from '../src/app/deliverer';
import { IncidentCards } from '../src/app/incident-cards';
import { IncidentService } from '../src/app/incident-service';
import { silentLogger } from '../src/app/logger';
import type { PostedActivity, Transport } from '../src/app/outbound';
import { TeamsRecords } from '../src/app/records';
import { Sweeper } from '../src/app/sweeper';
import { openIncident } from '../src/incident/open';
import { defaultRunbooksDir, loadRunbooks } from '../src/runbook/loader';
import { FileIncidentStore } from '../src/store/file-store';
import { incidentDocumentText } from '../src/store/incident-document';
import { type IncidentStore, isOpenRow } from '../src/store/incident-store';

// Incident reads per sweep, in process on a temp-dir file store: `open` incidents, the first `due` idle past the
// reminder; one real sweep (claims, deliveries to a loopback transport) with every store.get counted, and the
// reads the sweep of 65e1668 made to find its work (one get per open row) counted on the same store.

export interface SweepReads {
  open: number;
  due: number;
  /** Reads the sweep made to find and read its due work (store.get calls outside the deliveries). */
  findReads: number;
  /** Reads made while delivering the claimed reminders (the same as after a click). */
  deliveryReads: number;
  /** Incident files read from disk during the sweep (the rest were answered from the store's cache). */
  diskReads: number;
  delivered: number;
  sweepMs: number;
  /** The store's first use: its in-memory indexes built from the documents (once per process). */
  indexMs: number;
  /** What the sweep before due marks read to find work: one get per open (or undelivered) row. */
  before: number;
}

const settings = { approvalRemindMinutes: 30, idleRemindMinutes: 60, sev1ResponseMinutes: 10, outboxLeaseMs: 30_000 };

function loopbackTransport(conversationId: string): Transport {
  let n = 0;
  const posted = (id: string): PostedActivity => ({ reference: { conversation: { id } }, activityId: `a${++n}` });
  return {
    conversationId,
    currentReference: () => ({ conversation: { id: conversationId } }),
    referenceTo: (id) => ({ conversation: { id } }),
    reply: async () => posted(conversationId),
    send: async (reference) => posted(reference.conversation?.id ?? ''),
    update: async () => undefined,
    postToChannel: async (channelId) => posted(channelId),
  };
}

export async function sweepReadsPhase(open: number, due: number): Promise<SweepReads> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'bench-sweep-'));
  try {
    const runbook = loadRunbooks(defaultRunbooksDir())[0];
    const now = new Date('2026-11-24T12:00:00.000Z');
    await fs.mkdir(join(dir, 'incidents'));
    for (let i = 0; i < open; i++) {
      const id = `INC-20261124-${String(i + 1).padStart(5, '0')}`;
      const origin = { conversationId: `a:chat-${i}`, kind: 'personal' as const, reference: { conversation: { id: `a:chat-${i}` } } };
      const at = new Date(now.getTime() - (i < due ? 90 : 5) * 60_000);
      const { incident } = openIncident({ id, runbook, actor: { id: 'a1', name: 'Sam' }, origin, key: `open-${id}` }, at);
      await fs.writeFile(join(dir, 'incidents', `${id}.json`), incidentDocumentText(incident));
    }
    const file = new FileIncidentStore(dir);
    let reads = 0;
    const store = new Proxy(file, {
      get(object, property, receiver) {
        const value: unknown = Reflect.get(object, property, receiver);
        if (property === 'get') return (id: string) => (reads++, object.get(id));
        return typeof value === 'function' ? value.bind(object) : value;
      },
    }) as IncidentStore;
    const indexStarted = performance.now();
    await file.list();
    const indexMs = performance.now() - indexStarted;

    const service = new IncidentService(store, new Map([[runbook.id, runbook]]), { isApprover: async () => false }, () => now);
    const records = new TeamsRecords(store);
    const inConversation: InConversation = (incident, work) => work(loopbackTransport(incident.origin.conversationId));
    const deliverer = new Deliverer(service, records, {}, inConversation, new IncidentCards(service, records, () => now), silentLogger, () => now);
    let deliveryReads = 0;
    const deliver = deliverer.deliver.bind(deliverer);
    deliverer.deliver = async (...args) => {
      const before = reads;
      try {
        return await deliver(...args);
      } finally {
        deliveryReads += reads - before;
      }
    };
    const sweeper = new Sweeper(store, service, deliverer, settings, silentLogger, () => now);

    // Disk reads of incident documents: the file store reads them with fs.promises.readFile.
    let diskReads = 0;
    const readFile = fs.readFile;
    fs.readFile = ((path: Parameters<typeof readFile>[0], ...rest: unknown[]) => {
      if (String(path).includes(`${join(dir, 'incidents')}`)) diskReads++;
      return (readFile as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
    }) as typeof readFile;
    const sweepStarted = performance.now();
    let delivered: number;
    try {
      delivered = await sweeper.sweepOnce();
    } finally {
      fs.readFile = readFile;
    }
    const sweepMs = performance.now() - sweepStarted;
    const findReads = reads - deliveryReads;

    reads = 0;
    for (const row of await store.list()) if (isOpenRow(row) || row.undelivered) await service.get(row.id);
    return { open, due, findReads, deliveryReads, diskReads, delivered, sweepMs, indexMs, before: reads };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
