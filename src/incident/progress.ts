import type { ListItem, Runbook } from '../runbook/schema';
import type { TickList } from './commands';
import type { Incident, Phase, Tick } from './types';
import { phaseOrder } from './types';

// Where an incident stands: derived views used by the engine's guards and by the cards.

const timeboxMinutes = 15;

/** The validation item the validate-same-path principle adds. */
const samePathItemId = 'same-path';

/** True for an item that is a rule of the runbook (the same-path check): it always applies, never N/A. */
export function alwaysApplies(list: TickList, itemId: string): boolean {
  return list === 'validation' && itemId === samePathItemId;
}

/** The validation checklist: the runbook's items plus the "validate with the same path" principle when it is a guard. */
export function validationItems(runbook: Runbook): ListItem[] {
  const samePath = runbook.principles.find((p) => p.guard === 'validate-same-path');
  return samePath ? [...runbook.validation, { id: samePathItemId, text: samePath.text }] : runbook.validation;
}

/** The investigation steps of the chosen finding's branch (empty before a finding is chosen). */
export function branchItems(runbook: Runbook, incident: Incident): ListItem[] {
  const finding = runbook.decisions.find((d) => d.id === incident.finding?.findingId);
  return finding ? finding.branch.steps : [];
}

/** True when an item needs nothing more: ticked done, or marked not applicable with a reason. */
export function isSettled(tick: Tick | undefined): boolean {
  return tick?.done === true || tick?.notApplicable === true;
}

/** Items of a list that are neither ticked done nor marked not applicable. */
export function openItems(items: ListItem[], ticks: Record<string, Tick>): ListItem[] {
  return items.filter((i) => !isSettled(ticks[i.id]));
}

/** Step n of m along the guided path; closed is step m. */
export function stepOf(phase: Phase): { step: number; of: number } {
  const of = phaseOrder.length;
  const i = phaseOrder.indexOf(phase);
  return { step: i < 0 ? of : i + 1, of };
}

export interface Timebox {
  elapsedMinutes: number;
  remainingMinutes: number;
  overdue: boolean;
}

/** The first-15-minutes timebox, counted from the end of intake. */
export function triageTimebox(incident: Incident, now: Date): Timebox | undefined {
  if (!incident.triageStartedAt) return undefined;
  const elapsed = Math.max(0, Math.floor((now.getTime() - Date.parse(incident.triageStartedAt)) / 60000));
  return { elapsedMinutes: elapsed, remainingMinutes: Math.max(0, timeboxMinutes - elapsed), overdue: elapsed >= timeboxMinutes };
}

/** "3 min", "2 h 5 min", "1 d 4 h": time since the incident opened. */
export function formatElapsed(fromIso: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(fromIso)) / 60000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** True while the incident can still be changed. */
export function isOpen(incident: Incident): boolean {
  return incident.phase !== 'closed' && incident.phase !== 'cancelled';
}
