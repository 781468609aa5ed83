import type { Incident } from '../incident/types';
import type { CheckRound } from '../diagnostics/run-checks';
import { afterResponse } from './after-response';
import { botActor, describeError, type InConversation } from './deliverer';
import type { IncidentService } from './incident-service';
import type { Logger } from './logger';
import type { IncidentCards } from './incident-cards';

// Runs the live checks outside the turn that asked for them: the invoke is answered at once ("checking..."),
// the answers are recorded with recordDiagnostics and the incident card is updated in place.

/** Runs one round of lookups for an incident (src/diagnostics/run-checks behind it). */
export type DiagnosticsProbe = (incident: Incident) => Promise<CheckRound>;

export interface DiagnosticsRunnerOptions {
  /** A round that has not answered by then is recorded as "not available" (well under diagnosticsLostAfterSeconds). */
  roundTimeoutMs?: number;
}

export class DiagnosticsRunner {
  private readonly jobs = new Set<Promise<void>>();
  private readonly roundTimeoutMs: number;

  constructor(
    private readonly service: IncidentService,
    private readonly probe: DiagnosticsProbe,
    private readonly inConversation: InConversation,
    private readonly cards: IncidentCards,
    private readonly log: Logger,
    options: DiagnosticsRunnerOptions = {},
  ) {
    this.roundTimeoutMs = options.roundTimeoutMs ?? 20_000;
  }

  /** Starts a round once the current response is written; returns at once. Failures are logged, never thrown into the turn. */
  schedule(incidentId: string, requestId: string): void {
    const job = new Promise<void>((resolve) => afterResponse(resolve))
      .then(() => this.run(incidentId, requestId))
      .catch((err: unknown) => this.log.error({ incidentId, requestId, err: describeError(err) }, 'live checks failed'))
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
    const round = await withDeadline(this.probe(incident), this.roundTimeoutMs, incident);
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
    this.log.info(
      { incidentId, requestId, items: round.items.length, unavailable, traceStatus: round.traceStatus, ms: Date.now() - started },
      'live checks recorded',
    );
    // Render what is stored now: someone may have acted since the answers were recorded.
    await this.inConversation(result.incident, async (t) => {
      const current = await this.service.get(incidentId);
      if (current) await this.cards.refresh(current, t);
    });
  }
}

/** The probe's answer, or every planned lookup "not available" when the round runs past the deadline. */
async function withDeadline(probe: Promise<CheckRound>, ms: number, incident: Incident): Promise<CheckRound> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckRound>((resolve) => {
    timer = setTimeout(() => {
      const reason = `not available: no answer within ${Math.round(ms / 1000)} s`;
      const planned = incident.diagnostics?.planned ?? ['live checks'];
      resolve({ items: planned.map((what) => ({ id: `late:${what}`, title: capitalise(what), ok: false, summary: reason, tone: 'warning', lines: [] })) });
    }, ms);
  });
  try {
    return await Promise.race([probe, late]);
  } finally {
    clearTimeout(timer);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
