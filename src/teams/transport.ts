import { type Activity, type CloudAdapter, type ConversationParameters, type ConversationReference, TurnContext } from 'botbuilder';

import type { OutboundActivity, PostedActivity, Transport } from '../app/outbound';

// Sending, in one place: replies, proactive sends to stored references, in-place updates, new channel threads.
// The application's plain activities and references (src/app/outbound.ts) become botbuilder's here.

export type { PostedActivity, Transport } from '../app/outbound';

const asActivity = (activity: OutboundActivity) => activity as Partial<Activity>;
const asReference = (reference: PostedActivity['reference']) => reference as Partial<ConversationReference>;

/** Starts a new thread in a Teams channel through the CloudAdapter (createConversation with channelData.channel). */
async function createChannelThread(context: TurnContext, appId: string, channelId: string, activity: OutboundActivity): Promise<PostedActivity> {
  const adapter = context.adapter as CloudAdapter;
  const tenantId = context.activity.conversation?.tenantId;
  const parameters: ConversationParameters = {
    isGroup: true,
    bot: context.activity.recipient,
    channelData: { channel: { id: channelId }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
    activity: asActivity(activity) as Activity,
    ...(tenantId ? { tenantId } : {}),
  } as ConversationParameters;
  let reference: Partial<ConversationReference> | undefined;
  await adapter.createConversationAsync(appId, context.activity.channelId ?? 'msteams', context.activity.serviceUrl, '', parameters, async (ctx) => {
    reference = TurnContext.getConversationReference(ctx.activity);
  });
  const conversationId = reference?.conversation?.id ?? '';
  // Teams names a channel thread "<channel>;messageid=<id of its first message>".
  const activityId = /;messageid=(.+)$/.exec(conversationId)?.[1] ?? '';
  return { reference: (reference ?? {}) as PostedActivity['reference'], activityId };
}

/** The botbuilder transport for one turn. `appId` is empty when the bot runs without an app registration. */
export function turnTransport(context: TurnContext, appId: string): Transport {
  const current = TurnContext.getConversationReference(context.activity) as PostedActivity['reference'];
  const viaContinue = async <T>(reference: PostedActivity['reference'], work: (ctx: TurnContext) => Promise<T>): Promise<T> => {
    let result: T | undefined;
    await context.adapter.continueConversationAsync(appId, asReference(reference), async (ctx) => {
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
      const response = await context.sendActivity(asActivity(activity));
      return { reference: current, activityId: response?.id ?? '' };
    },
    async send(reference, activity) {
      if (reference.conversation?.id === current.conversation?.id) return this.reply(activity);
      const id = await viaContinue(reference, async (ctx) => (await ctx.sendActivity(asActivity(activity)))?.id ?? '');
      return { reference, activityId: id };
    },
    async update(posted, activity) {
      const replacement = { ...asActivity(activity), id: posted.activityId };
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
