import type { TickList } from '../incident/commands';
import { alwaysApplies, branchItems, isSettled, validationItems } from '../incident/progress';
import type { Tick } from '../incident/types';
import type { ListItem } from '../runbook/schema';
import { execute } from './actions';
import { byAt } from './format';
import type { ViewContext } from './view-context';
import { verbs } from './verbs';

// A checklist as the triage, investigation and validation views show it (item.tick): per item Done / Undo, and N/A
// on open items, which submits the list's one shared "Reason (for N/A)" input (naReason).

/** The items with their state and buttons, "n of m done" (and how many n/a), and whether the reason box is shown. */
export function tickListView({ incident, clip }: ViewContext, list: TickList, items: ListItem[], ticks: Record<string, Tick>) {
  const rows = items.map((item) => {
    const tick = ticks[item.id];
    const done = tick?.done === true;
    const notApplicable = tick?.notApplicable === true;
    const settled = isSettled(tick);
    return {
      mark: done ? '☑' : notApplicable ? '➖' : '☐',
      text: clip(item.text, 300),
      hasStatus: tick !== undefined,
      status: tick ? tickStatus(clip, tick) : '',
      action: {
        title: settled ? 'Undo' : 'Done',
        ...execute(incident, verbs.tick, `${list}:${item.id}:${settled ? 'undo' : 'done'}`, { list, itemId: item.id, done: !settled }),
      },
      // The runbook's same-path rule always applies (the engine refuses N/A on it).
      hasNa: !settled && !alwaysApplies(list, item.id),
      na: { title: 'N/A', ...execute(incident, verbs.tick, `${list}:${item.id}:na`, { list, itemId: item.id, done: false, notApplicable: true }) },
    };
  });
  const doneCount = items.filter((i) => ticks[i.id]?.done === true).length;
  const naCount = items.filter((i) => ticks[i.id]?.notApplicable === true).length;
  return {
    items: rows,
    progress: `${doneCount} of ${rows.length} done${naCount ? `, ${naCount} n/a` : ''}`,
    complete: doneCount + naCount === rows.length,
    hasOpen: doneCount + naCount < rows.length,
  };
}

function tickStatus(clip: ViewContext['clip'], tick: Tick): string {
  if (tick.notApplicable) return `➖ n/a: ${clip(tick.note, 200)} · ${byAt(clip, tick.by, tick.at)}`;
  return `${tick.done ? 'Done' : 'Reopened'} by ${byAt(clip, tick.by, tick.at)}${tick.note ? `: ${clip(tick.note, 200)}` : ''}`;
}

/** Every item marked not applicable, list by list, as "➖ item — n/a: reason" lines (for the closed card). */
export function notApplicableLines({ incident, runbook, clip }: Pick<ViewContext, 'incident' | 'runbook' | 'clip'>): { text: string }[] {
  const lists: [ListItem[], Record<string, Tick>][] = [
    [runbook.firstFifteen, incident.checklist],
    [branchItems(runbook, incident), incident.branchSteps],
    [validationItems(runbook), incident.validation],
  ];
  return lists.flatMap(([items, ticks]) =>
    items.filter((i) => ticks[i.id]?.notApplicable).map((i) => ({ text: `➖ ${clip(i.text, 200)} — n/a: ${clip(ticks[i.id].note, 200)}` })),
  );
}
