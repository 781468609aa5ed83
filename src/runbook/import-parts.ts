import type { RunbookDraft } from './draft';
import type { ImportNotes } from './import-report';
import type { Block, Inline } from './markdown-document';
import { comparable } from './normalise-text';
import { camelId, kebabId, sentencesOf, trimChars } from './text-ids';

// Pure: the smaller parts of an imported runbook: revision date, principles, summary template, references.

const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A paragraph that is only a date ("2026-05-29", "29 May 2026", "May 29, 2026", "Revised: 2026-05-29"), as YYYY-MM-DD. */
export function revisedDate(text: string): string | undefined {
  const t = text.replace(/^(?:revised(?: on)?|revision(?: date)?|last (?:updated|reviewed|revised)|updated|reviewed|date|version date)\s*:?\s*/i, '').trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
  const dmy = /^(\d{1,2}) ([A-Za-z]+),? (\d{4})$/.exec(t);
  const mdy = /^([A-Za-z]+) (\d{1,2}),? (\d{4})$/.exec(t);
  const [day, month, year] = dmy ? [dmy[1], dmy[2], dmy[3]] : mdy ? [mdy[2], mdy[1], mdy[3]] : [];
  const m = month ? months.indexOf(month.toLowerCase()) + 1 : 0;
  return day && year && m > 0 ? `${year}-${String(m).padStart(2, '0')}-${day.padStart(2, '0')}` : undefined;
}

/** Principles by meaning; two are enforced as guards (evidence before intrusive change, validate on the same path). */
const knownPrinciples: { pattern: RegExp; id: string; guard?: 'evidence-before-intrusive' | 'validate-same-path' }[] = [
  { pattern: /\bsmallest\b.*\breversible\b|\breversible\b.*\bchange\b/i, id: 'smallest-reversible-change' },
  {
    pattern:
      /\b(?:capture|collect|record|gather|save|export|keep)\b.*\b(?:evidence|state|configuration|settings)\b.*\bbefore\b.*\b(?:intrusive|remediat\w*|chang\w*|fix\w*)/i,
    id: 'evidence-before-intrusive',
    guard: 'evidence-before-intrusive',
  },
  {
    pattern: /\b(?:validat\w*|confirm\w*|verif\w*|test\w*)\b.*\bsame\b.*\b(?:identity|user|account|path|device|workload|client)\b/i,
    id: 'validate-same-path',
    guard: 'validate-same-path',
  },
];

/** Principle sentences from the given texts; a known one gets its id (and guard), others a kebab id. */
export function importPrinciples(texts: string[], onlyKnown: boolean): NonNullable<RunbookDraft['principles']> {
  const found: NonNullable<RunbookDraft['principles']> = [];
  for (const text of texts.flatMap((p) => sentencesOf(p))) {
    const known = knownPrinciples.find((k) => k.pattern.test(text));
    if (!known && onlyKnown) continue;
    const id = known?.id ?? kebabId(text, 4);
    if (found.some((p) => p.id === id)) continue;
    found.push({ id, text, ...(known?.guard ? { guard: known.guard } : {}) });
  }
  return found;
}

/** Summary labels by meaning, so a reworded template ("Business impact", "Cause") still gets its draft. */
const summaryIds: [RegExp, string][] = [
  ['^(what happened|summary|overview|description|incident summary|what went wrong)$', 'whatHappened'],
  ['\\bimpact\\b|^(who was affected|affected( users| services)?|scope)$', 'impact'],
  ['\\bcause\\b|^why( it happened)?$', 'rootCause'],
  ['\\bresolution\\b|\\bfix( applied)?\\b|^(what we did|how it was (fixed|resolved)|remediation|actions taken)$', 'resolution'],
  ['\\bprevent\\w*\\b|\\bfollow[ -]?ups?\\b|\\bnext steps\\b|\\blessons\\b|^(what we will do|going forward)$', 'prevention'],
].map(([p, id]) => [new RegExp(p, 'i'), id]);

/** `**What happened:** <hint>` lines (paragraphs, bullets or a two-column table) -> summary fields with canonical ids. */
export function importSummary(blocks: Block[], notes: ImportNotes): RunbookDraft['summary'] {
  const pairs: { label: string; hint: string }[] = [];
  const fromInline = (inline: Inline) => {
    const plain = /^([^:]{2,40}):\s*(.*)$/.exec(inline.text);
    const labelled = inline.label ?? (plain ? { name: plain[1], text: plain[2] } : undefined);
    if (labelled) pairs.push({ label: labelled.name.trim(), hint: labelled.text.replace(/^<(.*)>$/, '$1').trim() });
  };
  for (const block of blocks) {
    if (block.kind === 'paragraph') fromInline(block.inline);
    if (block.kind === 'list') block.items.forEach(fromInline);
    if (block.kind === 'table')
      block.rows.slice(1).forEach((r) => r.length >= 2 && pairs.push({ label: r[0].replace(/:$/, ''), hint: r[1].replace(/^<(.*)>$/, '$1') }));
  }
  const used = new Set<string>();
  return pairs.map(({ label, hint }) => {
    const known = summaryIds.find(([p, id]) => !used.has(id) && p.test(comparable(label)))?.[1];
    const id = known ?? camelId(label);
    used.add(id);
    if (known && camelId(label) !== known) notes.guess(`Summary: "${label}" is read as ${known} (the draft fills it).`);
    return { id, label, hint: hint || label };
  });
}

/** Items: `[Title](https://...)`, `Title - https://...`, `<https://...>` or just `Title` (then without a url). */
export function importReferences(items: Inline[]): NonNullable<RunbookDraft['references']> {
  return items.flatMap((item) => {
    const link = item.links[0];
    if (link && /^https?:\/\//.test(link.href)) return [{ title: link.text || link.href, url: link.href }];
    const url = /(https?:\/\/[^\s>)]+)/.exec(item.text)?.[1];
    const bare = item.text.replace(/<?https?:\/\/[^\s>)]+>?/, '');
    const title = trimChars(bare, ' \t\n:–—-');
    if (url) return [{ title: title || url, url }];
    return item.text ? [{ title: item.text }] : [];
  });
}
