import type { RunbookDraft } from './draft';
import { labelledParagraphs, plainText, type MarkdownDocument, type Section } from './markdown-sections';
import { camelId, sentencesOf } from './text-ids';

// Pure: the smaller parts of an imported runbook: revision date, principles, summary template, references.

const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The first paragraph that is only a date ("2026-05-29", "29 May 2026", "May 29, 2026"), as YYYY-MM-DD. */
export function importRevised(doc: MarkdownDocument): string | undefined {
  for (const block of doc.sections.flatMap((s) => s.blocks)) {
    if (block.kind !== 'paragraph') continue;
    const text = plainText(block.text);
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (iso) return text;
    const dmy = /^(\d{1,2}) ([A-Za-z]+),? (\d{4})$/.exec(text);
    const mdy = /^([A-Za-z]+) (\d{1,2}),? (\d{4})$/.exec(text);
    const [day, month, year] = dmy ? [dmy[1], dmy[2], dmy[3]] : mdy ? [mdy[2], mdy[1], mdy[3]] : [];
    const m = month ? months.indexOf(month.toLowerCase()) + 1 : 0;
    if (day && year && m > 0) return `${year}-${String(m).padStart(2, '0')}-${day.padStart(2, '0')}`;
  }
  return undefined;
}

/** The series' principles, found as sentences anywhere in the prose; two of them are enforced as guards. */
const knownPrinciples: { pattern: RegExp; id: string; guard?: 'evidence-before-intrusive' | 'validate-same-path' }[] = [
  { pattern: /^Prefer the smallest reversible change\b/i, id: 'smallest-reversible-change' },
  { pattern: /^Capture evidence before intrusive remediation\b/i, id: 'evidence-before-intrusive', guard: 'evidence-before-intrusive' },
  { pattern: /^Validate with the same identity, path, and workload\b/i, id: 'validate-same-path', guard: 'validate-same-path' },
];

export function importPrinciples(doc: MarkdownDocument): NonNullable<RunbookDraft['principles']> {
  const found: NonNullable<RunbookDraft['principles']> = [];
  const prose = doc.sections.flatMap((s) => s.blocks).flatMap((b) => (b.kind === 'paragraph' ? [b.text] : b.kind === 'list' ? b.items : []));
  for (const text of prose.flatMap((p) => sentencesOf(plainText(p)))) {
    const known = knownPrinciples.find((k) => k.pattern.test(text));
    if (known && !found.some((p) => p.id === known.id)) found.push({ id: known.id, text, ...(known.guard ? { guard: known.guard } : {}) });
  }
  return found;
}

/** `**What happened:** <brief customer-safe description>` -> { id: whatHappened, label, hint }. */
export function importSummary(section: Section | undefined): RunbookDraft['summary'] {
  const asParagraphs: Section | undefined = section && {
    ...section,
    blocks: section.blocks.flatMap((b) => (b.kind === 'list' ? b.items.map((text) => ({ kind: 'paragraph' as const, text, line: b.line })) : [b])),
  };
  return labelledParagraphs(asParagraphs ? [asParagraphs] : [])
    .map((l) => ({ id: camelId(l.label), label: l.label, hint: l.text.replace(/^<(.*)>$/, '$1').trim() }))
    .filter((f) => f.hint);
}

/** Bullets: `[Title](https://...)`, `Title - https://...` or just `Title` (then without a url). */
export function importReferences(section: Section | undefined): NonNullable<RunbookDraft['references']> {
  const items = (section?.blocks ?? []).flatMap((b) => (b.kind === 'list' ? b.items : []));
  return items.flatMap((item) => {
    const link = /\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/.exec(item);
    if (link) return [{ title: plainText(link[1]), url: link[2] }];
    const bare = /^(.*?)[\s:–—-]*<?(https?:\/\/[^\s>]+)>?\s*$/.exec(item);
    if (bare && plainText(bare[1])) return [{ title: plainText(bare[1]), url: bare[2] }];
    const title = plainText(item);
    return title ? [{ title }] : [];
  });
}
