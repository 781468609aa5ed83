import { incidentDocumentText, parseIncidentDocument } from './incident-document';
import { type DueDelays, type DueMarks, dueMarks } from '../incident/due-marks';
import type { Incident } from '../incident/types';
import { AlreadyExistsError, EtagMismatchError, type IncidentStore, type Stored, byOpened, dueAmong, isOpenRow, summaryRow } from './incident-store';

/** In-memory store for tests and single-process trials; copies on every read and write. */
export class MemoryIncidentStore implements IncidentStore {
  private readonly incidents = new Map<string, Stored<string>>();
  private readonly records = new Map<string, string>();
  /** Due marks of the incidents the sweep has work for, set with each write. */
  private readonly marks = new Map<string, DueMarks>();
  private counter = 0;

  private nextEtag(): string {
    this.counter += 1;
    return `"m${this.counter}"`;
  }

  async get(id: string): Promise<Stored<Incident> | undefined> {
    const hit = this.incidents.get(id);
    return hit ? { value: parseIncidentDocument(JSON.parse(hit.value), id), etag: hit.etag } : undefined;
  }

  async create(incident: Incident): Promise<Stored<Incident>> {
    if (this.incidents.has(incident.id)) throw new AlreadyExistsError(incident.id);
    return this.write(incident);
  }

  async put(incident: Incident, etag: string): Promise<Stored<Incident>> {
    if (this.incidents.get(incident.id)?.etag !== etag) throw new EtagMismatchError(incident.id);
    return this.write(incident);
  }

  private write(incident: Incident): Stored<Incident> {
    const etag = this.nextEtag();
    const text = incidentDocumentText(incident);
    this.incidents.set(incident.id, { value: text, etag });
    const marks = dueMarks(incident);
    if (Object.keys(marks).length) this.marks.set(incident.id, marks);
    else this.marks.delete(incident.id);
    return { value: parseIncidentDocument(JSON.parse(text), incident.id), etag };
  }

  async openIn(conversationId: string): Promise<string[]> {
    return (await this.list()).filter((r) => r.conversationId === conversationId && isOpenRow(r)).map((r) => r.id);
  }

  async list() {
    return [...this.incidents.values()].map((s) => summaryRow(parseIncidentDocument(JSON.parse(s.value), 'memory'))).sort(byOpened);
  }

  async idsDueBy(at: Date, delays: DueDelays): Promise<string[]> {
    return dueAmong(this.marks, at, delays);
  }

  async idsStartingWith(prefix: string): Promise<string[]> {
    return [...this.incidents.keys()].filter((id) => id.startsWith(prefix));
  }

  async getRecord<T>(key: string): Promise<T | undefined> {
    const raw = this.records.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  async putRecord<T>(key: string, value: T): Promise<void> {
    this.records.set(key, JSON.stringify(value));
  }

  async claimRecord<T>(key: string, value: T): Promise<T> {
    const raw = this.records.get(key);
    if (raw !== undefined) return JSON.parse(raw) as T;
    this.records.set(key, JSON.stringify(value));
    return value;
  }

  async ping(): Promise<void> {}
}
