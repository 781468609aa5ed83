import { limits } from '../incident/handlers/change';
import { execute } from './actions';
import type { ViewContext } from './view-context';
import { verbs } from './verbs';

// Decision: pick what the message trace (or first checks) showed; NDR findings read the pasted NDR text.

export function decisionView({ incident, runbook, clip }: ViewContext) {
  const ndrFindings = runbook.decisions.filter((d) => d.ndr).map((d) => d.finding);
  const suggested = incident.diagnostics?.trace?.findingId;
  return {
    symptoms: runbook.symptoms.map((s) => ({ text: `• ${clip(s, 300)}` })),
    findings: runbook.decisions.map((d) => ({
      finding: clip(d.finding, 200),
      next: clip(d.next, 400),
      choose: {
        title: d.id === suggested ? 'Confirm (suggested by the trace)' : 'Choose',
        ...execute(incident, verbs.chooseFinding, d.id, { findingId: d.id }),
      },
    })),
    hasNdr: ndrFindings.length > 0,
    ndrLabel: `NDR code or exact error text (needed for: ${ndrFindings.join(', ')})`,
    ndrText: incident.intake.ndrText ?? '',
    ndrMax: limits.evidence,
  };
}
