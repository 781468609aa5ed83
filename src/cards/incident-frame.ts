import { formatElapsed, isOpen, stepOf } from '../incident/progress';
import { phaseName } from '../incident/rejections';
import type { Incident } from '../incident/types';
import type { Runbook } from '../runbook/schema';
import { execute } from './actions';
import type { Clip } from './escape';
import { severityLabel } from './format';
import type { Notice } from './types';
import { verbs } from './verbs';

// The frame around every incident view: the header (where the incident stands) and the footer actions.

const noticeStyles: Record<Notice['tone'], string> = { attention: 'attention', good: 'good', default: 'emphasis' };

/** The optional notice as the header template binds it; the text is escaped. */
export function noticeView(clip: Clip, notice: Notice | undefined) {
  return {
    shown: notice !== undefined && notice.text.trim() !== '',
    text: clip(notice?.text, 1000),
    color: notice?.tone ?? 'default',
    style: noticeStyles[notice?.tone ?? 'default'],
  };
}

/** Title, phase, step n of m, severity, time open and owner. */
export function headerView(incident: Incident, runbook: Runbook, now: Date, clip: Clip, notice?: Notice) {
  const { step, of } = stepOf(incident.phase);
  const ended = incident.closedAt ?? incident.cancelled?.at;
  const cancelled = incident.phase === 'cancelled';
  // "Cancelled · by Sam Staff · Sev 3 · after 12 min": the phase says cancelled once; a cancelled incident has no step.
  const elapsed = ended
    ? `${cancelled ? '' : 'closed '}after ${formatElapsed(incident.openedAt, new Date(ended))}`
    : `open ${formatElapsed(incident.openedAt, now)}`;
  return {
    notice: noticeView(clip, notice),
    title: `${clip(incident.id, 60)} · ${clip(runbook.title, 200)}`,
    phase: capitalise(phaseName(incident.phase)),
    step: cancelled ? `by ${clip(incident.cancelled?.by.name ?? 'someone', 80)}` : `Step ${step} of ${of}`,
    severity: severityLabel(clip, incident.severity),
    elapsed,
    owner: clip(incident.owner.name, 80),
    escalation: { shown: incident.escalated !== undefined, text: clip(incident.escalated?.reason, 300) },
  };
}

/** Refresh, Escalate (until escalated) and Cancel; none on a closed or cancelled incident. */
export function footerView(incident: Incident, hasRequiredInputs = false) {
  return {
    shown: isOpen(incident),
    refresh: execute(incident, verbs.show),
    canEscalate: incident.escalated === undefined,
    escalate: execute(incident, verbs.escalate),
    cancel: execute(incident, verbs.cancel),
    hasRequiredInputs,
    cancelByMistake: execute(incident, verbs.cancel, 'by-mistake', { cancelReason: 'Opened by mistake' }),
    // Intake answers change only as an explicit correction, and not under a pending approval (decide() refuses it too).
    correctable: isOpen(incident) && incident.phase !== 'intake' && incident.phase !== 'summary' && !incident.approvals.some((a) => a.status === 'pending'),
    editIntake: execute(incident, verbs.editIntake),
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
