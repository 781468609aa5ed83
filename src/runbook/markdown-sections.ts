// Pure: a runbook Markdown document as headings and sections of blocks (paragraphs, lists, code, tables).

export type Block =
  | { kind: 'paragraph'; text: string; line: number }
  | { kind: 'list'; items: string[]; line: number }
  | { kind: 'code'; lines: string[]; line: number }
  | { kind: 'table'; rows: string[][]; line: number };

export interface Heading {
  level: number;
  text: string;
  line: number;
}

/** The blocks under a heading of level 1 or 2, up to the next such heading (level 3+ headings stay inside). */
export interface Section {
  heading: string;
  line: number;
  blocks: Block[];
}

export interface MarkdownDocument {
  headings: Heading[];
  sections: Section[];
}

/** Splits Markdown into headings and sections; fenced code is kept verbatim, tab- or pipe-separated lines are tables. */
export function parseMarkdown(markdown: string): MarkdownDocument {
  const headings: Heading[] = [];
  const sections: Section[] = [{ heading: '', line: 0, blocks: [] }];
  let open: Block | undefined;
  let fence: string | undefined;
  const current = () => sections[sections.length - 1];
  const start = (block: Block) => {
    current().blocks.push(block);
    open = block;
  };

  markdown.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const fenceMatch = /^\s*(```+|~~~+)/.exec(raw);
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[1].startsWith(fence)) fence = undefined;
      else if (open?.kind === 'code') open.lines.push(raw);
      return;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      start({ kind: 'code', lines: [], line });
      return;
    }
    const heading = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(raw);
    if (heading) {
      const h = { level: heading[1].length, text: plainText(heading[2]), line };
      headings.push(h);
      if (h.level <= 2) sections.push({ heading: h.text, line, blocks: [] });
      open = undefined;
      return;
    }
    if (/^\s*$/.test(raw)) {
      open = undefined;
      return;
    }
    const item = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(raw);
    if (item) {
      if (open?.kind !== 'list') start({ kind: 'list', items: [], line });
      if (open?.kind === 'list') open.items.push(item[1].trim());
      return;
    }
    if (open?.kind === 'list' && /^\s+\S/.test(raw)) {
      open.items[open.items.length - 1] += ` ${raw.trim()}`;
      return;
    }
    const cells = tableCells(raw);
    if (cells) {
      if (cells.length === 0) return;
      if (open?.kind !== 'table') start({ kind: 'table', rows: [], line });
      if (open?.kind === 'table') open.rows.push(cells);
      return;
    }
    if (open?.kind === 'paragraph') open.text += ` ${raw.trim()}`;
    else start({ kind: 'paragraph', text: raw.trim(), line });
  });
  return { headings, sections: sections.filter((s, i) => i > 0 || s.blocks.length > 0) };
}

/** Cells of a tab-separated or `| pipe |` table row; [] for a pipe table's separator row; undefined for other lines. */
function tableCells(raw: string): string[] | undefined {
  if (raw.includes('\t')) return raw.split(/\t+/).map((c) => c.trim()).filter(Boolean);
  if (/^\s*\|.*\|\s*$/.test(raw)) {
    if (/^[\s|:-]+$/.test(raw)) return [];
    return raw.trim().slice(1, -1).split('|').map((c) => c.trim());
  }
  return undefined;
}

/** Heading text compared loosely: case, spacing, numbering ("3. Decision Path") and a trailing colon do not matter. */
export function sameHeading(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/^\d+(?:\.\d+)*[.)]?\s+/, '').replace(/[:\s]+$/, '').replace(/\s+/g, ' ').trim();
  return norm(a) === norm(b);
}

/** The first section with this heading, if any. */
export function findSection(doc: MarkdownDocument, name: string): Section | undefined {
  return doc.sections.find((s) => sameHeading(s.heading, name));
}

/** Inline Markdown removed: bold, emphasis and code marks, links reduced to their text. */
export function plainText(inline: string): string {
  return inline
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\W)[*_](\S(?:.*?\S)?)[*_](?=\W|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** All list items of a section, in order, as plain text. */
export function listItems(section: Section | undefined): string[] {
  return (section?.blocks ?? []).flatMap((b) => (b.kind === 'list' ? b.items.map(plainText) : [])).filter(Boolean);
}

/** A bold-labelled paragraph (`**Audience:** ...`): its label, text, and the unlabelled paragraphs right after it. */
export interface LabelledParagraph {
  label: string;
  text: string;
  more: string[];
}

/** Every `**Label:** text` paragraph in the given sections, with its follow-on paragraphs. */
export function labelledParagraphs(sections: Section[]): LabelledParagraph[] {
  const found: LabelledParagraph[] = [];
  for (const section of sections) {
    let last: LabelledParagraph | undefined;
    for (const block of section.blocks) {
      const labelled = block.kind === 'paragraph' ? parseLabel(block.text) : undefined;
      if (labelled) {
        last = { label: labelled.label, text: plainText(labelled.text), more: [] };
        found.push(last);
      } else if (block.kind === 'paragraph' && last) {
        last.more.push(plainText(block.text));
      } else {
        last = undefined;
      }
    }
  }
  return found;
}

/** `**Label:** text` or `**Label**: text` -> { label, text }. */
export function parseLabel(text: string): { label: string; text: string } | undefined {
  const m = /^\s*(\*\*|__)([^*_]+?)(?::\1|\1:)\s*(.*)$/.exec(text);
  return m ? { label: m[2].trim(), text: m[3].trim() } : undefined;
}
