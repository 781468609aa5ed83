import { metrics } from '@opentelemetry/api';
import type { Incident } from '../incident/types';
import { lifeEvents } from './life-events';

// The incident's own figures as OpenTelemetry instruments (no-ops until src/telemetry/setup.ts registers a meter).

const meter = () => metrics.getMeter('runbook-incident-bot');
let instruments: ReturnType<typeof create> | undefined;

function create() {
  const m = meter();
  return {
    opened: m.createCounter('incidents.opened', { description: 'Incidents opened' }),
    phase: m.createHistogram('incident.phase.duration', { description: 'Time an incident spent in a phase', unit: 'ms' }),
    toClose: m.createHistogram('incident.time_to_close', { description: 'Time from opening to closing or cancelling', unit: 'ms' }),
    approval: m.createHistogram('incident.approval.wait', { description: 'Time from an approval request to its decision', unit: 'ms' }),
  };
}

/** Records what one accepted write changed (before undefined: the incident was just opened). Never throws. */
export function recordLifeEvents(before: Incident | undefined, after: Incident, at: Date): void {
  try {
    instruments ??= create();
    for (const event of lifeEvents(before, after, at.toISOString())) {
      if (event.metric === 'incidents.opened') instruments.opened.add(1, event.attributes);
      else if (event.metric === 'incident.phase.duration') instruments.phase.record(event.ms, event.attributes);
      else if (event.metric === 'incident.time_to_close') instruments.toClose.record(event.ms, event.attributes);
      else instruments.approval.record(event.ms, event.attributes);
    }
  } catch {
    // Telemetry must never cost a click.
  }
}
