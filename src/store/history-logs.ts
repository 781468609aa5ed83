import { type HistoryCounts, type HistoryRecord, type LoggedEntries, addRecords, covers, emptyLog, readRecords, recordsText } from './incident-history';

// The incidents' history logs as a store reads and appends them, over one kind of storage (a file, an append blob).
// Keeps what it read of the most recently used logs, so a click on a long incident reads no log at all and a log that
// grew (another instance appended) is read from where this process stopped, never from the start again.

/** Where logs live: bytes of one incident's log from an offset, and an append that says where it landed. */
export interface LogStorage {
  /** The log's bytes from `offset` to its end; undefined when the incident has no log yet. */
  read(id: string, offset: number): Promise<Buffer | undefined>;
  /** Appends text (whole lines) to the log, creating it; resolves with the offset it landed at, undefined if not in one piece. */
  append(id: string, text: string): Promise<number | undefined>;
}

interface Cached {
  log: LoggedEntries;
  /** Bytes read into `log`: through the last complete line. */
  consumed: number;
  /** Bytes known to be in the log (more than `consumed` when its last line is torn). */
  size: number;
  /** The log was read once in this process. */
  loaded: boolean;
  /** Reads and appends of one log run one at a time: each starts where the one before left `consumed`. */
  busy: Promise<unknown>;
}

export class HistoryLogs {
  private readonly cached = new Map<string, Cached>();

  /** `keep`: how many incidents' logs stay in memory (the least recently used go first). */
  constructor(
    private readonly storage: LogStorage,
    private readonly keep = 200,
  ) {}

  /** The log's entries, read far enough to hold `need` of each list if the log has them (joinHistory says when not). */
  async covering(id: string, need: HistoryCounts): Promise<LoggedEntries> {
    const entry = this.use(id);
    if (!covers(entry.log, need)) await this.one(entry, () => (covers(entry.log, need) ? undefined : this.readMore(id, entry)));
    return entry.log;
  }

  /** The entries the log is known to hold: what this process read or appended (a first use reads it). */
  async known(id: string): Promise<LoggedEntries> {
    const entry = this.use(id);
    if (!entry.loaded) await this.one(entry, () => (entry.loaded ? undefined : this.readMore(id, entry)));
    return entry.log;
  }

  /**
   * Appends the records. Each append starts with a newline, so whatever a failed or killed append left at the end
   * stays one unreadable line of its own (blank lines are skipped) and these records stay whole.
   */
  async append(id: string, records: readonly HistoryRecord[]): Promise<void> {
    if (!records.length) return;
    const entry = this.use(id);
    await this.one(entry, async () => {
      const text = `\n${recordsText(records)}`;
      const at = await this.storage.append(id, text);
      addRecords(entry.log, records);
      // Landed in one piece right after what was read: all of the log is known. Otherwise read on from `consumed` later.
      if (at !== undefined && at === entry.size && entry.size === entry.consumed) entry.consumed = entry.size = at + Buffer.byteLength(text);
    });
  }

  /** Forgets a log (a test that changes storage behind the store's back). */
  forget(id: string): void {
    this.cached.delete(id);
  }

  private one<T>(entry: Cached, work: () => Promise<T> | T): Promise<T> {
    const next = entry.busy.then(work, work);
    entry.busy = next.catch(() => undefined);
    return next;
  }

  private use(id: string): Cached {
    let entry = this.cached.get(id);
    if (entry) this.cached.delete(id);
    else entry = { log: emptyLog(), consumed: 0, size: 0, loaded: false, busy: Promise.resolve() };
    this.cached.set(id, entry);
    while (this.cached.size > this.keep) this.cached.delete(this.cached.keys().next().value as string);
    return entry;
  }

  private async readMore(id: string, entry: Cached): Promise<void> {
    const from = entry.consumed;
    const bytes = await this.storage.read(id, from);
    entry.loaded = true;
    if (!bytes) return;
    const { consumed } = readRecords(bytes, entry.log);
    entry.size = from + bytes.length;
    entry.consumed = from + consumed;
  }
}
