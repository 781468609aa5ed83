import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type InvokeResponse, MessageFactory, type TurnContext } from 'botbuilder';
import { createServer } from '../src/server';
import { activityProcessor } from '../src/teams/adapter';
import { silentLogger } from '../src/app/logger';

// The baseline: a minimal echo bot on the same CloudAdapter and restify server (src/server.ts) as the runbook bot.

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(MessageFactory.text(`echo: ${context.activity.text ?? ''}`));
      await next();
    });
  }

  /** Card actions are answered with a one-line card naming the verb. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const verb = String((context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb ?? '');
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `echo: ${verb}` }] };
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } };
  }
}

export function createEchoApp() {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppType: 'MultiTenant',
    MicrosoftAppTenantId: '',
  });
  const adapter = new CloudAdapter(auth);
  const bot = new EchoBot();
  return { server: createServer({ activities: activityProcessor(adapter, bot), log: silentLogger, ready: async () => undefined }) };
}
