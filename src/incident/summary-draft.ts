import type { Runbook } from '../runbook/schema';
import { validationItems } from './progress';
import type { Incident } from './types';

// Drafts the customer-facing summary from what the incident recorded; staff edit it before posting.

function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function choiceTitle(runbook: Runbook, fieldId: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const field = runbook.intake.find((f) => f.id === fieldId);
  return field?.choices?.find((c) => c.value === value)?.title ?? value;
}

/** Field id -> drafted text; fields the record cannot answer (prevention) stay empty for staff to write. */
export function draftSummary(runbook: Runbook, incident: Incident, nowIso: string): Record<string, string> {
  const finding = runbook.decisions.find((d) => d.id === incident.finding?.findingId);
  const scope = choiceTitle(runbook, 'scope', incident.intake.scope);
  const started = incident.intake.startedAt
    ? `${incident.intake.startedAt.replace('T', ' ')} ${incident.intake.timeZone ?? ''}`.trim()
    : formatUtc(incident.openedAt);
  const done = runbook.remediation.filter((a) => incident.actions[a.id]?.status === 'done');
  const validated = validationItems(runbook).filter((v) => incident.validation[v.id]?.done);
  const codes = incident.finding?.ndr?.codes ?? [];

  const draft: Record<string, string> = {
    whatHappened: `Users were affected by a problem handled under our "${runbook.title}" procedure.${
      finding ? ` Investigation found: ${finding.finding.toLowerCase()}.` : ''
    }`,
    impact: `${scope ?? 'Affected users'}${incident.intake.affectedUsers ? ` (${incident.intake.affectedUsers})` : ''}, from ${started} until ${formatUtc(nowIso)}.`,
    rootCause: finding
      ? `${finding.finding}${codes.length ? `: ${codes.map((c) => c.meaning).join('; ')}` : ''}.`
      : '',
    resolution: [
      done.length ? `Applied: ${done.map((a) => a.text.replace(/\.$/, '')).join('; ')}.` : incident.noRemediationReason ?? '',
      validated.length ? `Validated: ${validated.map((v) => v.text.replace(/\.$/, '')).join('; ')}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
    prevention: '',
  };
  return Object.fromEntries(runbook.summary.map((f) => [f.id, draft[f.id] ?? '']));
}
