import { CorruptDocumentError, type StoredDocument, parseStoredDocument, storedDocumentText } from './incident-document';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { type FileKey, appendDurably, fd, keyOf, readFrom, writeAtomic } from './file-io';
import { deepFreeze } from './deep-freeze';
import { HistoryLogs } from './history-logs';
import { flushAt as defaultFlushAt, heldAlike, historyLists, joinHistory, noHistory, splitForWrite } from './incident-history';
import { type DueDelays, type DueMarks, dueMarks } from '../incident/due-marks';
import type { Incident } from '../incident/types';
import {
  AlreadyExistsError,
  EtagMismatchError,
  type IncidentStore,
  type IncidentSummaryRow,
  type Stored,
  byOpened,
  dueAmong,
  isOpenRow,
  summaryRow,
} from './incident-store';

// The embedded default: one JSON document per incident under DATA_DIR, written atomically (temp, fsync, rename), its
// older history appended to incidents/<id>.log (incident-history.ts: the document first, then the log, with fsync).
// Its indexes (summary rows, open incidents per conversation, due marks) live in memory: built from the documents
// on first use and updated after each write, so a kill at any moment loses none of them (the next start rebuilds).

export { fd, syncDir } from './file-io';

export interface StoreProblem {
  file: string;
  reason: string;
}

const idPattern = /^INC-\d{8}-\d{3,}$/;

/** A record's text and what a read of it answers (the JSON round trip: no undefined, no Date objects). */
function recordText(value: unknown): [text: string, etag: undefined, value: unknown] {
  const text = JSON.stringify(value);
  return [text, undefined, JSON.parse(text)];
}

function etagOf(text: string): string {
  return `"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"`;
}

/** Texts of recently read or written files are kept up to this many characters in all (the least recent go first). */
const cacheChars = 4 * 2 ** 20;

/** A file's text as last read or written here; `value`: what it reads as (an incident joined with its log, a record), frozen. */
interface CachedText {
  key: FileKey;
  text: string;
  etag?: string;
  value?: unknown;
}

/** Single-instance store: writes to one incident are serialized in-process, so the etag check and write are atomic. */
export class FileIncidentStore implements IncidentStore {
  private readonly incidentsDir: string;
  private readonly recordsDir: string;
  private rows?: Map<string, IncidentSummaryRow>;
  /** Open incidents by conversation: openIn answers without going over every row. */
  private openByConversation = new Map<string, Set<string>>();
  /** Due marks of the incidents the sweep has work for: idsDueBy answers without reading a document. */
  private readonly marks = new Map<string, DueMarks>();
  /** Recently used files: a read costs one stat while the file is unchanged; insertion order is recency. */
  private readonly texts = new Map<string, CachedText>();
  private textChars = 0;
  private readonly madeDirs = new Set<string>();
  private readonly locks = new Map<string, Promise<unknown>>();
  /** History logs, appended only by this process (one writer per incident: the store serializes its writes). */
  private readonly logs = new HistoryLogs({
    read: (id, offset) => readFrom(this.logOf(id), offset),
    append: (id, text) => appendDurably(this.logOf(id), text),
  });
  /** Files that could not be read as incidents: reported, skipped, never overwritten. */
  readonly problems: StoreProblem[] = [];

  /** `flushAt`: unflushed history entries a document holds per list (incident-history.ts; Infinity: whole documents, as before the log). */
  constructor(
    dataDir: string,
    private readonly onProblem: (p: StoreProblem) => void = () => {},
    private readonly flushAt = defaultFlushAt,
  ) {
    this.incidentsDir = join(dataDir, 'incidents');
    this.recordsDir = join(dataDir, 'records');
  }

  private fileOf(id: string): string {
    if (!idPattern.test(id)) throw new RangeError(`not an incident id: ${id}`);
    return join(this.incidentsDir, `${id}.json`);
  }

  private logOf(id: string): string {
    return join(this.incidentsDir, `${id}.log`);
  }

  /** The file's text; from the cache when a stat shows the file unchanged since it was read or written here. */
  private async readCached(file: string): Promise<(Readonly<CachedText> & { remember: (etag: string) => void; keep: (value: unknown) => void }) | undefined> {
    let key: FileKey;
    try {
      key = keyOf(await fd.stat(file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    let hit = this.texts.get(file);
    if (hit?.key !== key) {
      const text = await this.readText(file);
      if (text === undefined) return undefined;
      // Keyed by the stat taken before the read: if the file changed in between, the next read misses and reads again.
      hit = { key, text };
    }
    const entry = hit;
    this.remember(file, entry);
    return {
      ...entry,
      remember: (etag) => (entry.etag = etag),
      keep: (value) => (entry.value = deepFreeze(value)),
    };
  }

  private remember(file: string, entry: CachedText): void {
    this.forget(file);
    this.texts.set(file, entry);
    this.textChars += entry.text.length;
    while (this.textChars > cacheChars) this.forget(this.texts.keys().next().value as string);
  }

  private forget(file: string): void {
    const entry = this.texts.get(file);
    if (!entry) return;
    this.texts.delete(file);
    this.textChars -= entry.text.length;
  }

  private async readText(file: string): Promise<string | undefined> {
    try {
      return await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** Creates a folder once per store (and again if it went away: the caller retries on ENOENT). */
  private async ensureDir(dir: string): Promise<void> {
    if (this.madeDirs.has(dir)) return;
    await fs.mkdir(dir, { recursive: true });
    this.madeDirs.add(dir);
  }

  /** writeAtomic into a folder made once; the text is remembered for reads. */
  private async writeFile(dir: string, file: string, text: string, etag?: string, value?: unknown): Promise<void> {
    await this.ensureDir(dir);
    let key: FileKey;
    try {
      key = await writeAtomic(file, text);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.madeDirs.delete(dir);
      await this.ensureDir(dir);
      key = await writeAtomic(file, text);
    }
    this.remember(file, { key, text, etag, value: deepFreeze(value) });
  }

  private parse(file: string, text: string): StoredDocument | undefined {
    try {
      return parseStoredDocument(JSON.parse(text), basename(file));
    } catch (err) {
      this.reportUnreadable(file, err);
    }
    return undefined;
  }

  private reportUnreadable(file: string, err: unknown): void {
    this.report(file, err instanceof CorruptDocumentError ? `not an incident document: ${err.problems.slice(0, 3).join('; ')}` : 'not valid JSON');
  }

  /** The whole incident: the document, and the entries it keeps in its log before its own (read only when it has some). */
  private async joined(file: string, stored: StoredDocument): Promise<Incident | undefined> {
    const { incident, logged } = stored;
    if (!historyLists.some((l) => logged[l] > 0)) return incident;
    try {
      return joinHistory(incident, logged, await this.logs.covering(incident.id, logged), basename(file));
    } catch (err) {
      // A log that cannot be read (a folder in its place, no permission) leaves out its incident, reported, not every incident.
      const code = (err as NodeJS.ErrnoException).code;
      if (code) this.report(file, `its history log cannot be read (${code})`);
      else if (err instanceof CorruptDocumentError) this.reportUnreadable(file, err);
      else throw err;
      return undefined;
    }
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
    this.locks.set(
      id,
      next.catch(() => undefined),
    );
    try {
      return await next;
    } finally {
      if (this.locks.get(id) === next) this.locks.delete(id);
    }
  }

  async get(id: string): Promise<Stored<Incident> | undefined> {
    if (!idPattern.test(id)) return undefined;
    const file = this.fileOf(id);
    const hit = await this.readCached(file);
    if (!hit) return undefined;
    const etag = hit.etag ?? etagOf(hit.text);
    hit.remember(etag);
    // An unchanged file answers with the incident it was read or written as: no parse, no schema check, no log read.
    if (hit.value !== undefined) return { value: hit.value as Incident, etag };
    const stored = this.parse(file, hit.text);
    if (!stored) return undefined;
    const value = await this.joined(file, stored);
    if (!value) return undefined;
    hit.keep(value);
    return { value, etag };
  }

  async create(incident: Incident): Promise<Stored<Incident>> {
    return this.serialized(incident.id, async () => {
      const file = this.fileOf(incident.id);
      if ((await this.readCached(file)) !== undefined) throw new AlreadyExistsError(incident.id);
      return this.write(file, incident);
    });
  }

  async put(incident: Incident, etag: string): Promise<Stored<Incident>> {
    return this.serialized(incident.id, async () => {
      const file = this.fileOf(incident.id);
      const hit = await this.readCached(file);
      if (!hit || (hit.etag ?? etagOf(hit.text)) !== etag) throw new EtagMismatchError(incident.id);
      return this.write(file, incident);
    });
  }

  /** The document first, then the history it no longer needs to hold (a crash between loses nothing: it is still in the document). */
  private async write(file: string, incident: Incident): Promise<Stored<Incident>> {
    // The log is consulted only once some list has more entries than a document keeps unflushed.
    const long = historyLists.some((l) => (incident[l] as unknown[]).length > this.flushAt);
    const split = splitForWrite(incident, long ? heldAlike(await this.logs.known(incident.id), incident) : noHistory, this.flushAt);
    const text = storedDocumentText(split.document, split.logged);
    const etag = etagOf(text);
    await this.writeFile(this.incidentsDir, file, text, etag, incident);
    await this.logs.append(incident.id, split.records);
    this.setRow(await this.index(), summaryRow(incident));
    this.setMarks(incident.id, dueMarks(incident));
    // The incident itself, not a parse of the text just written: incidents are plain JSON data and never mutated.
    return { value: incident, etag };
  }

  private async index(): Promise<Map<string, IncidentSummaryRow>> {
    if (this.rows) return this.rows;
    const rows = new Map<string, IncidentSummaryRow>();
    const marks = new Map<string, DueMarks>();
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
      const stored = text === undefined ? undefined : this.parse(file, text);
      // The reminders' clocks read the whole audit (the last change that was not a refusal). A log that cannot be read
      // (a folder in its place, no permission) leaves out its incident, reported, not every incident.
      const incident =
        stored &&
        (await this.joined(file, stored).catch(
          (err: NodeJS.ErrnoException) => void this.report(file, `its history log cannot be read (${err.code ?? err.message})`),
        ));
      if (!incident) continue;
      rows.set(incident.id, summaryRow(incident));
      marks.set(incident.id, dueMarks(incident));
    }
    if (!this.rows) {
      this.rows = new Map();
      for (const row of rows.values()) this.setRow(this.rows, row);
      for (const [id, m] of marks) this.setMarks(id, m);
    }
    return this.rows;
  }

  /** Keeps a row and the conversation index of open incidents in step. */
  private setRow(rows: Map<string, IncidentSummaryRow>, row: IncidentSummaryRow): void {
    const before = rows.get(row.id);
    rows.set(row.id, row);
    if (before && before.conversationId !== row.conversationId) this.openByConversation.get(before.conversationId)?.delete(row.id);
    let open = this.openByConversation.get(row.conversationId);
    if (isOpenRow(row)) {
      if (!open) this.openByConversation.set(row.conversationId, (open = new Set()));
      open.add(row.id);
    } else if (open) {
      open.delete(row.id);
      if (!open.size) this.openByConversation.delete(row.conversationId);
    }
  }

  private setMarks(id: string, marks: DueMarks): void {
    if (Object.keys(marks).length) this.marks.set(id, marks);
    else this.marks.delete(id);
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
    const rows = await this.index();
    return [...(this.openByConversation.get(conversationId) ?? [])]
      .map((id) => rows.get(id) as IncidentSummaryRow)
      .sort(byOpened)
      .map((r) => r.id);
  }

  async list(): Promise<IncidentSummaryRow[]> {
    return [...(await this.index()).values()].sort(byOpened);
  }

  async idsDueBy(at: Date, delays: DueDelays): Promise<string[]> {
    await this.index();
    return dueAmong(this.marks, at, delays);
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
    const hit = await this.readCached(file);
    if (!hit) return undefined;
    if (hit.value !== undefined) return hit.value as T;
    try {
      const value = JSON.parse(hit.text) as T;
      hit.keep(value);
      return value;
    } catch {
      this.report(file, 'not valid JSON');
      return undefined;
    }
  }

  async putRecord<T>(key: string, value: T): Promise<void> {
    await this.serialized(`record:${key}`, () => this.writeFile(this.recordsDir, this.recordFile(key), ...recordText(value)));
  }

  /** One process owns the file store: the serialized check-then-write is atomic for it. */
  async claimRecord<T>(key: string, value: T): Promise<T> {
    return this.serialized(`record:${key}`, async () => {
      const existing = await this.getRecord<T>(key);
      if (existing !== undefined) return existing;
      await this.writeFile(this.recordsDir, this.recordFile(key), ...recordText(value));
      return value;
    });
  }

  async ping(): Promise<void> {
    await fs.mkdir(this.incidentsDir, { recursive: true });
    await fs.access(this.incidentsDir);
  }
}
