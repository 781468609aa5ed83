import { diagnosticsRunning } from '../incident/handlers/diagnostics';
import type { DiagnosticTone } from '../incident/types';
import { execute } from './actions';
import { formatTime } from './format';
import { listLength, type ViewContext } from './view-context';
import { verbs } from './verbs';

// Live checks (message trace, service health, DNS) on the triage and decision cards: "checking...", then the answers.

const colors: Record<DiagnosticTone, string> = { good: 'good', warning: 'warning', attention: 'attention', default: 'default' };

/** Shown when the incident has a check round; Check again while triage or decision runs and no round is in flight. */
export function diagnosticsView(ctx: ViewContext) {
  const { incident, runbook, clip, now } = ctx;
  const d = incident.diagnostics;
  const suggestion = runbook.decisions.find((f) => f.id === d?.trace?.findingId);
  const running = diagnosticsRunning(incident, now);
  // A round exists only where the installation could run checks; the server refuses if that has changed since.
  const canRecheck = d !== undefined && !running && (incident.phase === 'triage' || incident.phase === 'decision');
  return {
    shown: d !== undefined,
    status: statusLine(ctx, running),
    // When the card must shrink: fewer items, then no detail lines (the evidence keeps them all).
    items: (d?.status === 'done' ? d.items : []).slice(0, listLength(ctx, 12, 2)).map((item) => ({
      title: clip(item.title, 120),
      summary: clip(item.summary, 400),
      color: colors[item.tone],
      lines: item.lines.slice(0, ctx.scale < 0.5 ? 0 : listLength(ctx, 8, 1)).map((l) => ({ text: `• ${clip(l.text, 300)}`, color: colors[l.tone] })),
    })),
    hasSuggestion: suggestion !== undefined && incident.phase === 'decision',
    suggestion: suggestion
      ? `The message trace suggests: ${clip(suggestion.finding, 200)} (${clip(d?.trace?.status, 40)}). Confirm it or choose another finding.`
      : '',
    canRecheck,
    recheck: execute(incident, verbs.runDiagnostics),
  };
}

function statusLine({ incident }: ViewContext, running: boolean) {
  const d = incident.diagnostics;
  if (!d) return { text: '', color: 'default' };
  if (running) return { text: `Checking ${inWords(d.planned ?? ['the live lookups'])}... this card updates when they answer.`, color: 'default' };
  if (d.status === 'checking')
    return { text: 'The checks did not answer (the bot may have restarted). Use Check again, or run the commands by hand.', color: 'warning' };
  const unavailable = d.items.filter((i) => !i.ok).length;
  const when = `Checked at ${formatTime(d.completedAt ?? d.requestedAt)}`;
  return unavailable ? { text: `${when}; ${unavailable} not available, go on by hand for those.`, color: 'warning' } : { text: `${when}.`, color: 'default' };
}

/** "a", "a and b", "a, b and c". */
function inWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
