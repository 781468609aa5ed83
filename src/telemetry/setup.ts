import { AzureMonitorMetricExporter, AzureMonitorTraceExporter } from '@azure/monitor-opentelemetry-exporter';
import { metrics } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

// OpenTelemetry to Application Insights (the Azure Monitor exporter), registered globally once at start-up when
// APPLICATIONINSIGHTS_CONNECTION_STRING is set. Without it the @opentelemetry/api calls in src/telemetry are no-ops.

export interface TelemetrySettings {
  connectionString: string;
  /** How often metrics are sent (the exporter's default is 60 s). */
  metricIntervalMs: number;
  /** Extra CA certificate (PEM) to trust for the ingestion endpoint, e.g. a private one; tests: the loopback stand-in's. */
  tlsCa?: string;
  /** ai.cloud.role in Application Insights. */
  serviceName?: string;
}

export interface RunningTelemetry {
  /** Sends what is buffered (spans, exceptions, metrics) and stops; called once on shutdown. */
  shutdown(): Promise<void>;
}

/** Registers the tracer and meter providers; returns a handle that flushes them on shutdown. */
export function startTelemetry(settings: TelemetrySettings): RunningTelemetry {
  // The exporter's own usage statistics ("statsbeat") go to a Microsoft endpoint, not the customer's resource: off.
  process.env.APPLICATION_INSIGHTS_NO_STATSBEAT ??= 'true';
  const resource = resourceFromAttributes({ 'service.name': settings.serviceName ?? 'runbook-incident-bot' });
  const exporterOptions = { connectionString: settings.connectionString, ...(settings.tlsCa ? { tlsOptions: { ca: settings.tlsCa } } : {}) };
  const tracing = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new AzureMonitorTraceExporter(exporterOptions))] });
  tracing.register();
  const reader = new PeriodicExportingMetricReader({
    exporter: new AzureMonitorMetricExporter(exporterOptions),
    exportIntervalMillis: settings.metricIntervalMs,
    exportTimeoutMillis: Math.min(30_000, settings.metricIntervalMs),
  });
  const meters = new MeterProvider({ resource, readers: [reader] });
  metrics.setGlobalMeterProvider(meters);
  let stopping: Promise<void> | undefined;
  return {
    shutdown() {
      stopping ??= Promise.allSettled([tracing.shutdown(), meters.shutdown()]).then(() => undefined);
      return stopping;
    },
  };
}
