import { isOpen } from '../incident/progress';
import type { Incident, Phase } from '../incident/types';
import type { Runbook } from '../runbook/schema';
import { budgetSteps, fitFirst } from './card-size';
import { decisionView } from './decision-view';
import { diagnosticsView } from './diagnostics-view';
import { cancelledView, closedView } from './ended-views';
import { clipper } from './escape';
import { evidenceView } from './evidence-view';
import { withDeliveryNotice } from './delivery-notice';
import { footerView, headerView } from './incident-frame';
import { intakeView } from './intake-view';
import { investigationView } from './investigation-view';
import { remediationView } from './remediation-view';
import { runbookNotesView } from './runbook-notes-view';
import { summaryEditorView } from './summary-editor-view';
import { compose, expand, type TemplateName } from './templates';
import { timelineView } from './timeline-view';
import { triageView } from './triage-view';
import type { AdaptiveCard, Notice } from './types';
import { validationView } from './validation-view';
import type { ViewContext } from './view-context';

// The incident card: the shared header, the view for the incident's phase, and the footer actions.

const views: Record<Phase, { template: TemplateName; build: (ctx: ViewContext) => object }> = {
  intake: { template: 'intake', build: intakeView },
  triage: { template: 'triage', build: triageView },
  decision: { template: 'decision', build: decisionView },
  investigation: { template: 'investigation', build: investigationView },
  remediation: { template: 'remediation', build: remediationView },
  validation: { template: 'validation', build: validationView },
  evidence: { template: 'evidence', build: evidenceView },
  summary: { template: 'summary-editor', build: summaryEditorView },
  closed: { template: 'closed', build: closedView },
  cancelled: { template: 'cancelled', build: cancelledView },
};

/** Phases whose card shows the live checks (message trace, service health, DNS) on top. */
const withLiveChecks: ReadonlySet<Phase> = new Set<Phase>(['triage', 'decision']);

/** Pure: the card for the incident as it stands, with an optional notice (e.g. why a click was refused) on top. */
export function renderIncidentCard(incident: Incident, runbook: Runbook, now: Date, notice?: Notice, form?: 'intake'): AdaptiveCard {
  const correcting = form === 'intake' && incident.phase !== 'intake';
  const { template, build } = correcting ? { template: 'intake' as TemplateName, build: (ctx: ViewContext) => intakeView(ctx, true) } : views[incident.phase];
  // The latest-activity timeline gives way before any text is cut: 10 entries, then 3, then none.
  return fitFirst(budgetSteps([10, 3, 0]), ({ scale, extras: timelineEntries }) => {
    const ctx: ViewContext = { incident, runbook, now, clip: clipper(scale), scale };
    const view = build(ctx);
    const parts = [expand('header', headerView(incident, runbook, now, ctx.clip, withDeliveryNotice(incident, notice)))];
    if (incident.diagnostics && withLiveChecks.has(incident.phase)) parts.push(expand('diagnostics', diagnosticsView(ctx)));
    parts.push(expand(template, view));
    const notes = runbookNotesView(ctx);
    if (notes) parts.push(expand('runbook-notes', notes));
    // The intake form stays short: its only entry would be "opened the incident".
    if (incident.phase !== 'intake' && !correcting) parts.push(expand('timeline', timelineView(ctx, timelineEntries)));
    if (isOpen(incident)) {
      const hasRequiredInputs = 'hasRequiredInputs' in view && view.hasRequiredInputs === true;
      parts.push(expand('footer', footerView(incident, hasRequiredInputs && !correcting)));
    }
    return compose(...parts);
  });
}
