import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotClient, cardOfAnswer, invoke, message } from '../../bench/client';
import { type Connector, startConnector } from '../../bench/connector';
import { createFloorApp, durableWrite, floorCard } from '../../bench/floor-bot';
import { verbs } from '../../src/cards/verbs';
import { listen } from '../../src/server';

// The floor bot does what it claims: one durable document of the bot's size per activity, a card of the bot's size.

const staff = { id: '29:staff-1', name: 'Staff 1', aadObjectId: 'b1000000-0000-4000-8000-000000000001' };
const chat = { id: 'a:bench-floor-test', conversationType: 'personal' };
const sizes = { documentBytes: 12_311, actionCardBytes: 10_322, replyCardBytes: 9_249 };

describe('floorCard', () => {
  it.each([800, 9_249, 10_322, 16_000])('is exactly %i bytes of JSON with one Action.Execute', (bytes) => {
    const card = floorCard(bytes);
    expect(Buffer.byteLength(JSON.stringify(card))).toBe(bytes);
    expect(JSON.stringify(card)).toContain('"type":"Action.Execute"');
  });
});

describe('durableWrite', () => {
  it('replaces the file whole and leaves no temp file behind', async () => {
    const dir = await fs.mkdtemp(join(tmpdir(), 'floor-write-'));
    try {
      await durableWrite(dir, 'doc.json', Buffer.from('first'));
      await durableWrite(dir, 'doc.json', Buffer.from('second'));
      expect(await fs.readFile(join(dir, 'doc.json'), 'utf8')).toBe('second');
      expect(await fs.readdir(dir)).toEqual(['doc.json']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the floor bot over HTTP', () => {
  let dataDir: string;
  let connector: Connector;
  let server: ReturnType<typeof createFloorApp>['server'];
  let client: BotClient;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(join(tmpdir(), 'floor-bot-'));
    connector = await startConnector();
    server = createFloorApp(dataDir, sizes).server;
    const port = await listen(server, 0, '127.0.0.1');
    client = new BotClient(new URL(`http://127.0.0.1:${port}`), connector.serviceUrl);
  });
  afterAll(async () => {
    server.close();
    await connector.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('answers a click with a card of the action card size and writes the incident document of the document size', async () => {
    const answer = await client.post(invoke(verbs.continue, { incidentId: 'INC-20261124-001', version: 3, actionKey: 'k-1' }, staff, chat, 'activity-1'));
    expect(answer.status).toBe(200);
    expect(Buffer.byteLength(JSON.stringify(cardOfAnswer(answer)))).toBe(sizes.actionCardBytes);
    const stat = await fs.stat(join(dataDir, 'incidents', 'INC-20261124-001.json'));
    expect(stat.size).toBe(sizes.documentBytes);
    expect(JSON.parse(await fs.readFile(join(dataDir, 'incidents', 'INC-20261124-001.json'), 'utf8'))).toMatchObject({ id: 'INC-20261124-001' });
  });

  it('replies to a message through the connector with a card of the reply size, after one document write', async () => {
    const answer = await client.post(message('status', staff, chat));
    expect(answer.status).toBe(200);
    const posted = connector.take(chat.id);
    expect(posted).toBeDefined();
    expect(Buffer.byteLength(JSON.stringify(posted?.card))).toBe(sizes.replyCardBytes);
    expect((await fs.stat(join(dataDir, 'incidents', `${encodeURIComponent(chat.id)}.json`))).size).toBe(sizes.documentBytes);
  });
});
