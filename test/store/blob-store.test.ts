import { randomUUID } from 'node:crypto';
import { BlobIncidentStore } from '../../src/store/blob-store';
import { blobContainer } from '../../src/store/blob-container';
import { type Azurite, startAzurite } from '../helpers/azurite';
import { incidentFor, runStoreSuite } from './store-suite';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 30_000);
afterAll(async () => {
  await azurite?.stop();
});

const makeStore = async () =>
  new BlobIncidentStore(blobContainer({ connectionString: azurite.connectionString, container: `t${randomUUID().replace(/-/g, '').slice(0, 20)}` }));

runStoreSuite('blob (Azurite)', makeStore);

test('two store instances on one container: a stale writer loses, the index is shared', async () => {
  const container = `t${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const a = new BlobIncidentStore(blobContainer({ connectionString: azurite.connectionString, container }));
  const b = new BlobIncidentStore(blobContainer({ connectionString: azurite.connectionString, container }));
  const created = await a.create(incidentFor('INC-20261124-001', 'conv-x'));
  expect(await b.openIn('conv-x')).toEqual(['INC-20261124-001']);
  await b.put({ ...created.value, phase: 'cancelled' }, created.etag);
  await expect(a.put({ ...created.value, version: 9 }, created.etag)).rejects.toMatchObject({ name: 'EtagMismatchError' });
  expect(await a.openIn('conv-x')).toEqual([]);
  expect((await a.list())[0]).toMatchObject({ id: 'INC-20261124-001', phase: 'cancelled', conversationId: 'conv-x' });
});
