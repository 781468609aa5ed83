import type { IncidentStore } from '../../src/store/incident-store';

/** The same store, with every incident read (get) counted by id; a Proxy, so methods added later pass through. */
export function countingStore<T extends IncidentStore>(store: T): { store: T; reads: string[] } {
  const reads: string[] = [];
  const counted = new Proxy(store, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (property === 'get') return (id: string) => (reads.push(id), object.get(id));
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
  return { store: counted, reads };
}
