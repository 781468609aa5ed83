import { TestAdapter } from 'botbuilder';
import { silentLogger } from '../../src/app/logger';
import { recordKeys } from '../../src/app/records';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import { makeMessage } from '../helpers/activities';
import { createApp, people, type Recorded, recordingInConversation, recordingTransport, testConfig } from '../helpers/teams-fakes';

// Who is talking (Entra id -> Teams id) is remembered beside the turn: the turn does not wait for the record first,
// the record is written before the turn ends, and a failing write never reaches the person.

function botWith(store: MemoryIncidentStore) {
  const recorded: Recorded = { sends: [], updates: [], channelPosts: [] };
  const app = createApp(testConfig(), {
    log: silentLogger,
    store,
    transport: (c) => recordingTransport(c, recorded),
    inConversation: recordingInConversation(recorded),
  });
  return { app, adapter: new TestAdapter(async (context) => app.bot.run(context)), recorded };
}

const userKey = recordKeys.teamsUser(people.staff.aadObjectId.toLowerCase());

test("a person's first message is answered while the record of who they are is still being written; it is written by the end of the turn", async () => {
  const store = new MemoryIncidentStore();
  const putRecord = store.putRecord.bind(store);
  const events: string[] = [];
  let release: () => void = () => undefined;
  store.putRecord = async <T>(key: string, value: T) => {
    if (key === userKey) {
      events.push('user record write starts');
      await new Promise<void>((resolve) => (release = resolve));
      events.push('user record written');
    }
    return putRecord(key, value);
  };
  const { app, adapter } = botWith(store);
  const turn = adapter.processActivity(makeMessage('help') as never, async (context) => {
    const send = context.sendActivity.bind(context);
    context.sendActivity = (async (a: never) => (events.push('answered'), send(a))) as never;
    await app.bot.run(context);
  });
  await new Promise((r) => setTimeout(r, 50));
  expect(events).toEqual(['user record write starts', 'answered']);
  release();
  await turn;
  expect(events).toEqual(['user record write starts', 'answered', 'user record written']);
  expect(await store.getRecord(userKey)).toBe(people.staff.id);
  expect(await app.records.teamsUserIds([people.staff.aadObjectId.toLowerCase()])).toEqual([people.staff.id]);
});

test("a failing write of who is talking is not the person's problem: the answer comes, the turn ends without an error", async () => {
  const store = new MemoryIncidentStore();
  const putRecord = store.putRecord.bind(store);
  store.putRecord = async <T>(key: string, value: T) => {
    if (key === userKey) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    return putRecord(key, value);
  };
  const { app, adapter } = botWith(store);
  const texts: string[] = [];
  await adapter.processActivity(makeMessage('help') as never, async (context) => {
    const send = context.sendActivity.bind(context);
    context.sendActivity = (async (a: { attachments?: { content: unknown }[] }) => (
      texts.push(JSON.stringify(a.attachments?.[0]?.content ?? a)),
      send(a as never)
    )) as never;
    await app.bot.run(context);
  });
  expect(texts.join('\n')).toContain('Runbook bot: what you can type');
  expect(await store.getRecord(userKey)).toBeUndefined();
});
