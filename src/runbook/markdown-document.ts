import MarkdownIt from 'markdown-it';
type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];
import { normaliseText } from './normalise-text';

// Pure: a runbook document parsed by markdown-it (CommonMark + GFM tables) into flat sections of blocks.

/** Inline content as plain text (marks removed, links as their text), with its code spans kept apart. */
export interface Inline {
  text: string;
  /** Contents of the `code spans` in it, in order. */
  codes: string[];
  /** The text line by line (soft and hard line breaks), for header lines written one under another. */
  lines: string[];
  /** Links in it: their text and target. */
  links: { text: string; href: string }[];
  /** The leading bold label of `**Label:** text` or `**Label**: text`, and the text after it. */
  label?: { name: string; text: string };
}

export type Block =
  | { kind: 'paragraph'; inline: Inline; line: number }
  | { kind: 'list'; items: Inline[]; ordered: boolean; line: number }
  | { kind: 'code'; lines: string[]; info: string; line: number }
  /** `header`: the first row is a column header (always in GFM; guessed for the series' tab-separated tables). */
  | { kind: 'table'; rows: string[][]; line: number; header: boolean };

/** The blocks under one heading (of any level), up to the next heading. */
export interface Section {
  heading: string;
  level: number;
  line: number;
  /** Index of the nearest earlier section with a lower level, or -1. */
  parent: number;
  blocks: Block[];
}

/** Sections in document order; the first (heading '', level 0) holds what comes before any heading (often nothing). */
export interface MarkdownDocument {
  sections: Section[];
}

const parser = new MarkdownIt('commonmark', { html: false }).enable(['table', 'strikethrough']);

/** Parses Markdown; BOM, CRLF, non-breaking spaces and smart quotes are normalised first (normaliseText). */
export function parseDocument(markdown: string): MarkdownDocument {
  const tokens = parser.parse(normaliseText(markdown), {});
  const sections: Section[] = [{ heading: '', level: 0, line: 0, parent: -1, blocks: [] }];
  const current = () => sections[sections.length - 1];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const line = (t.map?.[0] ?? 0) + 1;
    if (t.type === 'heading_open') {
      const level = Number(t.tag.slice(1));
      const heading = inlineOf(tokens[i + 1]).text;
      sections.push({ heading, level, line, parent: parentOf(sections, level), blocks: [] });
      i += 2;
    } else if (t.type === 'paragraph_open') {
      current().blocks.push(paragraphOrTabTable(tokens[i + 1], line));
      i += 2;
    } else if (t.type === 'fence' || t.type === 'code_block') {
      const lines = t.content.replace(/\n$/, '').split('\n');
      current().blocks.push({ kind: 'code', lines, info: t.info.trim(), line });
    } else if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') {
      const end = closingIndex(tokens, i);
      current().blocks.push(...listBlocks(tokens.slice(i, end + 1), t.type === 'ordered_list_open', line));
      i = end;
    } else if (t.type === 'table_open') {
      const end = closingIndex(tokens, i);
      current().blocks.push({ kind: 'table', rows: tableRows(tokens.slice(i, end + 1)), line, header: true });
      i = end;
    } else if (t.type === 'blockquote_open') {
      continue; // its paragraphs and lists are read as if unquoted
    }
  }
  return { sections };
}

function parentOf(sections: Section[], level: number): number {
  for (let j = sections.length - 1; j >= 1; j--) if (sections[j].level < level) return j;
  return -1;
}

/** The index of the token closing the one at `start` (same nesting level). */
function closingIndex(tokens: Token[], start: number): number {
  let depth = 0;
  for (let j = start; j < tokens.length; j++) {
    depth += tokens[j].nesting;
    if (depth === 0) return j;
  }
  return tokens.length - 1;
}

/** A paragraph whose every line holds a tab is the series' tab-separated table (Decision Path, table of contents). */
function paragraphOrTabTable(inlineToken: Token, line: number): Block {
  const source = inlineToken.content;
  const lines: string[] = source.split('\n');
  if (lines.length > 0 && lines.every((l) => l.includes('\t'))) {
    const rows = lines.map((l) =>
      l
        .split(/\t+/)
        .map((c) => inlineOfSource(c).text)
        .filter(Boolean),
    );
    return { kind: 'table', rows, line, header: rows.length > 1 && looksLikeHeader(rows[0]) };
  }
  return { kind: 'paragraph', inline: inlineOf(inlineToken), line };
}

/** "If you find...", "Finding | Next step": short cells without a full stop, the first naming what is found. */
function looksLikeHeader(row: string[]): boolean {
  return (
    row.every((c) => c.length <= 40 && !/[.!?]$/.test(c.replace(/\.{3}$|…$/, ''))) &&
    /^(?:if you (?:find|see)|finding|symptom|observation|what you see|you see|when you see|result|check)\b/i.test(row[0] ?? '')
  );
}

/** List items (nested items folded into their parent's text); code blocks inside items become the item's codes. */
function listBlocks(tokens: Token[], ordered: boolean, line: number): Block[] {
  const items: Inline[] = [];
  let depth = 0;
  let item: Inline | undefined;
  for (let j = 0; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') depth++;
    else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') depth--;
    else if (t.type === 'list_item_open' && depth === 1) {
      item = { text: '', codes: [], links: [], lines: [] };
      items.push(item);
    } else if (t.type === 'inline' && item) {
      const inline = inlineOf(t);
      if (!item.text && !item.label) Object.assign(item, inline);
      else {
        item.text = joinSentences(item.text, inline.text);
        item.codes.push(...inline.codes);
        item.links.push(...inline.links);
        if (item.label) item.label.text = joinSentences(item.label.text, inline.text);
      }
    } else if ((t.type === 'fence' || t.type === 'code_block') && item) {
      item.codes.push(t.content.replace(/\n$/, ''));
    }
  }
  return [{ kind: 'list', items: items.filter((i) => i.text || i.codes.length > 0), ordered, line }];
}

function tableRows(tokens: Token[]): string[][] {
  const rows: string[][] = [];
  for (const t of tokens) {
    if (t.type === 'tr_open') rows.push([]);
    else if (t.type === 'inline') rows[rows.length - 1]?.push(inlineOf(t).text);
  }
  return rows;
}

/** Joins two texts as sentences: the first ends with a full stop or a colon-like mark before the second. */
export function joinSentences(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return /[.!?:;]$/.test(a) ? `${a} ${b}` : `${a}. ${b}`;
}

function inlineOfSource(source: string): Inline {
  const tokens = parser.parseInline(source, {});
  return tokens[0] ? inlineOf(tokens[0]) : { text: '', codes: [], links: [], lines: [] };
}

/** Plain text of an inline token; a leading bold run ending in ':' (or followed by ':') is the label. */
function inlineOf(token: Token | undefined): Inline {
  const children: Token[] = token?.children ?? [];
  let text = '';
  const codes: string[] = [];
  const links: Inline['links'] = [];
  let linkStart = -1;
  let boldLead: string | undefined;
  let boldEnd = -1;
  children.forEach((c, k) => {
    if (c.type === 'text') text += c.content;
    else if (c.type === 'code_inline') {
      text += c.content;
      codes.push(c.content);
    } else if (c.type === 'softbreak' || c.type === 'hardbreak') text += '\n';
    else if (c.type === 'image') text += c.content;
    else if (c.type === 'link_open') linkStart = text.length;
    else if (c.type === 'link_close' && linkStart >= 0) {
      links.push({ text: text.slice(linkStart).trim(), href: findHref(children, k) });
      linkStart = -1;
    }
    if (c.type === 'strong_open' && boldLead === undefined && text.trim() === '') boldLead = '';
    else if (c.type === 'strong_close' && boldLead === '' && boldEnd < 0) {
      boldLead = text;
      boldEnd = text.length;
    }
  });
  const plain = text.replace(/\s+/g, ' ').trim();
  const lines = text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const inline: Inline = { text: plain, codes, links, lines };
  if (boldLead && boldEnd > 0) {
    const rest = text.slice(boldEnd);
    const name = boldLead.replace(/\s+/g, ' ').trim();
    if (name.endsWith(':')) inline.label = { name: name.slice(0, -1).trim(), text: rest.replace(/\s+/g, ' ').trim() };
    else if (/^\s*:/.test(rest)) inline.label = { name, text: rest.replace(/^\s*:/, '').replace(/\s+/g, ' ').trim() };
  }
  return inline;
}

/** The href of the link_open matching the link_close at `close`. */
function findHref(children: Token[], close: number): string {
  for (let j = close; j >= 0; j--) if (children[j].type === 'link_open') return String(children[j].attrGet('href') ?? '');
  return '';
}
