import type { TickList } from '../incident/commands';
import type { Tick } from '../incident/types';
import type { ListItem } from '../runbook/schema';
import { execute } from './actions';
import { byAt } from './format';
import type { ViewContext } from './view-context';
import { verbs } from './verbs';

// A checklist with a Done / Undo button per item (item.tick), as the triage, investigation and validation views show it.

/** The items with their state and button, and "n of m done". */
export function tickListView({ incident, clip }: ViewContext, list: TickList, items: ListItem[], ticks: Record<string, Tick>) {
  const rows = items.map((item) => {
    const tick = ticks[item.id];
    const done = tick?.done === true;
    return {
      mark: done ? '☑' : '☐',
      text: clip(item.text, 300),
      hasStatus: tick !== undefined,
      status: tick ? `${done ? 'Done' : 'Reopened'} by ${byAt(clip, tick.by, tick.at)}${tick.note ? `: ${clip(tick.note, 200)}` : ''}` : '',
      action: {
        title: done ? 'Undo' : 'Done',
        ...execute(incident, verbs.tick, `${list}:${item.id}:${done ? 'undo' : 'done'}`, { list, itemId: item.id, done: !done }),
      },
    };
  });
  const doneCount = rows.filter((r) => r.mark === '☑').length;
  return { items: rows, progress: `${doneCount} of ${rows.length} done`, complete: doneCount === rows.length };
}
