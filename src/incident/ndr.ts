import type { Runbook } from '../runbook/schema';
import { lookupNdrCode } from './ndr-codes';
import type { NdrAnalysis, NdrCodeAnalysis } from './types';

// NDR analysis: find the enhanced status codes (RFC 3463 class.subject.detail) in pasted bounce text.

/**
 * class 2/4/5, subject and detail 1-3 digits. Not part of a longer dotted number (IP addresses,
 * versions such as 15.20.7452.3, dates such as 2026.05.29) nor glued to a word ("v5.7.1").
 * A trailing sentence dot is fine: "failed with 5.7.1." yields 5.7.1.
 */
const codePattern = /(?<![\w.])([245]\.\d{1,3}\.\d{1,3})(?!\w|\.\d)/g;

/** Longest source text kept on the analysis. */
export const ndrSourceLimit = 2000;

export const unknownCodeMeaning = 'Not in the NDR table: read the text after the code';

/** Enhanced status codes in the text, in order of first appearance, without duplicates. */
export function extractNdrCodes(text: string): string[] {
  const codes: string[] = [];
  for (const m of text.matchAll(codePattern)) {
    if (!codes.includes(m[1])) codes.push(m[1]);
  }
  return codes;
}

/** Pure: the codes in the text with meaning, category and fix, and the runbook's remediation actions for their categories. */
export function analyzeNdr(text: string, runbook: Pick<Runbook, 'remediation'>): NdrAnalysis {
  const codes: NdrCodeAnalysis[] = extractNdrCodes(text).map(
    (code) => lookupNdrCode(code) ?? { code, meaning: unknownCodeMeaning, category: 'other', fix: 'Read the text after the code.' },
  );
  const suggestedActions: string[] = [];
  for (const { category } of codes) {
    for (const action of runbook.remediation) {
      if (action.ndrCategories.includes(category) && !suggestedActions.includes(action.id)) suggestedActions.push(action.id);
    }
  }
  return { source: truncate(text.trim(), ndrSourceLimit), codes, suggestedActions };
}

/** At most `max` UTF-16 units, never splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]) ? max - 1 : max;
  return text.slice(0, end);
}
