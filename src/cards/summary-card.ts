import type { Incident } from '../incident/types';
import type { Runbook } from '../runbook/schema';
import { fitToBudget } from './card-size';
import { clipper } from './escape';
import { formatTime, severityLabel } from './format';
import { expand } from './templates';
import type { AdaptiveCard } from './types';

// The customer-facing summary for the leads' channel: the runbook's summary fields and the incident's key facts.

/** Pure: the summary card as posted when the incident closes. */
export function renderSummaryCard(incident: Incident, runbook: Runbook): AdaptiveCard {
  return fitToBudget((scale) => {
    const clip = clipper(scale);
    const number = String(runbook.series.number).padStart(2, '0');
    return expand('summary', {
      title: `Incident summary · ${clip(incident.id, 60)}`,
      facts: [
        { title: 'Incident', value: clip(incident.id, 60) },
        { title: 'Severity', value: severityLabel(clip, incident.severity) },
        { title: 'Opened', value: formatTime(incident.openedAt) },
        { title: 'Closed', value: incident.closedAt ? formatTime(incident.closedAt) : 'not closed yet' },
        { title: 'Runbook', value: `${clip(runbook.title, 200)} (${clip(runbook.series.name, 120)} ${number})` },
      ],
      fields: runbook.summary.map((f) => ({ label: clip(f.label, 80), text: clip(incident.summary.fields[f.id] || '(not given)', 1500) })),
    });
  });
}
