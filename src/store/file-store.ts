import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Incident } from '../incident/types';
import {
  AlreadyExistsError,
  EtagMismatchError,
  type IncidentStore,
  type IncidentSummaryRow,
  type Stored,
  isOpenRow,
  summaryRow,
} from './incident-store';

// The embedded default: one JSON document per incident under DATA_DIR, written atomically (temp, fsync, rename).

export interface StoreProblem {
  file: string;
  reason: string;
}

const idPattern = /^INC-\d{8}-\d{3,}$/;

function etagOf(text: string): string {
  return `"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"`;
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, file);
}

/** Single-instance store: writes to one incident are serialized in-process, so the etag check and write are atomic. */
export class FileIncidentStore implements IncidentStore {
  private readonly incidentsDir: string;
  private readonly recordsDir: string;
  private rows?: Map<string, IncidentSummaryRow>;
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Files that could not be read as incidents: reported, skipped, never overwritten. */
  readonly problems: StoreProblem[] = [];

  constructor(dataDir: string, private readonly onProblem: (p: StoreProblem) => void = () => {}) {
    this.incidentsDir = join(dataDir, 'incidents');
    this.recordsDir = join(dataDir, 'records');
  }

  private fileOf(id: string): string {
    if (!idPattern.test(id)) throw new RangeError(`not an incident id: ${id}`);
    return join(this.incidentsDir, `${id}.json`);
  }

  private async readText(file: string): Promise<string | undefined> {
    try {
      return await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  private parse(file: string, text: string): Incident | undefined {
    try {
      const value = JSON.parse(text) as Incident;
      if (typeof value?.id === 'string' && typeof value.version === 'number' && Array.isArray(value.audit)) return value;
      this.report(file, 'not an incident document');
    } catch {
      this.report(file, 'not valid JSON');
    }
    return undefined;
  }

  private report(file: string, reason: string): void {
    if (this.problems.some((p) => p.file === file)) return;
    const problem = { file, reason };
    this.problems.push(problem);
    this.onProblem(problem);
  }

  private async serialized<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    this.locks.set(id, next.catch(() => undefined));
    try {
      return await next;
    } finally {
      if (this.locks.get(id) === next) this.locks.delete(id);
    }
  }

  async get(id: string): Promise<Stored<Incident> | undefined> {
    if (!idPattern.test(id)) return undefined;
    const file = this.fileOf(id);
    const text = await this.readText(file);
    if (text === undefined) return undefined;
    const value = this.parse(file, text);
    return value ? { value, etag: etagOf(text) } : undefined;
  }

  async create(incident: Incident): Promise<Stored<Incident>> {
    return this.serialized(incident.id, async () => {
      const file = this.fileOf(incident.id);
      if ((await this.readText(file)) !== undefined) throw new AlreadyExistsError(incident.id);
      return this.write(file, incident);
    });
  }

  async put(incident: Incident, etag: string): Promise<Stored<Incident>> {
    return this.serialized(incident.id, async () => {
      const file = this.fileOf(incident.id);
      const text = await this.readText(file);
      if (text === undefined || etagOf(text) !== etag) throw new EtagMismatchError(incident.id);
      return this.write(file, incident);
    });
  }

  private async write(file: string, incident: Incident): Promise<Stored<Incident>> {
    await fs.mkdir(this.incidentsDir, { recursive: true });
    const text = JSON.stringify(incident);
    await writeAtomic(file, text);
    (await this.index()).set(incident.id, summaryRow(incident));
    return { value: JSON.parse(text) as Incident, etag: etagOf(text) };
  }

  private async index(): Promise<Map<string, IncidentSummaryRow>> {
    if (this.rows) return this.rows;
    const rows = new Map<string, IncidentSummaryRow>();
    let names: string[] = [];
    try {
      names = await fs.readdir(this.incidentsDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await this.removeStaleTemps(names);
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      const file = join(this.incidentsDir, name);
      if (!idPattern.test(name.slice(0, -5))) {
        this.report(file, 'file name is not an incident id');
        continue;
      }
      const text = await this.readText(file);
      const incident = text === undefined ? undefined : this.parse(file, text);
      if (incident) rows.set(incident.id, summaryRow(incident));
    }
    this.rows ??= rows;
    return this.rows;
  }

  /** Temp files left by a write that was killed before its rename; only old ones, never an in-flight write's. */
  private async removeStaleTemps(names: string[]): Promise<void> {
    const cutoff = Date.now() - 5 * 60_000;
    for (const name of names.filter((n) => n.endsWith('.tmp'))) {
      const file = join(this.incidentsDir, name);
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat && stat.mtimeMs < cutoff) await fs.rm(file, { force: true });
    }
  }

  async openIn(conversationId: string): Promise<string[]> {
    return (await this.list()).filter((r) => r.conversationId === conversationId && isOpenRow(r)).map((r) => r.id);
  }

  async list(): Promise<IncidentSummaryRow[]> {
    return [...(await this.index()).values()].sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id));
  }

  async idsStartingWith(prefix: string): Promise<string[]> {
    let names: string[] = [];
    try {
      names = await fs.readdir(this.incidentsDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return names.filter((n) => n.startsWith(prefix) && n.endsWith('.json') && idPattern.test(n.slice(0, -5))).map((n) => n.slice(0, -5));
  }

  private recordFile(key: string): string {
    return join(this.recordsDir, `${encodeURIComponent(key)}.json`);
  }

  async getRecord<T>(key: string): Promise<T | undefined> {
    const file = this.recordFile(key);
    const text = await this.readText(file);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      this.report(file, 'not valid JSON');
      return undefined;
    }
  }

  async putRecord<T>(key: string, value: T): Promise<void> {
    await fs.mkdir(this.recordsDir, { recursive: true });
    await this.serialized(`record:${key}`, () => writeAtomic(this.recordFile(key), JSON.stringify(value)));
  }

  async ping(): Promise<void> {
    await fs.mkdir(this.incidentsDir, { recursive: true });
    await fs.access(this.incidentsDir);
  }
}
