import type { Runbook } from '../runbook/schema';
import type { Severity } from './types';

/** Grades severity from intake answers by the runbook's guide: the first level with a matching condition wins. */
export function gradeSeverity(runbook: Runbook, intake: Record<string, string>): Severity {
  const fields = new Map(runbook.intake.map((f) => [f.id, f]));
  for (const level of runbook.severity.levels) {
    const reasons = level.when
      .filter((c) => intake[c.field] !== undefined && c.in.includes(intake[c.field]))
      .map((c) => {
        const field = fields.get(c.field);
        const value = intake[c.field];
        const shown = field?.choices?.find((ch) => ch.value === value)?.title ?? value;
        return `${field?.label ?? c.field}: ${shown}`;
      });
    if (reasons.length > 0) return { id: level.id, label: level.label, reasons };
  }
  const { id, label, criteria } = runbook.severity.fallback;
  return { id, label, reasons: [criteria] };
}

/** True when the runbook says this severity level escalates at once. */
export function severityEscalates(runbook: Runbook, severityId: string): boolean {
  return runbook.severity.levels.some((l) => l.id === severityId && l.escalate);
}
