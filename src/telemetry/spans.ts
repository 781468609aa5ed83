import { type Attributes, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

// Spans through @opentelemetry/api: a no-op until src/telemetry/setup.ts registers a provider. Attributes carry ids,
// verbs, phases and status codes only: never what people typed, their names or addresses, tokens or query strings.

const tracer = () => trace.getTracer('runbook-incident-bot');

/** The facts a turn learns as it runs (incident id, verb, outcome); set on the turn's span, if there is one. */
export interface TurnFacts {
  incidentId?: string;
  ask?: string;
  verb?: string;
  outcome?: string;
}

/** Runs one turn (a message or a card action) inside a SERVER span: Application Insights shows it as a request. */
export function inTurnSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { kind: SpanKind.SERVER, attributes }, (span) => finish(span, work));
}

/** Adds what the pipeline learned to the current turn's span. */
export function tagTurn(facts: TurnFacts): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  if (facts.incidentId) span.setAttribute('incident.id', facts.incidentId);
  if (facts.ask) span.setAttribute('incident.ask', facts.ask);
  if (facts.verb) span.setAttribute('incident.verb', facts.verb);
  if (facts.outcome) span.setAttribute('incident.outcome', facts.outcome);
}

export interface Dependency {
  /** Shown as the dependency's name, e.g. "PUT /v3/conversations/:conversationId/activities/:activityId". */
  name: string;
  /** e.g. "Bot Connector", "Microsoft Graph", "Azure Blob Storage". */
  target: string;
  method?: string;
  /** The URL without query or ids (a template), so that no address or search term leaves in telemetry. */
  url?: string;
}

/** Runs an outgoing call inside a CLIENT span (a dependency in Application Insights); failures are recorded and rethrown. */
export function inDependencySpan<T>(dependency: Dependency, work: (span: Span) => Promise<T>, statusOf?: (value: T) => number | undefined): Promise<T> {
  const attributes: Attributes = { 'peer.service': dependency.target };
  if (dependency.method) attributes['http.request.method'] = dependency.method;
  if (dependency.url) {
    attributes['url.full'] = dependency.url;
    attributes['server.address'] = new URL(dependency.url).host;
  }
  return tracer().startActiveSpan(`${dependency.target}: ${dependency.name}`, { kind: SpanKind.CLIENT, attributes }, (span) =>
    finish(span, async () => {
      const value = await work(span);
      const status = statusOf?.(value);
      if (status !== undefined) {
        span.setAttribute('http.response.status_code', status);
        if (status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
      }
      return value;
    }),
  );
}

/** An HTTP status carried by an SDK error (botbuilder's and Azure's RestError), if any. */
export function statusOfError(err: unknown): number | undefined {
  const e = err as { statusCode?: unknown; status?: unknown } | null;
  const status = typeof e?.statusCode === 'number' ? e.statusCode : typeof e?.status === 'number' ? e.status : undefined;
  return status;
}

async function finish<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    const value = await work();
    return value;
  } catch (err) {
    const status = statusOfError(err);
    if (status !== undefined) span.setAttribute('http.response.status_code', status);
    span.recordException(exceptionOf(err));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw err;
  } finally {
    span.end();
  }
}

/** The exception as recorded: its type and the first line of its message, at most 200 characters. */
export function exceptionOf(err: unknown): { name: string; message: string } {
  const name = err instanceof Error ? err.name : typeof err;
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 200);
  return { name, message };
}
