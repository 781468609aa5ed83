import type { FindingDraft, RemediationDraft } from './draft';
import { capitalize, kebabId, sentence, splitEnumeration, uniqueIds } from './text-ids';

// Pure: the "Decision Path" table (finding, next step) -> findings with branch steps and the remediation they point at.

const stopWords = new Set(
  'a an and are as at be before by check do for from in into is it of on only or review the then to use using via when with investigate confirm compare after as needed'.split(
    ' ',
  ),
);

/**
 * Rows after the header; each next-step sentence's enumerated items become the branch's steps. The branch points at
 * the remediation matching its NDR categories (NDR findings) or sharing the most words with the finding and its lead verb phrase.
 */
export function importDecisions(rows: string[][], remediation: RemediationDraft[]): { decisions: FindingDraft[]; problems: string[] } {
  const problems: string[] = [];
  const nextId = uniqueIds();
  const decisions: FindingDraft[] = [];
  rows.slice(1).forEach((row, i) => {
    const [finding, next] = row;
    if (!finding || !next) {
      problems.push(`Row ${i + 1} of the "Decision Path" table has no next step (expected "finding<TAB>next step").`);
      return;
    }
    const { lead, items } = splitNextStep(next);
    const stepId = uniqueIds();
    const steps =
      items.length > 1
        ? items.map((item) => ({ id: stepId(kebabId(item, 5)), text: sentence(`${lead} ${item}`) }))
        : [{ id: stepId(kebabId(next, 5)), text: sentence(next) }];
    const ndr = /\bNDRs?\b|non-delivery/i.test(finding);
    const intent = items.length > 1 ? `${finding} ${lead}` : `${finding} ${next}`;
    const actions = ndr ? remediation.filter((a) => (a.ndrCategories ?? []).length > 0) : closestActions(intent, remediation);
    decisions.push({
      id: nextId(kebabId(finding, 5)),
      finding,
      next: sentence(next),
      ...(ndr ? { ndr: true } : {}),
      branch: { steps, actions: actions.map((a) => a.id) },
    });
  });
  return { decisions, problems };
}

/**
 * "Use NDR code to fix DNS, recipient, or policy." -> lead "Use NDR code to fix", items [DNS, recipient, policy].
 * The lead is the first word, or everything up to the verb after the last "to" when there is one.
 */
export function splitNextStep(next: string): { lead: string; items: string[] } {
  const parts = splitEnumeration(next);
  if (parts.length < 2) return { lead: '', items: parts };
  const words = parts[0].split(/\s+/);
  const to = words.lastIndexOf('to');
  const leadLength = to >= 0 && to + 2 < words.length ? to + 2 : 1;
  if (words.length <= leadLength) return { lead: '', items: [next] };
  const lead = capitalize(words.slice(0, leadLength).join(' '));
  return { lead, items: [words.slice(leadLength).join(' '), ...parts.slice(1)] };
}

/** The actions sharing the most content words with the finding and its intent (none when nothing is shared). */
function closestActions(intent: string, remediation: RemediationDraft[]): RemediationDraft[] {
  const wanted = stems(intent);
  const scored = remediation.map((a) => ({ a, score: [...stems(a.text)].filter((w) => wanted.has(w)).length }));
  const best = Math.max(0, ...scored.map((s) => s.score));
  return best === 0 ? [] : scored.filter((s) => s.score === best).map((s) => s.a);
}

function stems(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 3 && !stopWords.has(w))
      .map((w) => w.replace(/(?:ing|ed|es|s|e)$/, '')),
  );
}
