import { severityInWords } from '../incident/severity';
import type { Actor, Severity } from '../incident/types';
import type { Clip } from './escape';

// Words and times as cards show them.

/** "2026-11-24 09:30 UTC" from an ISO timestamp. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "Ada Lovelace at 2026-11-24 09:30 UTC", the name escaped. */
export function byAt(clip: Clip, actor: Actor, iso: string): string {
  return `${clip(actor.name, 80)} at ${formatTime(iso)}`;
}

/** "Sev 2", or words saying it is not graded yet. */
export function severityLabel(clip: Clip, severity: Severity | undefined): string {
  return severity ? clip(severity.label, 40) : 'Severity not graded yet';
}

/** "Sev 2 — affected scope: a department or location; ..." with the reasons escaped. */
export function severityWithReasons(clip: Clip, severity: Severity | undefined): string {
  if (!severity) return 'Severity not graded yet';
  const reasons = severity.reasons.slice(0, 5).map((r) => clip(r, 200));
  return severityInWords({ ...severity, label: clip(severity.label, 40) }, reasons);
}

/** "and 3 more" for a list cut to its last entries, or "" when nothing was left out. */
export function andMore(total: number, shown: number): string {
  return total > shown ? `and ${total - shown} more` : '';
}
