import type { Runbook } from '../runbook/schema';
import { unknownCodeMeaning } from './ndr';
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

/** "Failed with NDR" -> "failed with NDR": lower-cases the first letter unless the first word is an acronym. */
function inSentence(text: string): string {
  return /^[A-Z][A-Z0-9]/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

const withoutStop = (text: string) => text.replace(/[.\s]+$/, '');


/** Field id -> drafted text; fields the record cannot answer (prevention) stay empty for staff to write. */
export function draftSummary(runbook: Runbook, incident: Incident, nowIso: string): Record<string, string> {
  const finding = runbook.decisions.find((d) => d.id === incident.finding?.findingId);
  const scope = choiceTitle(runbook, 'scope', incident.intake.scope);
  const started = incident.intake.startedAt
    ? `${incident.intake.startedAt.replace('T', ' ')} ${incident.intake.timeZone ?? ''}`.trim()
    : formatUtc(incident.openedAt);
  const done = runbook.remediation.filter((a) => incident.actions[a.id]?.status === 'done');
  const validated = validationItems(runbook).filter((v) => incident.validation[v.id]?.done);
  // Said as such: a check that did not apply is not claimed as validated.
  const notApplicable = validationItems(runbook).filter((v) => incident.validation[v.id]?.notApplicable);
  // Only codes with a known meaning: the analysis's "not in the table" note is for staff, not customers.
  const meanings = [
    ...new Set((incident.finding?.ndr?.codes ?? []).filter((c) => c.meaning !== unknownCodeMeaning).map((c) => withoutStop(c.meaning))),
  ];

  const draft: Record<string, string> = {
    whatHappened: `Users were affected by a problem handled under our "${runbook.title}" procedure.${
      finding ? ` Investigation found: ${inSentence(withoutStop(finding.finding))}.` : ''
    }`,
    impact: `${scope ?? 'Affected users'}${incident.intake.affectedUsers ? ` (${incident.intake.affectedUsers})` : ''}, from ${started} until ${formatUtc(nowIso)}.`,
    rootCause: finding
      ? `${withoutStop(finding.finding)}${meanings.length ? `: ${meanings.join('; ')}` : ''}.`
      : '',
    resolution: [
      done.length ? `Applied: ${done.map((a) => a.text.replace(/\.$/, '')).join('; ')}.` : incident.noRemediationReason ?? '',
      validated.length ? `Validated: ${validated.map((v) => v.text.replace(/\.$/, '')).join('; ')}.` : '',
      // Items only: the reasons are staff notes (they may name hosts or people) and stay in the record and pack.
      notApplicable.length ? `Not applicable: ${notApplicable.map((v) => v.text.replace(/\.$/, '')).join('; ')}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
    prevention: '',
  };
  return Object.fromEntries(runbook.summary.map((f) => [f.id, draft[f.id] ?? '']));
}
