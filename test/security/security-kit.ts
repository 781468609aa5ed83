import { type Activity, TestAdapter } from 'botbuilder';
import { createApp } from '../../src/app';
import type { Config } from '../../src/config';
import type { Incident, Origin } from '../../src/incident/types';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import type { Logger } from '../../src/app/logger';
import type { RateLimit } from '../../src/app/rate-limit';
import { makeInvoke, makeMessage } from '../helpers/activities';
import { type Card, textOf } from '../helpers/card-driver';
import { conversations, type Person, people, type Recorded, recordingInConversation, recordingTransport, testConfig } from '../helpers/teams-fakes';

// Security-test kit: the real bot on a TestAdapter (no rate limit unless asked), people in their usual places,
// incidents seeded straight into the store, and raw invokes that report status and card instead of throwing.

export type Conversation = { id: string; conversationType: string; isGroup?: boolean };

/** The incident room: a group chat where staff run the incident. */
export const room: Conversation = { id: '19:incident-room@thread.v2', conversationType: 'groupChat', isGroup: true };
/** A thread in the leads' channel, where leads read summaries and escalations. */
export const leadsThread: Conversation = { id: `${conversations.leads};messageid=1700000000000`, conversationType: 'channel', isGroup: true };
export const leadsChannelData = { team: { id: '19:team@thread.tacv2' }, channel: { id: conversations.leads, name: 'Incident Leads' } };
/** The outsider's own 1:1 chat with the bot. */
export const outsiderChat: Conversation = { id: 'a:personal-olive', conversationType: 'personal' };

export const lead: Person = { id: '29:lee', aadObjectId: 'a3000000-0000-4000-8000-000000000004', name: 'Lee Lead' };

export interface Role {
  person: Person;
  conversation: Conversation;
  extra?: Partial<Activity>;
}

/** Everyone acts from where they naturally are: staff and a colleague in the incident room, the others elsewhere. */
export const roles = {
  staff: { person: people.staff, conversation: room },
  member: { person: people.riley, conversation: room },
  approver: { person: people.approver, conversation: conversations.approvers },
  lead: { person: lead, conversation: leadsThread, extra: { channelData: leadsChannelData } },
  outsider: { person: people.outsider, conversation: outsiderChat },
} satisfies Record<string, Role>;
export type RoleName = keyof typeof roles;

export const roomOrigin: Origin = { conversationId: room.id, kind: 'groupChat', reference: { conversation: { id: room.id } } };

export const unlimited: RateLimit = { take: () => ({ ok: true }) };

export function securityHarness(options: { config?: Config; rateLimit?: RateLimit; now?: () => Date } = {}) {
  const recorded: Recorded = { sends: [], updates: [], channelPosts: [] };
  const errors: string[] = [];
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (fields, message) => void errors.push(`${message} ${JSON.stringify(fields)}`),
    with: () => log,
  };
  const store = new MemoryIncidentStore();
  const app = createApp(options.config ?? testConfig(), {
    log,
    store,
    now: options.now,
    transport: (c) => recordingTransport(c, recorded),
    inConversation: recordingInConversation(recorded),
    rateLimit: options.rateLimit ?? unlimited,
  });
  const adapter = new TestAdapter(async (context) => app.bot.run(context));
  return { ...app, store, adapter, recorded, errors };
}
export type Harness = ReturnType<typeof securityHarness>;

/** Puts a built incident in the store as if run in `origin` (the incident room by default). */
export async function seed(h: Harness, incident: Incident, origin: Origin = roomOrigin): Promise<Incident> {
  return (await h.store.create({ ...incident, origin })).value;
}

export interface InvokeAnswer {
  status: number;
  type?: string;
  card: Card;
  /** Everything else the bot sent into the conversation during the turn. */
  replies: Partial<Activity>[];
}

/** Sends an activity; returns what came back in this conversation. Never throws for a bad status. */
export async function send(h: Harness, activity: Partial<Activity>): Promise<Partial<Activity>[]> {
  await h.adapter.receiveActivity(activity);
  await h.deliverer.settled();
  return h.adapter.activeQueue.splice(0);
}

export async function invokeAs(h: Harness, role: Role, verb: string, data: Record<string, unknown>): Promise<InvokeAnswer> {
  const activity = { ...makeInvoke(verb, data, role.person, role.conversation), ...role.extra };
  return answerOf(await send(h, activity));
}

export function answerOf(replies: Partial<Activity>[]): InvokeAnswer {
  const response = replies.find((r) => r.type === 'invokeResponse');
  if (!response) throw new Error(`no invoke response among ${replies.length} replies`);
  const value = response.value as { status: number; body?: { type?: string; value?: Card } };
  return { status: value.status, type: value.body?.type, card: value.body?.value ?? {}, replies: replies.filter((r) => r !== response) };
}

/** Types a message as the role; returns every reply's words (texts and card text). */
export async function sayAs(h: Harness, role: Role, text: string, extra: Partial<Activity> = {}): Promise<string> {
  const replies = await send(h, { ...makeMessage(text, role.person, role.conversation), ...role.extra, ...extra });
  return wordsOf(replies);
}

export function wordsOf(replies: Partial<Activity>[]): string {
  return replies.map((r) => [r.text ?? '', ...(r.attachments ?? []).map((a) => textOf(a.content))].join('\n')).join('\n');
}

/** The stored incident (a fresh copy), or a thrown error when it is gone. */
export async function stored(h: Harness, id: string): Promise<Incident> {
  const found = await h.service.get(id);
  if (!found) throw new Error(`incident ${id} is not in the store`);
  return found;
}
