import { CorruptDocumentError, type StoredDocument, parseStoredDocument, storedDocumentText } from './incident-document';
import { blobLogStorage } from './blob-history';
import { HistoryLogs } from './history-logs';
import { flushAt, heldAlike, historyLists, joinHistory, noHistory, splitForWrite } from './incident-history';
import { createHash } from 'node:crypto';
import { type ContainerClient, RestError } from '@azure/storage-blob';
import { type DueDelays, type DueMarks, dueCutoffs, dueKinds, dueMarks } from '../incident/due-marks';
import type { Incident } from '../incident/types';
import {
  AlreadyExistsError,
  EtagMismatchError,
  type IncidentStore,
  type IncidentSummaryRow,
  type Stored,
  byOpened,
  isOpenRow,
  summaryRow,
} from './incident-store';

// Azure Blob Storage, for several instances: conditional writes with If-Match / If-None-Match.
// Layout: incidents/<id>.json (row fields in metadata, due marks in blob index tags), open/<conversation hash>/<id>
// markers, records/<key>.json, history/<id>.log (append blobs: the incident's older history, incident-history.ts). The tags are written with the document in the same request, so no crash comes between
// a write and its due index; the sweep finds due incidents with Find Blobs by Tags, one query per kind of work.

const convHash = (conversationId: string) => createHash('sha256').update(conversationId).digest('hex').slice(0, 40);
/** JSON text of a stored blob, or a CorruptDocumentError naming it. */
function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CorruptDocumentError(where, ['not valid JSON']);
  }
}

const status = (err: unknown) => (err instanceof RestError ? err.statusCode : undefined);

function metadataOf(row: IncidentSummaryRow): Record<string, string> {
  return {
    phase: row.phase,
    runbookid: row.runbookId,
    openedat: row.openedAt,
    conversation: Buffer.from(row.conversationId).toString('base64url'),
    ...(row.severity ? { severity: Buffer.from(row.severity).toString('base64url') } : {}),
    ...(row.undelivered ? { undelivered: String(row.undelivered) } : {}),
  };
}

function rowOf(id: string, m: Record<string, string> | undefined): IncidentSummaryRow | undefined {
  if (!m?.phase || !m.conversation) return undefined;
  return {
    id,
    phase: m.phase as Incident['phase'],
    runbookId: m.runbookid ?? '',
    openedAt: m.openedat ?? '',
    conversationId: Buffer.from(m.conversation, 'base64url').toString('utf8'),
    ...(m.severity ? { severity: Buffer.from(m.severity, 'base64url').toString('utf8') } : {}),
    ...(Number(m.undelivered) > 0 ? { undelivered: Number(m.undelivered) } : {}),
  };
}

/** Tag on every incident written with due marks; a blob without it was written before them (migrated once). */
const indexedTag = 'dueindex';
const dueTagsRecord = 'due-index-tags';

function tagsOf(marks: DueMarks): Record<string, string> {
  const tags: Record<string, string> = { [indexedTag]: '1' };
  for (const kind of dueKinds) if (marks[kind] !== undefined) tags[kind] = marks[kind] as string;
  return tags;
}

const idOfBlob = (name: string) => name.slice('incidents/'.length, -'.json'.length);

export class BlobIncidentStore implements IncidentStore {
  private ready?: Promise<unknown>;
  /** Open-incident markers this process wrote or found in place: a later write of an open incident skips that request. */
  private readonly markers = new Set<string>();
  private migrated?: Promise<void>;
  private readonly logs: HistoryLogs;

  constructor(private readonly container: ContainerClient) {
    this.logs = new HistoryLogs(blobLogStorage(container));
  }

  private ensureContainer(): Promise<unknown> {
    this.ready ??= this.container.createIfNotExists().catch((err) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  private incidentBlob(id: string) {
    return this.container.getBlockBlobClient(`incidents/${id}.json`);
  }

  private async readText(name: string): Promise<{ text: string; etag: string } | undefined> {
    try {
      // One request: the download answers with the etag of the version it read.
      const response = await this.container.getBlockBlobClient(name).download();
      const chunks: Buffer[] = [];
      for await (const chunk of response.readableStreamBody as NodeJS.ReadableStream) chunks.push(Buffer.from(chunk as Buffer));
      return { text: Buffer.concat(chunks).toString('utf8'), etag: response.etag ?? '' };
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw err;
    }
  }

  /** The document as stored (its newest history only), with its etag. */
  private async getDocument(id: string): Promise<(StoredDocument & { etag: string }) | undefined> {
    await this.ensureContainer();
    const where = `incidents/${id}.json`;
    const hit = await this.readText(where);
    return hit ? { ...parseStoredDocument(parseJson(hit.text, where), where), etag: hit.etag } : undefined;
  }

  async get(id: string): Promise<Stored<Incident> | undefined> {
    const stored = await this.getDocument(id);
    if (!stored) return undefined;
    const { incident, logged, etag } = stored;
    if (!historyLists.some((l) => logged[l] > 0)) return { value: incident, etag };
    return { value: joinHistory(incident, logged, await this.logs.covering(id, logged), `incidents/${id}.json`), etag };
  }

  async create(incident: Incident): Promise<Stored<Incident>> {
    return this.write(incident, { ifNoneMatch: '*' });
  }

  async put(incident: Incident, etag: string): Promise<Stored<Incident>> {
    return this.write(incident, { ifMatch: etag });
  }

  /** The document first (conditional), then the history it no longer needs to hold (incident-history.ts). */
  private async write(incident: Incident, conditions: { ifMatch?: string; ifNoneMatch?: string }): Promise<Stored<Incident>> {
    await this.ensureContainer();
    const long = historyLists.some((l) => (incident[l] as unknown[]).length > flushAt);
    const split = splitForWrite(incident, long ? heldAlike(await this.logs.known(incident.id), incident) : noHistory);
    const text = storedDocumentText(split.document, split.logged);
    const row = summaryRow(incident);
    let etag: string;
    try {
      const response = await this.incidentBlob(incident.id).upload(text, Buffer.byteLength(text), {
        conditions,
        metadata: metadataOf(row),
        tags: tagsOf(dueMarks(incident)),
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      etag = response.etag ?? '';
    } catch (err) {
      const code = status(err);
      if (conditions.ifNoneMatch && (code === 409 || code === 412)) throw new AlreadyExistsError(incident.id);
      if (conditions.ifMatch && (code === 412 || code === 404)) throw new EtagMismatchError(incident.id);
      throw err;
    }
    await this.logs.append(incident.id, split.records);
    await this.updateMarker(row);
    // The incident itself, as the file store returns it: incidents are plain JSON data and never mutated.
    return { value: incident, etag };
  }

  /** Keeps the conversation index: a marker per open incident. A stale marker is filtered out on read. */
  private async updateMarker(row: IncidentSummaryRow): Promise<void> {
    const name = `open/${convHash(row.conversationId)}/${row.id}`;
    const marker = this.container.getBlockBlobClient(name);
    if (isOpenRow(row)) {
      if (this.markers.has(name)) return;
      await marker.upload('', 0, { conditions: { ifNoneMatch: '*' } }).catch((err) => {
        if (status(err) !== 409 && status(err) !== 412) throw err;
      });
      this.markers.add(name);
    } else {
      this.markers.delete(name);
      await marker.deleteIfExists();
    }
  }

  async openIn(conversationId: string): Promise<string[]> {
    await this.ensureContainer();
    const ids: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: `open/${convHash(conversationId)}/` })) {
      ids.push(blob.name.split('/').pop() as string);
    }
    // The documents alone: where an incident runs and its phase are in them, its history is not needed.
    const rows = await Promise.all(ids.map(async (id) => (await this.getDocument(id))?.incident));
    return rows
      .filter((i): i is Incident => !!i && i.origin.conversationId === conversationId && isOpenRow(summaryRow(i)))
      .sort(byOpened)
      .map((i) => i.id);
  }

  async list(): Promise<IncidentSummaryRow[]> {
    await this.ensureContainer();
    const rows: IncidentSummaryRow[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: 'incidents/', includeMetadata: true })) {
      const row = rowOf(idOfBlob(blob.name), blob.metadata);
      if (row) rows.push(row);
    }
    return rows.sort(byOpened);
  }

  /** One Find Blobs by Tags query per kind of sweep work: "<kind>" <= '<cutoff>'. Reads no documents. */
  async idsDueBy(at: Date, delays: DueDelays): Promise<string[]> {
    await this.ensureContainer();
    await this.migrateDueTags();
    const cutoffs = dueCutoffs(at, delays);
    const found = await Promise.all(
      dueKinds.map(async (kind) => {
        const ids: string[] = [];
        for await (const blob of this.container.findBlobsByTags(`"${kind}" <= '${cutoffs[kind]}'`)) {
          if (blob.name.startsWith('incidents/') && blob.name.endsWith('.json')) ids.push(idOfBlob(blob.name));
        }
        return ids;
      }),
    );
    return [...new Set(found.flat())];
  }

  /**
   * Incidents written before due marks carry no index tags: once per container (a record says it is done), each open
   * or undelivered one is rewritten as it is, with its tags, conditional on its etag (a newer write has tags already).
   */
  private migrateDueTags(): Promise<void> {
    this.migrated ??= (async () => {
      if (await this.getRecord(dueTagsRecord)) return;
      for await (const blob of this.container.listBlobsFlat({ prefix: 'incidents/', includeMetadata: true, includeTags: true })) {
        if (!blob.name.endsWith('.json') || blob.tags?.[indexedTag]) continue;
        const row = rowOf(idOfBlob(blob.name), blob.metadata);
        if (!row || (!isOpenRow(row) && !row.undelivered)) continue;
        await this.retag(row.id);
      }
      await this.putRecord(dueTagsRecord, { at: new Date().toISOString() });
    })().catch((err) => {
      this.migrated = undefined;
      throw err;
    });
    return this.migrated;
  }

  /** Rewrites one incident as it is, now with its tags; a corrupt one is left out (no sweep can read it), a newer write wins. */
  private async retag(id: string): Promise<void> {
    try {
      const stored = await this.get(id);
      if (stored) await this.write(stored.value, { ifMatch: stored.etag });
    } catch (err) {
      if (!(err instanceof EtagMismatchError) && !(err instanceof CorruptDocumentError)) throw err;
    }
  }

  async idsStartingWith(prefix: string): Promise<string[]> {
    await this.ensureContainer();
    const ids: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: `incidents/${prefix}` })) {
      if (blob.name.endsWith('.json')) ids.push(blob.name.slice('incidents/'.length, -'.json'.length));
    }
    return ids;
  }

  async getRecord<T>(key: string): Promise<T | undefined> {
    await this.ensureContainer();
    const hit = await this.readText(`records/${encodeURIComponent(key)}.json`);
    return hit ? (JSON.parse(hit.text) as T) : undefined;
  }

  async putRecord<T>(key: string, value: T): Promise<void> {
    await this.ensureContainer();
    const text = JSON.stringify(value);
    await this.container.getBlockBlobClient(`records/${encodeURIComponent(key)}.json`).upload(text, Buffer.byteLength(text));
  }

  /** Create-only upload (If-None-Match: *): of several instances claiming at once, exactly one wins. */
  async claimRecord<T>(key: string, value: T): Promise<T> {
    await this.ensureContainer();
    const text = JSON.stringify(value);
    try {
      await this.container
        .getBlockBlobClient(`records/${encodeURIComponent(key)}.json`)
        .upload(text, Buffer.byteLength(text), { conditions: { ifNoneMatch: '*' } });
      return value;
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status !== 409 && status !== 412) throw err;
      return (await this.getRecord<T>(key)) as T;
    }
  }

  async ping(): Promise<void> {
    await this.ensureContainer();
    await this.container.getProperties();
  }
}
