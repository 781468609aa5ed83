import { branchItems } from '../incident/progress';
import { execute } from './actions';
import { andMore, byAt } from './format';
import { tickListView } from './tick-list';
import { listLength, type ViewContext } from './view-context';
import { verbs } from './verbs';

// Investigation: the chosen finding's branch steps, the NDR analysis and the remediation it points at.

export function investigationView(ctx: ViewContext) {
  const { incident, runbook, clip } = ctx;
  const ndrRowsShown = listLength(ctx, 10, 3);
  const finding = runbook.decisions.find((d) => d.id === incident.finding?.findingId);
  const ndr = incident.finding?.ndr;
  const suggested = suggestedActionIds(ctx);
  return {
    finding: clip(finding?.finding ?? incident.finding?.findingId ?? 'No finding chosen', 200),
    next: clip(finding?.next, 400),
    chosenBy: incident.finding ? `Chosen by ${byAt(clip, incident.finding.by, incident.finding.at)}` : '',
    steps: tickListView(ctx, 'branch', branchItems(runbook, incident), incident.branchSteps),
    ndr: {
      shown: ndr !== undefined,
      hasCodes: (ndr?.codes.length ?? 0) > 0,
      rows: (ndr?.codes ?? []).slice(0, ndrRowsShown).map((c) => ({
        code: clip(c.code, 20),
        meaning: clip(c.meaning, 200),
        category: clip(c.category, 20),
        fix: clip(c.fix, 200),
      })),
      more: andMore(ndr?.codes.length ?? 0, ndrRowsShown),
      source: clip(ndr?.source, 300),
    },
    suggestions: runbook.remediation.filter((a) => suggested.includes(a.id)).map((a) => ({ text: `• ${clip(a.text, 300)}` })),
    hasSuggestions: suggested.length > 0,
    proceed: execute(incident, verbs.continue, 'remediation'),
  };
}

/** Remediation the finding points at: the NDR analysis' suggestions first, then the branch's own actions. */
export function suggestedActionIds({ incident, runbook }: Pick<ViewContext, 'incident' | 'runbook'>): string[] {
  const finding = runbook.decisions.find((d) => d.id === incident.finding?.findingId);
  return [...new Set([...(incident.finding?.ndr?.suggestedActions ?? []), ...(finding?.branch.actions ?? [])])];
}
