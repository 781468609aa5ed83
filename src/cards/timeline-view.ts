import { auditKind } from '../incident/audit';
import type { AuditEntry } from '../incident/types';
import type { ViewContext } from './view-context';

// "Latest activity" on the incident card: the newest accepted changes (notes with their text), newest first.
// Times are Adaptive Cards' {{TIME()}} / {{DATE()}} functions, so each reader sees their own local time.

/** Shown at once; the rest of the recent entries sit behind "Earlier activity" (Action.ToggleVisibility). */
const shownAtOnce = 3;

export interface TimelineLine {
  when: string;
  text: string;
}

/** `recent`: how many of the newest entries the card has room for (0 hides the timeline). */
export function timelineView(ctx: ViewContext, recent: number) {
  const changes = ctx.incident.audit.filter((e) => auditKind(e) === 'change');
  const newest = recent === 0 ? [] : changes.slice(-recent).reverse();
  const lines = newest.map((e) => line(ctx, e));
  return {
    shown: lines.length > 0,
    latest: lines.slice(0, shownAtOnce),
    earlier: lines.slice(shownAtOnce),
    hasEarlier: lines.length > shownAtOnce,
    earlierTitle: `Earlier activity (${lines.length - shownAtOnce})`,
    older: changes.length > recent && recent > 0 ? `${changes.length - recent} older entries: type "export" for the full timeline.` : '',
    hasOlder: changes.length > recent && recent > 0,
    // With no earlier entries on the card (no room for them) the line saying how many more there are shows at once.
    olderAlone: changes.length > lines.length && lines.length > 0 && lines.length <= shownAtOnce,
  };
}

/** Lines of a detail shown on the card (a multi-line note keeps its lines); more end in "…", all of them are on the export. */
const detailLines = 6;

function line(ctx: ViewContext, e: AuditEntry): TimelineLine {
  const lines = (e.detail ?? '').trim().split(/\r\n|[\r\n\u2028\u2029]/);
  const shown = lines.length > detailLines ? `${lines.slice(0, detailLines).join('\n')}…` : lines.join('\n');
  // clip escapes each line and joins lines with a paragraph break, so a TextBlock shows them as lines.
  const detail = shown ? `: ${ctx.clip(shown, 140)}` : '';
  return { when: cardTime(e.at, ctx.now), text: `${ctx.clip(e.actor.name, 60)} ${ctx.clip(e.what, 120)}${detail}` };
}

/** "{{TIME(…)}}" for today (UTC), "{{DATE(…, SHORT)}} {{TIME(…)}}" before; the functions take no fractional seconds. */
export function cardTime(iso: string, now: Date): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const plain = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const sameDay = plain.slice(0, 10) === now.toISOString().slice(0, 10);
  return sameDay ? `{{TIME(${plain})}}` : `{{DATE(${plain}, SHORT)}} {{TIME(${plain})}}`;
}
