import { resolve } from 'node:path';
import type { Config } from './config';
import { Deliverer, describeError, type InConversation } from './app/deliverer';
import { DiagnosticsRunner } from './app/diagnostics-runner';
import { IncidentCards } from './app/incident-cards';
import { type ApproverCheck, IncidentService } from './app/incident-service';
import { commandRate, maxBodyBytes } from './app/limits';
import type { Logger } from './app/logger';
import { textActivity } from './app/outbound';
import { Pipeline } from './app/pipeline';
import { type RateLimit, RateLimiter } from './app/rate-limit';
import { Sweeper } from './app/sweeper';
import { runChecks } from './diagnostics/run-checks';
import { diagnosticsFromConfig } from './diagnostics/setup';
import type { TokenProvider } from './diagnostics/graph-client';
import { defaultRunbooksDir, loadRunbooks } from './runbook/loader';
import type { Runbook } from './runbook/schema';
import { withActAs } from './dev/act-as';
import { createServer } from './server';
import { BlobIncidentStore } from './store/blob-store';
import { blobContainer } from './store/blob-container';
import { FileIncidentStore } from './store/file-store';
import type { IncidentStore } from './store/incident-store';
import { MemoryIncidentStore } from './store/memory-store';
import { activityProcessor, conversationRunner, createCloudAdapter } from './teams/adapter';
import { RunbookBot } from './teams/bot';
import type { BotContext } from './teams/bot-context';
import { TeamsRecords } from './app/records';
import { retryingTransport } from './teams/send-retry';
import { pacedTransport, SendPacer } from './teams/send-pacer';
import { turnTransport } from './teams/transport';
import { logRefusedTokensTo } from './teams/sdk-auth-errors';
import { recordLifeEvents } from './telemetry/incident-metrics';
import { tracedStore } from './telemetry/traced-store';
import { tracedTransport } from './telemetry/traced-transport';

// Composition root, in dependency order: config -> store -> runbooks -> service -> Teams adapter and transport ->
// deliverer -> pipeline -> bot -> server -> sweeper. Everything injectable for tests.

export interface AppOptions {
  log: Logger;
  store?: IncidentStore;
  runbooks?: Runbook[];
  now?: () => Date;
  /** Replaces botbuilder's sender (conversation tests record sends instead). */
  transport?: BotContext['transport'];
  /** Per-person command rate limit; default: a token bucket (src/app/limits.ts) on the app's clock. */
  rateLimit?: RateLimit;
  /** Replaces the Graph credential (tests: a fixed token against the Graph stand-in). */
  graphTokens?: TokenProvider;
  /** Replaces the approver check built from APPROVER_IDS / APPROVER_GROUP_ID. */
  approvers?: ApproverCheck;
  /** Replaces how work outside a turn reaches an incident's conversation (conversation tests on the TestAdapter). */
  inConversation?: InConversation;
}

export function createStore(config: Config, log: Logger): IncidentStore {
  switch (config.STORE) {
    case 'memory':
      return new MemoryIncidentStore();
    case 'file':
      return new FileIncidentStore(resolve(config.DATA_DIR), (p) => log.warn({ file: p.file, reason: p.reason }, 'skipped a file in DATA_DIR'));
    case 'blob':
      return tracedStore(
        new BlobIncidentStore(
          blobContainer({
            connectionString: config.AZURE_STORAGE_CONNECTION_STRING,
            accountUrl: config.AZURE_STORAGE_ACCOUNT_URL,
            container: config.AZURE_STORAGE_CONTAINER,
          }),
        ),
        'Azure Blob Storage',
      );
  }
}

export function createApp(config: Config, options: AppOptions) {
  const log = options.log;
  const now = options.now ?? (() => new Date());
  const store = options.store ?? createStore(config, log);
  const runbooks = options.runbooks ?? loadRunbooks(config.RUNBOOKS_DIR ? resolve(config.RUNBOOKS_DIR) : defaultRunbooksDir());
  const live = diagnosticsFromConfig(config, { tokens: options.graphTokens, onFallback: (reason) => log.warn({ reason }, 'approver group not read') });
  const service = new IncidentService(
    store,
    new Map(runbooks.map((r) => [r.id, r])),
    options.approvers ?? live.approvers,
    now,
    live.availability,
    recordLifeEvents,
  );
  const records = new TeamsRecords(store);

  const appId = config.MicrosoftAppId ?? '';
  const adapter = createCloudAdapter({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  });
  logRefusedTokensTo(log);
  adapter.onTurnError = async (context, err) => {
    log.error({ activityId: context.activity?.id, err: describeError(err) }, 'turn failed');
    if (context.activity?.type === 'message') {
      await context.sendActivity(textActivity('Something went wrong on our side; please try again in a moment.')).catch(() => undefined);
    }
  };
  const pacer = new SendPacer();
  const transport: BotContext['transport'] =
    options.transport ?? ((context) => retryingTransport(pacedTransport(tracedTransport(turnTransport(context, appId)), pacer)));
  // Outside any turn (deliveries after the answer, live checks, the sweep): continue the incident's conversation.
  const inConversation: InConversation = options.inConversation ?? conversationRunner(adapter, appId, transport);

  const cards = new IncidentCards(service, records, now, log);
  const diagnostics =
    live.availability.graph || live.availability.dns
      ? new DiagnosticsRunner(
          service,
          (incident) =>
            runChecks(service.runbookOf(incident).diagnostics ?? {}, incident.intake, { graph: live.graph, dns: live.dns, traceBudget: live.traceBudget, now }),
          inConversation,
          cards,
          log,
        )
      : undefined;
  const settings = {
    approversConversationId: config.APPROVERS_CONVERSATION_ID,
    summaryChannelId: config.SUMMARY_CHANNEL_ID,
    ...(config.APPROVAL_CARD_REFRESH ? { approvalRefresh: { approverIds: () => live.approvers.knownApproverIds() } } : {}),
  };
  const deliverer = new Deliverer(service, records, settings, inConversation, cards, log, now, diagnostics);
  const rateLimit = options.rateLimit ?? new RateLimiter(commandRate, () => now().getTime());
  const pipeline = new Pipeline({
    service,
    records,
    deliverer,
    log,
    now,
    rateLimit,
    settings: { approversConversationId: config.APPROVERS_CONVERSATION_ID, diagnostics: diagnostics !== undefined },
  });
  const bot = new RunbookBot({ pipeline, records, incidentCards: cards, log, now, transport });
  const botActivities = activityProcessor(adapter, bot);
  // Dev only (npm run dev): `act as <person>` in the Playground; config.ts refuses DEV_ACT_AS with an app id, withActAs checks again.
  const activities =
    config.DEV_ACT_AS && !config.MicrosoftAppId
      ? withActAs(botActivities, {
          appId: config.MicrosoftAppId,
          log,
          answer: (text) =>
            activityProcessor(adapter, {
              run: async (context) => {
                await transport(context).reply(textActivity(text));
              },
            }),
        })
      : botActivities;
  const server = createServer({ activities, log, maxBodyBytes, ready: () => store.ping() });
  const sweeper = new Sweeper(
    store,
    service,
    deliverer,
    {
      approvalRemindMinutes: config.APPROVAL_REMIND_MINUTES,
      idleRemindMinutes: config.IDLE_REMIND_MINUTES,
      sev1ResponseMinutes: config.SEV1_RESPONSE_MINUTES,
      outboxLeaseMs: config.OUTBOX_LEASE_SECONDS * 1000,
    },
    log,
    now,
  );
  return { server, adapter, bot, store, service, records, runbooks, pipeline, deliverer, sweeper, diagnostics, approvers: live.approvers };
}
