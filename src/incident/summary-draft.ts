import type { Runbook } from '../runbook/schema';
import { toUtc, wallClockIn } from './local-time';
import { unknownCodeMeaning } from './ndr';
import { validationItems } from './progress';
import type { Incident } from './types';

// Drafts the customer-facing summary from what the incident recorded; staff edit it before posting.

/**
 * "on 2026-11-24 from 08:30 until 12:45 Europe/Berlin": start to end in one zone (the reporter's, else UTC).
 * An end not after the start (a mis-typed start) is never claimed: then only "since <start>".
 */
export function timeRange(start: Date, end: Date, timeZone = 'UTC'): string {
  const from = wallClockIn(start, timeZone);
  const until = wallClockIn(end, timeZone);
  if (end.getTime() <= start.getTime()) return `since ${from.date} ${from.time} ${from.zone}`;
  if (from.date === until.date) return `on ${from.date} from ${from.time} until ${until.time} ${from.zone}`;
  return `from ${from.date} ${from.time} until ${until.date} ${until.time} ${from.zone}`;
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
  const zone = incident.intake.timeZone ?? 'UTC';
  const reported = incident.intake.startedAt ? toUtc(incident.intake.startedAt, zone) : undefined;
  const range = timeRange(reported ?? new Date(incident.openedAt), new Date(nowIso), zone);
  const done = runbook.remediation.filter((a) => incident.actions[a.id]?.status === 'done');
  const validated = validationItems(runbook).filter((v) => incident.validation[v.id]?.done);
  // Only codes with a known meaning: the analysis's "not in the table" note is for staff, not customers.
  const meanings = [...new Set((incident.finding?.ndr?.codes ?? []).filter((c) => c.meaning !== unknownCodeMeaning).map((c) => withoutStop(c.meaning)))];

  const draft: Record<string, string> = {
    whatHappened: `Users were affected by a problem handled under our "${runbook.title}" procedure.${
      finding ? ` Investigation found: ${inSentence(withoutStop(finding.finding))}.` : ''
    }`,
    impact: `${scope ?? 'Affected users'}${incident.intake.affectedUsers ? ` (${incident.intake.affectedUsers})` : ''}, ${range}.`,
    rootCause: finding ? rootCause(finding, meanings) : '',
    // What was done, with each change's before/after note; the not-applicable checks are staff bookkeeping, not a resolution.
    resolution: [
      done.length
        ? `Applied: ${done.map((a) => `${withoutStop(a.text)}${noteOf(incident.actions[a.id]?.note)}`).join('; ')}.`
        : (incident.noRemediationReason ?? ''),
      validated.length ? `Validated: ${validated.map((v) => withoutStop(v.text)).join('; ')}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
    prevention: '',
  };
  return Object.fromEntries(runbook.summary.map((f) => [f.id, draft[f.id] ?? '']));
}

/** A sentence from the decision: what the codes of the NDR mean, else the finding the investigation settled on. */
function rootCause(finding: Runbook['decisions'][number], meanings: string[]): string {
  if (finding.ndr) {
    const why = meanings.map(inSentence).join('; ');
    return `Messages were rejected with a non-delivery report${why ? `: ${why}` : ''}.`;
  }
  return `The investigation identified the cause: ${inSentence(withoutStop(finding.finding))}.`;
}

/** " (rule X: enabled -> disabled)": the done note on one line, or nothing. */
function noteOf(note: string | undefined): string {
  const line = note?.replace(/\s+/g, ' ').trim();
  return line ? ` (${withoutStop(line)})` : '';
}
