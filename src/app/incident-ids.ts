import { incidentId } from '../incident/open';
import { AlreadyExistsError, type IncidentStore } from '../store/incident-store';

// The next incident id of the day without listing every incident: the last sequence of the day is kept per
// process and handed out synchronously (concurrent opens in one process never collide); an id taken by another
// instance moves on to the next; the store is asked for the day's ids on first use and after repeated collisions.

/** Collisions in a row after which the store is asked again (another instance is opening incidents too). */
const resyncAfter = 3;
const maxAttempts = 50;

export class IncidentIdsExhaustedError extends Error {
  constructor(readonly day: string) {
    super(`could not allocate an incident id for ${day}`);
    this.name = 'IncidentIdsExhaustedError';
  }
}

export class IncidentIdAllocator {
  /** Per day prefix ("INC-20261124-"): the highest sequence handed out or seen. Kept: the day asked last and the newest other. */
  private readonly last = new Map<string, number>();
  private readonly syncing = new Map<string, Promise<void>>();

  constructor(private readonly store: Pick<IncidentStore, 'idsStartingWith'>) {}

  /** Calls `create` with fresh ids of `now`'s day until one is not taken (AlreadyExistsError); returns its result. */
  async allocate<T>(now: Date, create: (id: string) => Promise<T>): Promise<T> {
    const day = incidentId(now, 0).slice(0, 13);
    if (!this.last.has(day)) await this.sync(day);
    let collisions = 0;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const sequence = (this.last.get(day) ?? 0) + 1;
      this.last.set(day, sequence);
      try {
        return await create(incidentId(now, sequence));
      } catch (err) {
        if (!(err instanceof AlreadyExistsError)) throw err;
        if (++collisions >= resyncAfter) {
          collisions = 0;
          await this.sync(day);
        }
      }
    }
    throw new IncidentIdsExhaustedError(day);
  }

  /** Raises the day's last sequence to the highest the store holds; concurrent callers of a day share one request. */
  private sync(day: string): Promise<void> {
    let pending = this.syncing.get(day);
    if (!pending) {
      pending = (async () => {
        try {
          const ids = await this.store.idsStartingWith(day);
          const highest = ids.reduce((max, id) => Math.max(max, Number(id.slice(day.length)) || 0), 0);
          this.last.set(day, Math.max(this.last.get(day) ?? 0, highest));
          for (const old of [...this.last.keys()]
            .filter((k) => k !== day)
            .sort()
            .slice(0, -1))
            this.last.delete(old);
        } finally {
          this.syncing.delete(day);
        }
      })();
      this.syncing.set(day, pending);
    }
    return pending;
  }
}

const allocators = new WeakMap<object, IncidentIdAllocator>();

/** The one allocator of a store in this process. */
export function idAllocatorFor(store: Pick<IncidentStore, 'idsStartingWith'>): IncidentIdAllocator {
  let allocator = allocators.get(store);
  if (!allocator) {
    allocator = new IncidentIdAllocator(store);
    allocators.set(store, allocator);
  }
  return allocator;
}
