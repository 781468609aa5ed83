import type { Runbook } from '../runbook/schema';
import { fitToBudget } from './card-size';
import { clipper } from './escape';
import { noticeView } from './incident-frame';
import { expand } from './templates';
import type { AdaptiveCard, Notice } from './types';
import { actionKey, verbs } from './verbs';

// The runbook picker: one entry per runbook, each with a button that opens an incident under it.

/**
 * Pure: the picker card. `pickerId` names this card in the pick's idempotency key (e.g. the activity id it answers),
 * so a double click repeats a key while a new picker gives new ones.
 */
export function renderPickerCard(runbooks: Runbook[], notice?: Notice, pickerId = 'picker'): AdaptiveCard {
  return fitToBudget((scale) => {
    const clip = clipper(scale);
    return expand('picker', {
      notice: noticeView(clip, notice),
      hasRunbooks: runbooks.length > 0,
      runbooks: runbooks.map((rb) => ({
        title: clip(rb.title, 200),
        series: `${clip(rb.series.name, 120)} ${String(rb.series.number).padStart(2, '0')} · revised ${clip(rb.revised, 20)}`,
        objective: clip(rb.objective, 300),
        pick: {
          verb: verbs.pickRunbook,
          data: { runbookId: rb.id, actionKey: actionKey(pickerId, 0, verbs.pickRunbook, rb.id) },
        },
      })),
    });
  });
}
