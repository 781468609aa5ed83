import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions, type ConversationReference } from 'botbuilder';
import { resolve } from 'node:path';
import type { Config } from './config';
import { defaultRunbooksDir, loadRunbooks } from './runbook/loader';
import type { Runbook } from './runbook/schema';
import { createServer } from './server';
import { BlobIncidentStore } from './store/blob-store';
import { blobContainer } from './store/blob-container';
import { FileIncidentStore } from './store/file-store';
import type { IncidentStore } from './store/incident-store';
import { MemoryIncidentStore } from './store/memory-store';
import { RunbookBot } from './teams/bot';
import type { BotContext } from './teams/bot-context';
import { EffectRunner, describeError } from './teams/effect-runner';
import { runChecks } from './diagnostics/run-checks';
import { diagnosticsFromConfig } from './diagnostics/setup';
import type { TokenProvider } from './diagnostics/graph-client';
import { DiagnosticsRunner, type InConversation } from './teams/diagnostics-runner';
import { EffectRepairer } from './teams/effect-repairer';
import { type ApproverCheck, IncidentService } from './teams/incident-service';
import type { Logger } from './teams/logger';
import { TeamsRecords } from './teams/records';
import { retryingTransport } from './teams/send-retry';
import { pacedTransport, SendPacer } from './teams/send-pacer';
import { proactivePoster } from './teams/proactive-poster';
import { type ReminderPoster, ReminderSweeper } from './teams/reminder-sweeper';
import { commandRate, maxBodyBytes } from './teams/limits';
import { type RateLimit, RateLimiter } from './teams/rate-limit';
import { textActivity, turnTransport } from './teams/transport';

// Composition: config -> store -> runbooks -> bot -> server. Everything injectable for tests.

export interface AppOptions {
  log: Logger;
  store?: IncidentStore;
  runbooks?: Runbook[];
  now?: () => Date;
  /** Replaces botbuilder's sender (conversation tests record sends instead). */
  transport?: BotContext['transport'];
  reminderPoster?: ReminderPoster;
  /** Per-person command rate limit; default: a token bucket (src/teams/limits.ts) on the app's clock. */
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
      return new BlobIncidentStore(
        blobContainer({
          connectionString: config.AZURE_STORAGE_CONNECTION_STRING,
          accountUrl: config.AZURE_STORAGE_ACCOUNT_URL,
          container: config.AZURE_STORAGE_CONTAINER,
        }),
      );
  }
}

export function createApp(config: Config, options: AppOptions) {
  const log = options.log;
  const now = options.now ?? (() => new Date());
  const store = options.store ?? createStore(config, log);
  const runbooks = options.runbooks ?? loadRunbooks(config.RUNBOOKS_DIR ? resolve(config.RUNBOOKS_DIR) : defaultRunbooksDir());
  const live = diagnosticsFromConfig(config, {
    tokens: options.graphTokens,
    onFallback: (reason) => log.warn({ reason }, 'approver group not read'),
  });
  const approvers = options.approvers ?? live.approvers;
  const service = new IncidentService(store, new Map(runbooks.map((r) => [r.id, r])), approvers, now, live.availability);
  const records = new TeamsRecords(store);
  const appId = config.MicrosoftAppId ?? '';
  const pacer = new SendPacer();
  const transportFor: BotContext['transport'] = options.transport ?? ((context) => retryingTransport(pacedTransport(turnTransport(context, appId), pacer)));
  // Outside any turn (live checks answering later): continue the incident's conversation with the same transport.
  const inConversation: InConversation = options.inConversation ?? ((incident, work) =>
    adapter.continueConversationAsync(appId, incident.origin.reference as Partial<ConversationReference>, (context) => work(transportFor(context))));
  const diagnostics: DiagnosticsRunner | undefined =
    live.availability.graph || live.availability.dns
      ? new DiagnosticsRunner(
          service,
          (incident) => runChecks(service.runbookOf(incident).diagnostics ?? {}, incident.intake, { graph: live.graph, dns: live.dns, traceBudget: live.traceBudget, now }),
          inConversation,
          (incident, t): Promise<void> => effects.refreshIncidentCard(incident, t),
          log,
        )
      : undefined;
  const effects = new EffectRunner(
    service,
    records,
    {
      approversConversationId: config.APPROVERS_CONVERSATION_ID,
      summaryChannelId: config.SUMMARY_CHANNEL_ID,
      ...(config.APPROVAL_CARD_REFRESH ? { approvalRefresh: { approverIds: () => live.approvers.knownApproverIds() } } : {}),
    },
    log,
    now,
    diagnostics,
  );
  const rateLimit = options.rateLimit ?? new RateLimiter(commandRate, () => now().getTime());
  const bot = new RunbookBot({ appId, service, records, effects, log, now, rateLimit, transport: transportFor });
  const auth: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: appId,
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  };
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(auth));
  adapter.onTurnError = async (context, err) => {
    log.error({ activityId: context.activity?.id, err: describeError(err) }, 'turn failed');
    if (context.activity?.type === 'message') {
      await context.sendActivity(textActivity('Something went wrong on our side; please try again in a moment.')).catch(() => undefined);
    }
  };
  const server = createServer({ adapter, bot, log, maxBodyBytes, ready: () => store.ping() });
  const repairer = new EffectRepairer(store, service, records, effects, inConversation, log, now);
  const reminders = new ReminderSweeper(
    store,
    (incident) => service.runbookOf(incident),
    { approvalRemindMinutes: config.APPROVAL_REMIND_MINUTES, idleRemindMinutes: config.IDLE_REMIND_MINUTES, sev1ResponseMinutes: config.SEV1_RESPONSE_MINUTES },
    options.reminderPoster ?? proactivePoster(adapter, appId, config.APPROVERS_CONVERSATION_ID),
    log,
    now,
    repairer,
  );
  return { server, adapter, bot, store, service, records, runbooks, reminders, repairer, diagnostics, approvers: live.approvers };
}
