import { type InvokeResponse, TeamsActivityHandler, TeamsInfo, type TurnContext } from 'botbuilder';
import { renderMessageCard } from '../cards';
import { describeError } from '../app/deliverer';
import { textActivity } from '../app/outbound';
import type { Answer } from '../app/request';
import { cardRequest, messageRequest } from './activity-request';
import type { BotContext } from './bot-context';
import { inTurnSpan } from '../telemetry/spans';
import { verbs } from '../cards/verbs';
import { teamsChannelOf } from './turn-facts';

// The activity handler: turns messages and card actions into requests for the pipeline (src/app/pipeline.ts) and
// its answers into replies or the invoke's card; records install events. A failure answers in words, never a 500.

const cardResponse = (card: Record<string, unknown>): InvokeResponse => ({
  status: 200,
  body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
});

const knownVerbs = new Set<string>(Object.values(verbs));

/** The turn's span name: "message", or "invoke <verb>" for a verb of ours (anything else is not echoed into telemetry). */
function turnName(activity: TurnContext['activity'] | undefined): string {
  if (activity?.type !== 'invoke') return activity?.type ?? 'activity';
  const verb = (activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
  return typeof verb === 'string' && knownVerbs.has(verb) ? `invoke ${verb}` : `invoke ${activity.name === 'adaptiveCard/action' ? '(unknown verb)' : 'other'}`;
}

export class RunbookBot extends TeamsActivityHandler {
  constructor(private readonly ctx: BotContext) {
    super();
    this.onMessage(async (context, next) => {
      let answered = false;
      try {
        const ctx = this.turn(context);
        const answer = await ctx.pipeline.handle(await messageRequest(context));
        answered = true;
        await this.reply(ctx, context, answer);
      } catch (err) {
        this.ctx.log.error({ activityId: context.activity.id, answered, err: describeError(err) }, 'message failed');
        // Once the pipeline answered, what was typed is saved: asking to try again would apply it twice.
        const words = answered
          ? 'What you asked was done and recorded, but the answer could not be shown here. Type "status" to see the incident card; do not repeat the command.'
          : 'Something went wrong on our side; nothing you typed was lost. Please try again in a moment.';
        await context.sendActivity(textActivity(words)).catch(() => undefined);
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

  /**
   * Remembers who is talking (Entra id -> Teams id) for user-specific approval views, while the turn routes: known
   * in memory at once, its record written beside the turn (a person's first message no longer waits for it first).
   */
  override async run(context: TurnContext): Promise<void> {
    const from = context.activity?.from;
    const remembering =
      from?.aadObjectId && from.id && from.id !== from.aadObjectId
        ? this.ctx.records.rememberUser(from.aadObjectId.toLowerCase(), from.id).catch(() => undefined)
        : undefined;
    try {
      await inTurnSpan(
        turnName(context.activity),
        { 'activity.type': context.activity?.type ?? 'unknown', 'conversation.type': context.activity?.conversation?.conversationType ?? 'unknown' },
        () => super.run(context),
      );
    } finally {
      await remembering;
    }
  }

  /** Card actions are parsed by our own zod edge, so malformed payloads get a card in words and HTTP 200. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    try {
      const ctx = this.turn(context);
      const answer = await ctx.pipeline.handle(cardRequest(context.activity, context));
      await this.reply(ctx, context, answer);
      return cardResponse(answer.card ?? renderMessageCard('Done', 'Done.', 'default'));
    } catch (err) {
      this.ctx.log.error({ activityId: context.activity.id, err: describeError(err) }, 'card action failed');
      return cardResponse(
        renderMessageCard('Something went wrong', 'The bot could not process this click. Nothing was changed; please try again.', 'attention'),
      );
    }
  }

  /** Sends the answer's replies in this conversation; a reply that is the incident's card is remembered for in-place updates. */
  private async reply(ctx: BotContext, context: TurnContext, answer: Answer): Promise<void> {
    const transport = ctx.transport(context);
    for (const reply of answer.replies) {
      const posted = await transport.reply(reply.activity);
      if (reply.incidentCardOf) await ctx.incidentCards.replaced(reply.incidentCardOf, posted, transport);
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
