import { type Activity, TestAdapter, TurnContext } from 'botbuilder';
import { createApp } from '../../src/app';
import type { Logger } from '../../src/app/logger';
import type { ConversationRef, OutboundActivity, PostedActivity, Transport } from '../../src/app/outbound';
import type { Config } from '../../src/config';
import type { Incident } from '../../src/incident/types';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import { makeInvoke, makeMessage } from './activities';
import { type Card, actionsOf } from './card-driver';
import { type Person, people, testConfig } from './teams-fakes';

// Experience-attack kit: the real bot (createApp on a TestAdapter) with a ledger of every message it shows in each
// conversation (replies, sends, in-place updates, invoke answers replacing the clicked card), so a test can count the
// live incident cards a reader sees; the turn's card updates can be made to fail or to wait at a gate.

export type Conversation = { id: string; conversationType: string; isGroup?: boolean };

interface Shown {
  conversationId: string;
  card?: Card;
  text?: string;
}

export interface LogLine {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

let ids = 0;
const cardOf = (a: OutboundActivity | Partial<Activity>): Card | undefined => a.attachments?.[0]?.content as Card | undefined;

/** The real bot; `controls.failUpdates` / `failReplies` make card updates or replies throw (a deleted card, Teams throttling). */
export function experienceBot(options: { config?: Config; now?: () => Date } = {}) {
  const shown = new Map<string, Shown>();
  const order: string[] = [];
  const logs: LogLine[] = [];
  const controls: {
    failUpdates?: (activityId: string) => boolean;
    failReplies?: (activity: OutboundActivity) => boolean;
    beforeUpdate?: (activityId: string) => Promise<void>;
  } = {};
  const show = (activityId: string, conversationId: string, a: OutboundActivity | Partial<Activity>) => {
    if (!shown.has(activityId)) order.push(activityId);
    shown.set(activityId, { conversationId, card: cardOf(a), text: a.text });
  };
  const line = (level: string) => (fields: Record<string, unknown>, message: string) => void logs.push({ level, message, fields });
  const log: Logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), with: () => log };

  const transportFor = (current: ConversationRef, replyHere: (a: OutboundActivity) => Promise<string>): Transport => ({
    conversationId: current.conversation?.id ?? '',
    currentReference: () => current,
    referenceTo: (id, kind) => ({ ...current, conversation: { id, conversationType: kind, isGroup: kind !== 'personal', name: '' } }) as ConversationRef,
    async reply(activity) {
      if (controls.failReplies?.(activity)) throw Object.assign(new Error('Too Many Requests'), { statusCode: 429 });
      const activityId = await replyHere(activity);
      show(activityId, current.conversation?.id ?? '', activity);
      return { reference: current, activityId };
    },
    async send(reference, activity) {
      if (reference.conversation?.id === current.conversation?.id) return this.reply(activity);
      const activityId = `sent-${++ids}`;
      show(activityId, reference.conversation?.id ?? '', activity);
      return { reference, activityId };
    },
    async update(posted: PostedActivity, activity) {
      await controls.beforeUpdate?.(posted.activityId);
      if (controls.failUpdates?.(posted.activityId)) throw Object.assign(new Error('Not Found'), { statusCode: 404 });
      show(posted.activityId, posted.reference.conversation?.id ?? '', activity);
    },
    async postToChannel(channelId, activity) {
      const activityId = `post-${++ids}`;
      show(activityId, channelId, activity);
      return { reference: { conversation: { id: `${channelId};messageid=${activityId}`, conversationType: 'channel', isGroup: true } }, activityId };
    },
  });

  const store = new MemoryIncidentStore();
  const app = createApp(options.config ?? testConfig(), {
    log,
    store,
    now: options.now,
    rateLimit: { take: () => ({ ok: true }) },
    transport: (context: TurnContext) =>
      transportFor(
        TurnContext.getConversationReference(context.activity) as ConversationRef,
        async (a) => (await context.sendActivity(a as Partial<Activity>))?.id ?? `reply-${++ids}`,
      ),
    inConversation: async (incident: Incident, work: (t: Transport) => Promise<void>) =>
      work(transportFor(incident.origin.reference as ConversationRef, async () => `local-${++ids}`)),
  });
  const adapter = new TestAdapter(async (context) => app.bot.run(context));

  /** Runs one activity's turn; returns its own replies and (for an invoke) the answered card, which replaces the clicked one. */
  async function fire(activity: Partial<Activity>): Promise<{ replies: Partial<Activity>[]; card: Card; status: number }> {
    await adapter.receiveActivity(activity);
    const queue = adapter.activeQueue;
    const mine = queue.filter((a) => a.replyToId === activity.id);
    queue.splice(0, queue.length, ...queue.filter((a) => a.replyToId !== activity.id));
    const response = mine.find((r) => r.type === 'invokeResponse');
    const value = response?.value as { status: number; body?: { value?: Card } } | undefined;
    const card = value?.body?.value ?? {};
    if (response && activity.replyToId) show(activity.replyToId, activity.conversation?.id ?? '', { attachments: [{ contentType: 'card', content: card }] });
    return { replies: mine.filter((r) => r !== response), card, status: value?.status ?? 0 };
  }

  const say = (text: string, from: Person = people.staff, where?: Conversation) => fire(makeMessage(text, from, where));
  const click = (verb: string, data: Record<string, unknown>, replyToId: string, from: Person = people.staff, where?: Conversation) =>
    fire(makeInvoke(verb, data, from, where, replyToId));

  /** Messages in the conversation that show a card with buttons for the incident (its live cards), in posting order. */
  const liveCards = (conversationId: string, incidentId: string) =>
    order.filter((id) => {
      const s = shown.get(id)!;
      return (
        s.conversationId === conversationId &&
        s.card !== undefined &&
        actionsOf(s.card).some((a) => a.data.incidentId === incidentId && a.verb !== 'incident.show')
      );
    });

  return { ...app, store, adapter, logs, controls, shown, order, fire, say, click, liveCards };
}
export type ExperienceBot = ReturnType<typeof experienceBot>;

/** Settles the deliverer (sends after the answer) a few times over, as they may queue more. */
export async function settle(bot: ExperienceBot): Promise<void> {
  for (let i = 0; i < 3; i++) await bot.deliverer.settled();
}
