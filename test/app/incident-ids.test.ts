import { IncidentIdAllocator, IncidentIdsExhaustedError, idAllocatorFor } from '../../src/app/incident-ids';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import { incidentFor } from '../store/store-suite';

// Incident ids: the day's next sequence, without listing every incident; taken ids move on; the store is asked rarely.

const day = new Date('2026-11-24T10:00:00Z');

/** A memory store that counts how often the allocator asks it for a day's ids. */
function countingStore() {
  const store = new MemoryIncidentStore();
  const asked: string[] = [];
  const idsStartingWith = store.idsStartingWith.bind(store);
  store.idsStartingWith = async (prefix: string) => {
    asked.push(prefix);
    return idsStartingWith(prefix);
  };
  return { store, asked };
}

const createIn = (store: MemoryIncidentStore) => async (id: string) => (await store.create(incidentFor(id))).value.id;

test('the first id of a day is 001, then 002; the store is asked once for the day', async () => {
  const { store, asked } = countingStore();
  const ids = new IncidentIdAllocator(store);
  expect(await ids.allocate(day, createIn(store))).toBe('INC-20261124-001');
  expect(await ids.allocate(day, createIn(store))).toBe('INC-20261124-002');
  expect(asked).toEqual(['INC-20261124-']);
});

test('continues after the highest id already stored that day (a restart), ignoring other days', async () => {
  const { store } = countingStore();
  for (const id of ['INC-20261124-001', 'INC-20261124-007', 'INC-20261123-050']) await store.create(incidentFor(id));
  expect(await new IncidentIdAllocator(store).allocate(day, createIn(store))).toBe('INC-20261124-008');
  expect(await new IncidentIdAllocator(store).allocate(new Date('2026-11-23T23:59:00Z'), createIn(store))).toBe('INC-20261123-051');
});

test('concurrent opens in one process get distinct consecutive ids without a collision', async () => {
  const { store, asked } = countingStore();
  const ids = new IncidentIdAllocator(store);
  const tried: string[] = [];
  const opened = await Promise.all(Array.from({ length: 40 }, () => ids.allocate(day, async (id) => (tried.push(id), createIn(store)(id)))));
  expect([...opened].sort()).toEqual(Array.from({ length: 40 }, (_, i) => `INC-20261124-${String(i + 1).padStart(3, '0')}`));
  expect(tried).toHaveLength(40);
  expect(asked).toEqual(['INC-20261124-']);
});

test('an id taken by another instance moves on; repeated collisions ask the store again and jump past them', async () => {
  const { store, asked } = countingStore();
  const ids = new IncidentIdAllocator(store);
  expect(await ids.allocate(day, createIn(store))).toBe('INC-20261124-001');
  // Another instance opened 002..030 meanwhile.
  for (let n = 2; n <= 30; n++) await store.create(incidentFor(`INC-20261124-${String(n).padStart(3, '0')}`));
  const tried: string[] = [];
  const id = await ids.allocate(day, async (next) => (tried.push(next), createIn(store)(next)));
  expect(id).toBe('INC-20261124-031');
  expect(tried).toEqual(['INC-20261124-002', 'INC-20261124-003', 'INC-20261124-004', 'INC-20261124-031']);
  expect(asked).toEqual(['INC-20261124-', 'INC-20261124-']);
});

test('other failures pass through untouched; endless collisions end with a typed error', async () => {
  const { store } = countingStore();
  const ids = new IncidentIdAllocator(store);
  await expect(ids.allocate(day, async () => Promise.reject(new RangeError('disk full')))).rejects.toThrow(RangeError);
  const always = async (id: string) => {
    await store.create(incidentFor(id));
    return store.create(incidentFor(id));
  };
  await expect(ids.allocate(day, always)).rejects.toBeInstanceOf(IncidentIdsExhaustedError);
});

test('one allocator per store in a process', () => {
  const a = new MemoryIncidentStore();
  expect(idAllocatorFor(a)).toBe(idAllocatorFor(a));
  expect(idAllocatorFor(a)).not.toBe(idAllocatorFor(new MemoryIncidentStore()));
});
