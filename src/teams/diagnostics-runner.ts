import type { Incident } from '../incident/types';
import type { CheckRound } from '../diagnostics/run-checks';
import { botActor } from './effect-runner';
import type { IncidentService } from './incident-service';
import type { Logger } from './logger';
import type { Transport } from './transport';

// Runs the live checks outside the turn that asked for them: the invoke is answered at once ("checking..."),
// the answers are recorded with recordDiagnostics and the incident card is updated in place.

/** Runs one round of lookups for an incident (src/diagnostics/run-checks behind it). */
export type DiagnosticsProbe = (incident: Incident) => Promise<CheckRound>;

/** Runs work with a transport in the incident's conversation, outside any turn (continueConversation). */
export type InConversation = (incident: Incident, work: (t: Transport) => Promise<void>) => Promise<void>;

export interface DiagnosticsRunnerOptions {
  /** The in-place update waits at least this long after the click, so it lands after the invoke answer. */
  minDelayMs?: number;
}

export class DiagnosticsRunner {
  private readonly jobs = new Set<Promise<void>>();
  private readonly minDelayMs: number;

  constructor(
    private readonly service: IncidentService,
    private readonly probe: DiagnosticsProbe,
    private readonly inConversation: InConversation,
    private readonly refreshCard: (incident: Incident, t: Transport) => Promise<void>,
    private readonly log: Logger,
    options: DiagnosticsRunnerOptions = {},
  ) {
    this.minDelayMs = options.minDelayMs ?? 300;
  }

  /** Starts a round after the current turn; returns at once. Failures are logged, never thrown into the turn. */
  schedule(incidentId: string, requestId: string): void {
    const job = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run(incidentId, requestId))
      .catch((err: unknown) => this.log.error({ incidentId, requestId, err: err instanceof Error ? err.message : String(err) }, 'live checks failed'))
      .finally(() => this.jobs.delete(job));
    this.jobs.add(job);
  }

  /** Resolves when every scheduled round has finished (tests, graceful shutdown). */
  async whenIdle(): Promise<void> {
    while (this.jobs.size > 0) await Promise.all([...this.jobs]);
  }

  private async run(incidentId: string, requestId: string): Promise<void> {
    const started = Date.now();
    const incident = await this.service.get(incidentId);
    if (!incident || incident.diagnostics?.requestId !== requestId) return;
    const round = await this.probe(incident);
    const result = await this.service.apply(incidentId, {
      type: 'recordDiagnostics',
      requestId,
      items: round.items,
      ...(round.traceStatus ? { traceStatus: round.traceStatus } : {}),
      actor: botActor,
      key: `diagnostics:${incidentId}:${requestId}`,
    });
    if (!('incident' in result) || !result.ok) {
      this.log.info({ incidentId, requestId, outcome: 'rejection' in result ? result.rejection.code : 'busy or gone' }, 'live check answers not recorded');
      return;
    }
    const unavailable = round.items.filter((i) => !i.ok).map((i) => i.id);
    this.log.info({ incidentId, requestId, items: round.items.length, unavailable, traceStatus: round.traceStatus, ms: Date.now() - started }, 'live checks recorded');
    const wait = this.minDelayMs - (Date.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await this.inConversation(result.incident, (t) => this.refreshCard(result.incident, t));
  }
}
