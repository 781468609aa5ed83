import type { IntakeField, ListItem, Runbook } from '../runbook/schema';
import type { Incident } from './types';

// Which runbook evidence items the intake already answers: the item's own words matched against the intake's labels. Pure.

export interface IntakeCoverage {
  /** Answered intake fields whose label names a part of the item ("NDR or exact error text" for "exact error text"), in form order. */
  fields: IntakeField[];
  /** Two or more parts of the item named (or its only part): the intake captured what the item asks for. */
  covered: boolean;
}

/**
 * The item's parts ("User, device, service, ... and exact error text" -> user | device | service | exact error text) each
 * looked up as whole words in the labels of answered intake-stage fields; yes/no questions capture no detail.
 */
export function intakeCoverage(runbook: Runbook, incident: Incident, item: ListItem): IntakeCoverage {
  const parts = partsOf(item.text);
  const answered = runbook.intake.filter((f) => f.stage === 'intake' && f.type !== 'yes-no' && (incident.intake[f.id] ?? '').trim() !== '');
  const named = parts.map((alternatives) => answered.filter((f) => alternatives.some((words) => containsWords(wordsOf(f.label), words))));
  const matched = named.filter((fields) => fields.length > 0).length;
  const fields = answered.filter((f) => named.some((list) => list.includes(f)));
  return { fields, covered: matched >= Math.min(2, parts.length) && matched > 0 };
}

/** Comma/"and"/"or" separated parts, each with its "/" alternatives ("IP/network"), as word lists. */
function partsOf(text: string): string[][][] {
  return text
    .replace(/[.\s]+$/, '')
    .split(/,|;|\band\b|\bor\b/i)
    .map((part) =>
      part
        .split('/')
        .map(wordsOf)
        .filter((words) => words.length > 0),
    )
    .filter((alternatives) => alternatives.length > 0);
}

/** Lower-case words without a plural s ("timestamps" -> "timestamp"), for matching only. */
function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

function containsWords(haystack: string[], needle: string[]): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((w, j) => haystack[i + j] === w)) return true;
  }
  return false;
}
