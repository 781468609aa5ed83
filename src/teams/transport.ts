import {
  type Activity,
  type CloudAdapter,
  type ConversationParameters,
  CardFactory,
  type ConversationReference,
  MessageFactory,
  TurnContext,
} from 'botbuilder';

// Sending, in one place: replies, proactive sends to stored references, in-place updates, new channel threads.

export type CardJson = Record<string, unknown>;

export interface PostedActivity {
  reference: Partial<ConversationReference>;
  activityId: string;
}

/** The narrow transport the effect runner uses; built per turn from a TurnContext. */
export interface Transport {
  readonly conversationId: string;
  /** Where the current activity came from, as a reference for later sends. */
  currentReference(): Partial<ConversationReference>;
  /** A reference to another conversation reachable through the same service URL and tenant. */
  referenceTo(conversationId: string, kind: 'groupChat' | 'channel' | 'personal'): Partial<ConversationReference>;
  reply(activity: Partial<Activity>): Promise<PostedActivity>;
  send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<PostedActivity>;
  update(posted: PostedActivity, activity: Partial<Activity>): Promise<void>;
  /** Starts a new thread in a Teams channel. */
  postToChannel(channelId: string, activity: Partial<Activity>): Promise<PostedActivity>;
}

export function cardActivity(card: CardJson, summary?: string): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  if (summary) activity.summary = summary;
  return activity;
}

export function textActivity(text: string): Partial<Activity> {
  return MessageFactory.text(text);
}

/** Starts a new thread in a Teams channel through the CloudAdapter (createConversation with channelData.channel). */
async function createChannelThread(context: TurnContext, appId: string, channelId: string, activity: Partial<Activity>): Promise<PostedActivity> {
  const adapter = context.adapter as CloudAdapter;
  const tenantId = context.activity.conversation?.tenantId;
  const parameters: ConversationParameters = {
    isGroup: true,
    bot: context.activity.recipient,
    channelData: { channel: { id: channelId }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
    activity: activity as Activity,
    ...(tenantId ? { tenantId } : {}),
  } as ConversationParameters;
  let reference: Partial<ConversationReference> | undefined;
  await adapter.createConversationAsync(appId, context.activity.channelId ?? 'msteams', context.activity.serviceUrl, '', parameters, async (ctx) => {
    reference = TurnContext.getConversationReference(ctx.activity);
  });
  const conversationId = reference?.conversation?.id ?? '';
  // Teams names a channel thread "<channel>;messageid=<id of its first message>".
  const activityId = /;messageid=(.+)$/.exec(conversationId)?.[1] ?? '';
  return { reference: reference ?? {}, activityId };
}

/** The botbuilder transport for one turn. `appId` is empty when the bot runs without an app registration. */
export function turnTransport(context: TurnContext, appId: string): Transport {
  const current = TurnContext.getConversationReference(context.activity);
  const viaContinue = async <T>(reference: Partial<ConversationReference>, work: (ctx: TurnContext) => Promise<T>): Promise<T> => {
    let result: T | undefined;
    await context.adapter.continueConversationAsync(appId, reference, async (ctx) => {
      result = await work(ctx);
    });
    return result as T;
  };
  return {
    conversationId: context.activity.conversation.id,
    currentReference: () => current,
    referenceTo: (conversationId, kind) => ({
      ...current,
      activityId: undefined,
      conversation: { id: conversationId, isGroup: kind !== 'personal', conversationType: kind, tenantId: current.conversation?.tenantId, name: '' },
    }),
    async reply(activity) {
      const response = await context.sendActivity(activity);
      return { reference: current, activityId: response?.id ?? '' };
    },
    async send(reference, activity) {
      if (reference.conversation?.id === current.conversation?.id) return this.reply(activity);
      const id = await viaContinue(reference, async (ctx) => (await ctx.sendActivity(activity))?.id ?? '');
      return { reference, activityId: id };
    },
    async update(posted, activity) {
      const replacement = { ...activity, id: posted.activityId };
      if (posted.reference.conversation?.id === current.conversation?.id) {
        await context.updateActivity(replacement);
        return;
      }
      await viaContinue(posted.reference, (ctx) => ctx.updateActivity(replacement));
    },
    async postToChannel(channelId, activity) {
      return createChannelThread(context, appId, channelId, activity);
    },
  };
}
