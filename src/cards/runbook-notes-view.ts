import type { Phase } from '../incident/types';
import type { ExtraSection } from '../runbook/schema';
import type { ViewContext } from './view-context';

// The runbook's own extra sections (Rollback, Escalation contacts, Known issues) on the card of the phase they belong to.

const phasesOf: Record<ExtraSection['phase'], Phase[]> = {
  intake: ['intake'],
  triage: ['triage'],
  decision: ['decision', 'investigation'],
  remediation: ['remediation'],
  validation: ['validation'],
  evidence: ['evidence'],
  summary: ['summary'],
};

/** Pure: the sections to show for the incident's phase, or undefined when there are none. */
export function runbookNotesView({ incident, runbook, clip }: ViewContext) {
  const sections = runbook.sections.filter((s) => phasesOf[s.phase].includes(incident.phase));
  if (sections.length === 0) return undefined;
  return {
    sections: sections.map((s) => ({
      title: clip(s.title, 120),
      lines: s.lines.map((line) => (typeof line === 'string' ? { text: clip(line, 1200), code: false } : { text: clip(line.code, 1500), code: true })),
    })),
  };
}
