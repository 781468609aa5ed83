import type { Runbook } from '../runbook/schema';
import { verifyAudit } from './audit';
import { branchItems, validationItems } from './progress';
import { isRefusal } from './refusals';
import { phaseName } from './rejections';
import type { Incident, Tick } from './types';
import { visibleText } from './visible-text';

// The evidence pack: one Markdown document with everything the incident recorded, to attach to a ticket. Pure.

/** People's and mail senders' text, shown literally: unsafe characters made visible, Markdown characters escaped (no links, no formatting), lines joined. */
const cell = (text: string) =>
  visibleText(text)
    .replace(/[\\`*_[\]()<>#~|!&]/g, '\\$&')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, '<br>');
const fence = (raw: string) => {
  const text = visibleText(raw);
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}\n${text}\n${ticks}`;
};

/** One row per item: "[x]" done, "[n/a]" not applicable with its reason, "[ ]" open; notes and reasons literal. */
function tickRows(items: { id: string; text: string }[], ticks: Record<string, Tick>): string[] {
  return items.map((i) => {
    const t = ticks[i.id];
    if (t?.notApplicable) return `- [n/a] ${i.text} — ${cell(t.note ?? '')} (${cell(t.by.name)}, ${t.at})`;
    return `- [${t?.done ? 'x' : ' '}] ${i.text}${t?.done ? ` — ${cell(t.by.name)}, ${t.at}` : ''}${t?.note ? ` (${cell(t.note)})` : ''}`;
  });
}

/** Markdown: timeline, intake, commands with results, decision, approvals, validation, evidence, summary, audit status. */
export function evidencePack(incident: Incident, runbook: Runbook): string {
  const audit = verifyAudit(incident.audit);
  const refused = incident.audit.filter(isRefusal).length;
  const finding = runbook.decisions.find((d) => d.id === incident.finding?.findingId);
  const lines: string[] = [
    `# ${incident.id}: ${runbook.title}`,
    '',
    `| | |`,
    `| --- | --- |`,
    `| Runbook | ${runbook.series.name} ${String(runbook.series.number).padStart(2, '0')}, revised ${incident.runbookRevised} |`,
    `| State | ${phaseName(incident.phase)} |`,
    `| Severity | ${incident.severity ? `${incident.severity.label} (${cell(incident.severity.reasons.join('; '))})` : 'not graded'} |`,
    `| Opened | ${incident.openedAt} by ${cell(incident.openedBy.name)} |`,
    `| Owner | ${cell(incident.owner.name)} |`,
    `| Closed | ${incident.closedAt ?? (incident.cancelled ? `cancelled ${incident.cancelled.at}: ${cell(incident.cancelled.reason)}` : 'open')} |`,
    `| Audit chain | ${audit.ok ? `verified (${audit.entries} entries)` : `BROKEN at entry ${audit.brokenAt}: ${audit.reason}`} |`,
    `| Refused requests | ${refused ? `${refused}, in the timeline as "refused: …" (they changed nothing; version ${incident.version} counts accepted changes)` : 'none'} |`,
    '',
    '## Intake',
    '',
    // A choice as the cards show it (the runbook's title, "A department or location"), not its stored value.
    ...runbook.intake
      .filter((f) => incident.intake[f.id])
      .map((f) => `- **${f.label}:** ${cell(f.choices?.find((c) => c.value === incident.intake[f.id])?.title ?? incident.intake[f.id])}`),
    '',
    '## First 15 minutes',
    '',
    ...tickRows(runbook.firstFifteen, incident.checklist),
    '',
    '## Commands and results',
    '',
    ...incident.commandResults.flatMap((r) => {
      const starter = runbook.commands.find((c) => c.id === r.starterId);
      return [`### ${starter?.title ?? r.starterId} — ${cell(r.by.name)}, ${r.at}`, '', fence(r.output), ''];
    }),
    '## Decision',
    '',
    finding ? `**${finding.finding}** — ${finding.next} (${cell(incident.finding?.by.name ?? '')}, ${incident.finding?.at})` : 'No finding chosen.',
    ...(incident.finding?.ndr ? ['', ...incident.finding.ndr.codes.map((c) => `- NDR ${c.code}: ${c.meaning} (${c.category}); fix: ${c.fix}`)] : []),
    ...(finding ? ['', '### Investigation steps', '', ...tickRows(branchItems(runbook, incident), incident.branchSteps)] : []),
    '',
    '## Remediation and approvals',
    '',
    ...runbook.remediation.map((a) => {
      const s = incident.actions[a.id];
      return `- ${a.text} — ${s?.status ?? 'open'}${s?.doneBy ? ` by ${cell(s.doneBy.name)} at ${s.doneAt}` : ''}${s?.note ? ` (${cell(s.note)})` : ''}`;
    }),
    ...(incident.noRemediationReason ? [`- No runbook action needed: ${cell(incident.noRemediationReason)}`] : []),
    '',
    ...incident.approvals.map(
      (a) =>
        `- Approval ${a.id} for "${a.actionId}": requested by ${cell(a.requestedBy.name)} at ${a.requestedAt} (${cell(a.reason)}); ${a.status}${a.decidedBy ? ` by ${cell(a.decidedBy.name)} at ${a.decidedAt}` : ''}${a.comment ? `: ${cell(a.comment)}` : ''}`,
    ),
    '',
    '## Validation',
    '',
    ...tickRows(validationItems(runbook), incident.validation),
    '',
    '## Evidence',
    '',
    ...incident.evidence.map(
      (e) => `- ${e.id} (${e.kind}, ${cell(e.by.name)}, ${e.at}): ${cell(e.text.slice(0, e.kind === 'lookup' ? 1500 : 500))}${e.url ? ` ${cell(e.url)}` : ''}`,
    ),
    '',
    '## Notes',
    '',
    ...incident.notes.map((n) => `- ${n.at} ${cell(n.by.name)}: ${cell(n.text)}`),
    '',
    '## Customer summary',
    '',
    ...runbook.summary.map((f) => `**${f.label}:** ${cell(incident.summary.fields[f.id] ?? '')}`),
    '',
    incident.summary.post
      ? `Posted: ${incident.summary.post.status}${incident.summary.post.where ? ` to ${incident.summary.post.where}` : ''} at ${incident.summary.post.at}`
      : 'Not posted.',
    '',
    '## Timeline (audit log)',
    '',
    // A refused person's display name is theirs to choose: their Entra id is printed too, so nobody passes as an approver.
    ...incident.audit.map(
      (e) =>
        `${e.seq}. ${e.at} — ${cell(e.actor.name)}${isRefusal(e) ? ` [${cell(e.actor.id)}]` : ''}: ${cell(e.what)}${e.detail ? ` (${cell(e.detail.slice(0, 200))})` : ''}`,
    ),
    '',
  ];
  return lines.join('\n');
}
