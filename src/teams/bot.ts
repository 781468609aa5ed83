import { type InvokeResponse, TeamsActivityHandler, TeamsInfo, type TurnContext } from 'botbuilder';
import { renderMessageCard } from '../cards';
import type { BotContext } from './bot-context';
import { handleCardAction } from './card-actions';
import { describeError } from './effect-runner';
import { handleMessage } from './messages';
import { teamsChannelOf } from './turn-facts';
import { textActivity } from './transport';

// The activity handler: routes messages, card actions and install events. A failure answers in words, never a 500.

const cardResponse = (card: Record<string, unknown>): InvokeResponse => ({
  status: 200,
  body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
});

export class RunbookBot extends TeamsActivityHandler {
  constructor(private readonly ctx: BotContext) {
    super();
    this.onMessage(async (context, next) => {
      try {
        await handleMessage(this.turn(context), context);
      } catch (err) {
        this.ctx.log.error({ activityId: context.activity.id, err: describeError(err) }, 'message failed');
        await context.sendActivity(textActivity('Something went wrong on our side; nothing you typed was lost. Please try again in a moment.'));
      }
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.recordTeam(context);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      await this.recordTeam(context);
      await next();
    });
  }

  /** Remembers who is talking (Entra id -> Teams id) for user-specific approval views, then routes. */
  override async run(context: TurnContext): Promise<void> {
    const from = context.activity?.from;
    if (from?.aadObjectId && from.id && from.id !== from.aadObjectId) {
      await this.ctx.records.rememberUser(from.aadObjectId.toLowerCase(), from.id).catch(() => undefined);
    }
    await super.run(context);
  }

  /** Card actions are parsed by our own zod edge, so malformed payloads get a card in words and HTTP 200. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    try {
      return cardResponse((await handleCardAction(this.turn(context), context)).card);
    } catch (err) {
      this.ctx.log.error({ activityId: context.activity.id, err: describeError(err) }, 'card action failed');
      return cardResponse(renderMessageCard('Something went wrong', 'The bot could not process this click. Nothing was changed; please try again.', 'attention'));
    }
  }

  /** The context for one turn: every log line carries the activity and conversation ids. */
  private turn(context: TurnContext): BotContext {
    return { ...this.ctx, log: this.ctx.log.with({ activityId: context.activity.id, conversationId: context.activity.conversation?.id }) };
  }

  /** Remembers a team and its channels when the bot is installed or the team changes. */
  private async recordTeam(context: TurnContext): Promise<void> {
    const { teamId, teamName } = teamsChannelOf(context.activity);
    if (!teamId) return;
    let channels: { id: string; name?: string }[] = [];
    try {
      channels = (await TeamsInfo.getTeamChannels(context, teamId)).map((c) => ({ id: c.id ?? '', name: c.name ?? (c.id === teamId ? 'General' : undefined) }));
    } catch (err) {
      this.ctx.log.debug({ teamId, err: describeError(err) }, 'team channels not available');
    }
    await this.ctx.records.saveTeam({
      teamId,
      ...(teamName ? { name: teamName } : {}),
      channels,
      tenantId: context.activity.conversation.tenantId,
      serviceUrl: context.activity.serviceUrl,
      at: this.ctx.now().toISOString(),
    });
    this.ctx.log.info({ teamId, channels: channels.length, activityId: context.activity.id }, 'team recorded');
  }
}
