import type { Incident } from '../incident/types';
import { execute } from './actions';
import { byAt, formatTime } from './format';
import { notApplicableLines } from './tick-list';
import type { ViewContext } from './view-context';
import { verbs } from './verbs';

// The ends of an incident: closed (the summary, where it went, what was marked not applicable) and cancelled (why, who, when).

export function closedView(ctx: ViewContext) {
  const { incident, runbook, clip } = ctx;
  const post = incident.summary.post;
  const notApplicable = notApplicableLines(ctx);
  return {
    range: `Opened ${formatTime(incident.openedAt)} · closed ${incident.closedAt ? formatTime(incident.closedAt) : 'now'}`,
    fields: runbook.summary.map((f) => ({ label: clip(f.label, 80), text: clip(incident.summary.fields[f.id] || '(empty)', 600) })),
    post: {
      text: !post
        ? "Posting the summary to the leads' channel…"
        : post.status === 'posted'
          ? `Summary posted${post.where ? ` to ${clip(post.where, 200)}` : ''} at ${formatTime(post.at)}.`
          : `Could not post the summary (${formatTime(post.at)}): ${clip(post.error ?? 'unknown error', 400)}`,
      color: !post ? 'default' : post.status === 'posted' ? 'good' : 'attention',
      failed: post?.status === 'failed',
    },
    notApplicable,
    hasNotApplicable: notApplicable.length > 0,
    retry: execute(incident, verbs.retryPost),
    exportPack: execute(incident, verbs.exportPack),
    counts: timelineCounts(incident),
  };
}

export function cancelledView({ incident, clip }: ViewContext) {
  const cancelled = incident.cancelled;
  return {
    by: cancelled ? `Cancelled by ${byAt(clip, cancelled.by, cancelled.at)}` : 'Cancelled',
    reason: clip(cancelled?.reason ?? '', 500),
    exportPack: execute(incident, verbs.exportPack),
    counts: timelineCounts(incident),
  };
}

/** What the incident recorded, as facts. */
function timelineCounts(incident: Incident) {
  return [
    { title: 'Evidence entries', value: String(incident.evidence.length) },
    { title: 'Command results', value: String(incident.commandResults.length) },
    { title: 'Approvals', value: String(incident.approvals.length) },
    { title: 'Notes', value: String(incident.notes.length) },
    { title: 'Audit log entries', value: String(incident.audit.length) },
  ];
}
