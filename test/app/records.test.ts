import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileIncidentStore } from '../../src/store/file-store';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import { recordKeys, TeamsRecords } from '../../src/app/records';
import type { PostedActivity } from '../../src/teams/transport';

// The incident-card record: written when the card's place changes, not on every click of the same card.

/** A memory store that keeps every record write. */
function recordingStore() {
  const store = new MemoryIncidentStore();
  const writes: { key: string; value: unknown }[] = [];
  const putRecord = store.putRecord.bind(store);
  store.putRecord = async <T>(key: string, value: T) => {
    writes.push({ key, value });
    return putRecord(key, value);
  };
  return { store, writes };
}

const click = (activityId: string, clickId: string, user: string, conversation = 'a:chat-1'): PostedActivity => ({
  reference: {
    activityId: clickId,
    user: { id: user, name: user },
    locale: 'en-US',
    bot: { id: 'b', name: 'Bot' },
    conversation: { id: conversation, isGroup: false, conversationType: 'personal', name: '' },
    channelId: 'msteams',
    serviceUrl: 'https://smba.example/',
  },
  activityId,
});

test('clicks on the card already remembered write nothing, whoever clicks; the record stays readable', async () => {
  const { store, writes } = recordingStore();
  const records = new TeamsRecords(store);
  await records.saveIncidentCard('INC-20261124-001', click('card-1', 'click-1', '29:sam'));
  await records.saveIncidentCard('INC-20261124-001', click('card-1', 'click-2', '29:sam'));
  await records.saveIncidentCard('INC-20261124-001', click('card-1', 'click-3', '29:riley'));
  expect(writes.map((w) => w.key)).toEqual([recordKeys.incidentCard('INC-20261124-001')]);
  expect(await records.incidentCard('INC-20261124-001')).toEqual(click('card-1', 'click-1', '29:sam'));
});

test('a new card, another conversation or another incident is written', async () => {
  const { store, writes } = recordingStore();
  const records = new TeamsRecords(store);
  await records.saveIncidentCard('INC-20261124-001', click('card-1', 'click-1', '29:sam'));
  await records.saveIncidentCard('INC-20261124-001', click('card-2', 'click-2', '29:sam'));
  await records.saveIncidentCard('INC-20261124-001', click('card-2', 'click-3', '29:sam', 'a:chat-2'));
  await records.saveIncidentCard('INC-20261124-002', click('card-2', 'click-4', '29:sam', 'a:chat-2'));
  expect(writes.map((w) => [(w.value as PostedActivity).activityId, (w.value as PostedActivity).reference.conversation?.id])).toEqual([
    ['card-1', 'a:chat-1'],
    ['card-2', 'a:chat-1'],
    ['card-2', 'a:chat-2'],
    ['card-2', 'a:chat-2'],
  ]);
  expect((await records.incidentCard('INC-20261124-001'))?.activityId).toBe('card-2');
  expect((await records.incidentCard('INC-20261124-001'))?.reference.conversation?.id).toBe('a:chat-2');
});

test('a record read from the file store is checked once per version on disk: the same answer, frozen; an edited file is checked again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'records-'));
  const records = new TeamsRecords(new FileIncidentStore(dir));
  await records.saveIncidentCard('INC-20261124-001', click('card-1', 'click-1', '29:sam'));
  const first = await records.incidentCard('INC-20261124-001');
  const again = await records.incidentCard('INC-20261124-001');
  expect(first).toEqual(click('card-1', 'click-1', '29:sam'));
  expect(again).toBe(first);
  expect(Object.isFrozen(first?.reference.conversation)).toBe(true);
  // Edited by hand into something that is not a posted card: absent, not the answer checked before.
  const file = join(dir, 'records', `${encodeURIComponent(recordKeys.incidentCard('INC-20261124-001'))}.json`);
  writeFileSync(file, JSON.stringify({ reference: { conversation: { id: 7 } }, activityId: 'card-1', padding: 'so the size differs' }));
  expect(await records.incidentCard('INC-20261124-001')).toBeUndefined();
  writeFileSync(file, JSON.stringify(click('card-2', 'click-9', '29:riley')));
  expect((await records.incidentCard('INC-20261124-001'))?.activityId).toBe('card-2');
});
