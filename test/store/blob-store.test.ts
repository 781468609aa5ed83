import { randomUUID } from 'node:crypto';
import { BlobIncidentStore } from '../../src/store/blob-store';
import { blobContainer } from '../../src/store/blob-container';
import { type Azurite, startAzurite } from '../helpers/azurite';
import { incidentDocumentText } from '../../src/store/incident-document';
import { incidentFor, longIncidentAcrossInstances, runStoreSuite, suiteDelays } from './store-suite';

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

test('a long incident across two instances: the document stays small, the append blob holds the rest, each reads the other whole', async () => {
  const name = `t${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const container = blobContainer({ connectionString: azurite.connectionString, container: name });
  await longIncidentAcrossInstances(
    new BlobIncidentStore(container),
    () => new BlobIncidentStore(blobContainer({ connectionString: azurite.connectionString, container: name })),
  );
  const document = await container.getBlockBlobClient('incidents/INC-20261124-001.json').getProperties();
  const log = await container.getAppendBlobClient('history/INC-20261124-001.log').getProperties();
  expect(log.blobType).toBe('AppendBlob');
  expect(document.contentLength).toBeLessThan(40_000);
  expect(log.contentLength).toBeGreaterThan(2 * document.contentLength!);
});

test('incidents written before the due index are tagged once, then found by tag; a corrupt one is left out, not fatal', async () => {
  const container = blobContainer({ connectionString: azurite.connectionString, container: `t${randomUUID().replace(/-/g, '').slice(0, 20)}` });
  await container.create();
  // As the store wrote them before: the document and its row metadata, no index tags.
  const legacy = incidentFor('INC-20261124-001', 'conv-x');
  const text = incidentDocumentText(legacy);
  const metadata = { phase: legacy.phase, runbookid: legacy.runbookId, openedat: legacy.openedAt, conversation: Buffer.from('conv-x').toString('base64url') };
  await container.getBlockBlobClient('incidents/INC-20261124-001.json').upload(text, Buffer.byteLength(text), { metadata });
  await container.getBlockBlobClient('incidents/INC-20261124-002.json').upload('{ not json', 10, { metadata });
  const store = new BlobIncidentStore(container);
  const idleDue = new Date(Date.parse(legacy.openedAt) + 60 * 60_000);
  expect(await store.idsDueBy(new Date(idleDue.getTime() - 1000), suiteDelays)).toEqual([]);
  expect(await store.idsDueBy(idleDue, suiteDelays)).toEqual(['INC-20261124-001']);
  expect((await container.getBlockBlobClient('incidents/INC-20261124-001.json').getTags()).tags).toMatchObject({ idle: legacy.openedAt });
  expect((await store.get('INC-20261124-001'))?.value).toEqual(legacy);
  // Done once per container: a new instance does not list the incidents again.
  const listed: string[] = [];
  const watched = new Proxy(container, {
    get: (c, p, r) => (p === 'listBlobsFlat' ? (...a: unknown[]) => (listed.push('list'), c.listBlobsFlat(...(a as []))) : Reflect.get(c, p, r)),
  });
  expect(await new BlobIncidentStore(watched).idsDueBy(idleDue, suiteDelays)).toEqual(['INC-20261124-001']);
  expect(listed).toEqual([]);
});
