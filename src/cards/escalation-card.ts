import { formatElapsed } from '../incident/progress';
import { phaseName } from '../incident/rejections';
import type { Incident } from '../incident/types';
import type { Runbook } from '../runbook/schema';
import { fitToBudget } from './card-size';
import { clipper } from './escape';
import { byAt, severityLabel } from './format';
import { expand } from './templates';
import type { AdaptiveCard } from './types';

// The escalation card for the leads' channel: a Sev 1 (or escalated) incident, who opened it and who is affected.

/** Pure: the card posted when an incident escalates; `reason` is why (severity reasons or the person's words). */
export function renderEscalationCard(incident: Incident, runbook: Runbook, reason: string, now: Date): AdaptiveCard {
  return fitToBudget((scale) => {
    const clip = clipper(scale);
    const scopeField = runbook.intake.find((f) => f.id === 'scope');
    const scope = incident.intake.scope;
    const scopeTitle = scopeField?.choices?.find((c) => c.value === scope)?.title ?? scope;
    return expand('escalation', {
      title: `Escalation · ${clip(incident.id, 60)} · ${severityLabel(clip, incident.severity)}`,
      runbook: clip(runbook.title, 200),
      reason: clip(reason, 500),
      // Only what "Why" does not already say: the severity's own reasons are usually the reason itself.
      reasons: (incident.severity?.reasons ?? [])
        .filter((r) => !reason.includes(r))
        .slice(0, 5)
        .map((r) => ({ text: `• ${clip(r, 200)}` })),
      facts: [
        { title: 'Opened by', value: byAt(clip, incident.openedBy, incident.openedAt) },
        { title: 'Owner', value: clip(incident.owner.name, 80) },
        { title: 'Open for', value: formatElapsed(incident.openedAt, now) },
        { title: 'Phase', value: phaseName(incident.phase) },
        { title: 'Affected users', value: clip(incident.intake.affectedUsers || 'not given yet', 300) },
        { title: 'Scope', value: clip(scopeTitle || 'not given yet', 200) },
      ],
    });
  });
}
