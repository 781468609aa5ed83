import { type Activity, TestAdapter, TurnContext } from 'botbuilder';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import { silentLogger } from '../../src/app/logger';
import type { Incident } from '../../src/incident/types';
import type { ConversationRef, OutboundActivity, PostedActivity, Transport } from '../../src/app/outbound';

// Conversation-test kit: the real bot on botbuilder's TestAdapter; sends outside the current conversation are recorded.

export const people = {
  staff: { id: '29:sam', aadObjectId: 'a1000000-0000-4000-8000-000000000001', name: 'Sam Staff' },
  approver: { id: '29:alex', aadObjectId: 'a2000000-0000-4000-8000-000000000002', name: 'Alex Approver' },
  approver2: { id: '29:avery', aadObjectId: 'a2000000-0000-4000-8000-000000000003', name: 'Avery Approver' },
  outsider: { id: '29:olive', aadObjectId: 'a5000000-0000-4000-8000-000000000005', name: 'Olive Outsider' },
  riley: { id: '29:riley', aadObjectId: 'a6000000-0000-4000-8000-000000000006', name: 'Riley Responder' },
};
export type Person = (typeof people)[keyof typeof people];

export const conversations = {
  personal: { id: 'a:personal-sam', conversationType: 'personal' },
  approvers: { id: '19:approvers@thread.v2', conversationType: 'groupChat', isGroup: true },
  leads: '19:leads@thread.tacv2',
};

export interface Recorded {
  sends: { conversationId: string; activity: Partial<Activity> }[];
  updates: { conversationId: string; activityId: string; activity: Partial<Activity> }[];
  channelPosts: { channelId: string; activity: Partial<Activity> }[];
  /** Makes every send to this conversation fail with the status code (a removed bot, an outage). */
  failSendsTo?: { conversationId: string; statusCode: number };
  failChannelPosts?: { statusCode: number };
}

let nextId = 1000;

/** A transport that replies through the TestAdapter and records every other send. */
export function recordingTransport(context: TurnContext, recorded: Recorded): Transport {
  return recorder(TurnContext.getConversationReference(context.activity) as ConversationRef, recorded, async (activity) => {
    const r = await context.sendActivity(activity as Partial<Activity>);
    return r?.id;
  });
}

/** The transport the deliverer gets outside a turn: every send, to the incident's conversation too, is recorded. */
export function recordingInConversation(recorded: Recorded) {
  return async (incident: Incident, work: (t: Transport) => Promise<void>) => {
    const reference = incident.origin.reference as ConversationRef;
    await work(
      recorder(reference, recorded, async (activity) => {
        recorded.sends.push({ conversationId: incident.origin.conversationId, activity: activity as Partial<Activity> });
        return undefined;
      }),
    );
  };
}

function recorder(current: ConversationRef, recorded: Recorded, replyHere: (activity: OutboundActivity) => Promise<string | undefined>): Transport {
  const failing = (conversationId: string) => {
    if (recorded.failSendsTo?.conversationId === conversationId) throw Object.assign(new Error('Forbidden'), { statusCode: recorded.failSendsTo.statusCode });
  };
  return {
    conversationId: current.conversation?.id ?? '',
    currentReference: () => current,
    referenceTo: (id, kind) => ({ ...current, conversation: { id, conversationType: kind, isGroup: kind !== 'personal', name: '' } }) as ConversationRef,
    async reply(activity) {
      failing(current.conversation?.id ?? '');
      return { reference: current, activityId: (await replyHere(activity)) ?? `local-${nextId++}` };
    },
    async send(reference: ConversationRef, activity) {
      const conversationId = reference.conversation?.id ?? '';
      if (conversationId === current.conversation?.id) return this.reply(activity);
      failing(conversationId);
      recorded.sends.push({ conversationId, activity: activity as Partial<Activity> });
      return { reference, activityId: `sent-${nextId++}` };
    },
    async update(posted: PostedActivity, activity) {
      recorded.updates.push({
        conversationId: posted.reference.conversation?.id ?? '',
        activityId: posted.activityId,
        activity: activity as Partial<Activity>,
      });
    },
    async postToChannel(channelId, activity) {
      if (recorded.failChannelPosts) throw Object.assign(new Error('Forbidden'), recorded.failChannelPosts);
      recorded.channelPosts.push({ channelId, activity: activity as Partial<Activity> });
      return {
        reference: { conversation: { id: `${channelId};messageid=${nextId}`, isGroup: true, conversationType: 'channel', name: '' } },
        activityId: String(nextId++),
      };
    },
  };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  const loaded = loadConfig({
    STORE: 'memory',
    APPROVER_IDS: `${people.approver.aadObjectId},${people.approver2.aadObjectId}`,
    APPROVERS_CONVERSATION_ID: conversations.approvers.id,
    SUMMARY_CHANNEL_ID: conversations.leads,
    ...overrides,
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  return loaded.config;
}

/** The real bot, wired by createApp with a memory store and a recording transport, on a TestAdapter. */
export function makeBotHarness(options: { config?: Config; now?: () => Date } = {}) {
  const config = options.config ?? testConfig();
  const recorded: Recorded = { sends: [], updates: [], channelPosts: [] };
  const app = createApp(config, {
    log: silentLogger,
    store: new MemoryIncidentStore(),
    now: options.now,
    transport: (c) => recordingTransport(c, recorded),
    inConversation: recordingInConversation(recorded),
  });
  const adapter = new TestAdapter(async (context) => app.bot.run(context));
  return { ...app, adapter, recorded };
}

export { createApp };
