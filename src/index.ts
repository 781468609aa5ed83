import { createApp } from './app';
import { loadConfig } from './config';
import { RunbookLoadError } from './runbook/loader';
import { listen } from './server';
import { jsonLogger } from './app/logger';
import { startTelemetry } from './telemetry/setup';

// Entry point: bad configuration or runbooks stop start-up with every problem listed, exit code 1.

async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`Configuration problems (see .env.example):\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  const config = loaded.config;
  const log = jsonLogger(config.LOG_LEVEL);
  // Before the app is built, so that every span and instrument has its provider.
  const telemetry = config.APPLICATIONINSIGHTS_CONNECTION_STRING
    ? startTelemetry({ connectionString: config.APPLICATIONINSIGHTS_CONNECTION_STRING, metricIntervalMs: config.TELEMETRY_METRIC_INTERVAL_SECONDS * 1000 })
    : undefined;
  let app: ReturnType<typeof createApp>;
  try {
    app = createApp(config, { log });
  } catch (err) {
    const detail = err instanceof RunbookLoadError ? err.message : err instanceof Error ? err.message : String(err);
    process.stderr.write(`Start-up failed:\n${detail}\n`);
    process.exit(1);
  }
  const port = await listen(app.server, config.PORT, config.HOST);
  log.info(
    { port, store: config.STORE, runbooks: app.runbooks.map((r) => r.id), auth: config.MicrosoftAppId ? 'bot-framework' : 'anonymous' },
    'bot listening',
  );
  if (telemetry) log.info({ metricIntervalSeconds: config.TELEMETRY_METRIC_INTERVAL_SECONDS }, 'telemetry to Application Insights on');
  if (config.DEV_ACT_AS)
    log.warn(
      { devActAs: true },
      'dev act-as on (npm run dev): typed "act as <person>" makes later clicks in that conversation come from a Playground roster person',
    );

  if (config.REMINDER_SWEEP_SECONDS > 0) {
    // At start-up first: sendings a crashed predecessor saved but never sent go out now (once their lease is over).
    void app.sweeper.sweepOnce().catch((err: unknown) => log.error({ err: err instanceof Error ? err.message : String(err) }, 'start-up sweep failed'));
    app.sweeper.start(config.REMINDER_SWEEP_SECONDS * 1000);
  }
  if (config.APPROVER_GROUP_ID) {
    // Read the approver group now so the first approval click does not wait on Graph.
    void app.approvers
      .refresh()
      .then(() => log.info({ approvers: app.approvers.source() }, 'approver group read'))
      .catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'approver group not read at start-up'));
  }
  log.info({ graph: config.GRAPH_AUTH, dnsChecks: config.DNS_CHECKS }, app.diagnostics ? 'live checks on' : 'live checks off (runbooks run by hand)');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing turns in flight');
    void app.sweeper.stop();
    // Turns in flight finish first, then deliveries and live checks still running get to record their outcomes.
    app.server.close(
      () =>
        void Promise.all([app.deliverer.settled(), app.diagnostics?.whenIdle()])
          .then(() => telemetry?.shutdown())
          .finally(() => process.exit(0)),
    );
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
