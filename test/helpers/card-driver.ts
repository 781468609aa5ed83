import type { Activity, TestAdapter } from 'botbuilder';
import { makeInvoke, makeMessage } from './activities';
import { conversations, type Person, people } from './teams-fakes';

// Drives the bot like a person: reads actions off the card it got, clicks them with typed inputs.

export type Card = Record<string, unknown>;
type Conversation = { id: string; conversationType: string; isGroup?: boolean };

export interface ExecuteAction {
  verb: string;
  title?: string;
  data: Record<string, unknown>;
}

/** Every Action.Execute anywhere in a card (including inside ShowCard actions). */
export function actionsOf(card: unknown): ExecuteAction[] {
  const found: ExecuteAction[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute')
        found.push({ verb: String(o.verb), title: o.title as string | undefined, data: (o.data ?? {}) as Record<string, unknown> });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** All visible text of a card (TextBlock text, FactSet facts, RichText runs), for content assertions. */
export function textOf(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      for (const key of ['text', 'title', 'value', 'label', 'placeholder']) if (typeof o[key] === 'string') parts.push(o[key] as string);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return parts.join('\n');
}

export function findAction(card: Card, verb: string, match: Record<string, unknown> = {}): ExecuteAction {
  const hit = actionsOf(card).find((a) => a.verb === verb && Object.entries(match).every(([k, v]) => a.data[k] === v));
  if (!hit) {
    const have = actionsOf(card)
      .map((a) => `${a.verb} ${JSON.stringify(a.data)}`)
      .join('\n  ');
    throw new Error(`no ${verb} ${JSON.stringify(match)} on the card; it has:\n  ${have}`);
  }
  return hit;
}

export class Driver {
  /** `deliveries`: the app's deliverer, awaited after each turn so what it sends after the answer is recorded too. */
  constructor(
    readonly adapter: TestAdapter,
    private readonly deliveries?: { settled(): Promise<void> },
  ) {}

  /** Sends an activity; returns what the bot sent back in this conversation during the turn. */
  async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    await this.adapter.receiveActivity(activity);
    await this.deliveries?.settled();
    return this.adapter.activeQueue.splice(0);
  }

  async say(text: string, from: Person = people.staff, conversation: Conversation = conversations.personal): Promise<Partial<Activity>[]> {
    return this.send(makeMessage(text, from, conversation));
  }

  /** Types text and returns the last card the bot replied with. */
  async sayForCard(text: string, from?: Person, conversation?: Conversation): Promise<Card> {
    const replies = await this.say(text, from, conversation);
    const cards = replies.flatMap((r) => (r.attachments ?? []).map((a) => a.content as Card));
    if (!cards.length) throw new Error(`no card in reply to "${text}": ${JSON.stringify(replies.map((r) => r.text))}`);
    return cards[cards.length - 1];
  }

  /** Clicks an action with inputs; returns the card of the invoke answer (status asserted 200). */
  async click(
    card: Card,
    verb: string,
    match: Record<string, unknown> = {},
    inputs: Record<string, unknown> = {},
    from: Person = people.staff,
    conversation: Conversation = conversations.personal,
  ): Promise<Card> {
    const action = findAction(card, verb, match);
    return this.invoke(verb, { ...action.data, ...inputs }, from, conversation);
  }

  async invoke(
    verb: string,
    data: Record<string, unknown>,
    from: Person = people.staff,
    conversation: Conversation = conversations.personal,
    replyToId = 'card-1',
  ): Promise<Card> {
    const replies = await this.send(makeInvoke(verb, data, from, conversation, replyToId));
    const response = replies.find((r) => r.type === 'invokeResponse');
    if (!response) throw new Error('no invoke response');
    const value = response.value as { status: number; body: { statusCode: number; type: string; value: Card } };
    if (value.status !== 200) throw new Error(`invoke answered ${value.status}`);
    return value.body.value;
  }
}
