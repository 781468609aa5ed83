import type { IntakeField, Runbook } from '../runbook/schema';
import type { Severity } from './types';

/**
 * Grades severity from intake answers by the runbook's guide: the first level with a matching condition wins, its
 * reasons the answers that matched. The fallback names what was chosen and the fallback's own criterion.
 */
export function gradeSeverity(runbook: Runbook, intake: Record<string, string>): Severity {
  const fields = new Map(runbook.intake.map((f) => [f.id, f]));
  for (const level of runbook.severity.levels) {
    const reasons = level.when
      .filter((c) => intake[c.field] !== undefined && c.in.includes(intake[c.field]))
      .map((c) => answerInWords(fields.get(c.field), c.field, intake[c.field]));
    if (reasons.length > 0) return { id: level.id, label: level.label, reasons: [...new Set(reasons)] };
  }
  // What the person chose among the answers the guide grades by (a choice such as "Several users"), then why that is below.
  const graded = [...new Set(runbook.severity.levels.flatMap((l) => l.when.map((c) => c.field)))];
  const chosen = graded
    .map((id) => fields.get(id))
    .filter((f): f is IntakeField => f?.type === 'choice' && intake[f.id] !== undefined)
    .map((f) => answerInWords(f, f.id, intake[f.id]));
  const { id, label, criteria } = runbook.severity.fallback;
  return { id, label, reasons: [...chosen, inSentence(criteria)] };
}

/** True when the runbook says this severity level escalates at once. */
export function severityEscalates(runbook: Runbook, severityId: string): boolean {
  return runbook.severity.levels.some((l) => l.id === severityId && l.escalate);
}

/** "Sev 2 — affected scope: a department or location; …": the level and its reasons as one line. */
export function severityInWords(severity: Severity, reasons: readonly string[] = severity.reasons): string {
  return reasons.length ? `${severity.label} — ${reasons.join('; ')}` : severity.label;
}

/**
 * An answer as a reason: "affected scope: a department or location" (a choice), "Is regulated data blocked? Yes"
 * (a yes/no question), "a department … is impaired" (a yes/no statement answered yes), else "label: value".
 */
export function answerInWords(field: IntakeField | undefined, fieldId: string, value: string): string {
  if (!field) return `${fieldId}: ${value}`;
  const label = field.label.trim();
  if (field.type === 'yes-no') {
    if (label.endsWith('?')) return `${label} ${value === 'yes' ? 'Yes' : 'No'}`;
    return value === 'yes' ? inSentence(label.replace(/[.\s]+$/, '')) : `${label}: ${value}`;
  }
  const shown = field.choices?.find((c) => c.value === value)?.title ?? value;
  return field.type === 'choice' ? `${inSentence(label)}: ${inSentence(shown)}` : `${label}: ${shown}`;
}

/** "Tenant-wide" -> "tenant-wide" inside a sentence; an acronym ("NDR", "VIP mailbox") keeps its capitals. */
function inSentence(text: string): string {
  return /^[A-Z][A-Z0-9]/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}
