import { linesOf, phaseForTitle, sectionIds, type ExtraSectionDraft } from './import-extra-sections';
import { revisedDate } from './import-parts';
import type { ImportNotes } from './import-report';
import { parseDocument, type Block } from './markdown-document';
import { labelRole, sectionRole, type LabelRole, type SectionRole } from './section-roles';

// Pure: the parsed document read for its structure: header facts, each section's role, labels, and what is left over.

const numberLine = /\bRunbook\s+(?:No\.?\s*|#\s*)?(\d{1,3})\b/i;
const seriesLine = /Runbooks\s*$/i;
const levelStart = /^(?:sev(?:erity)?|p(?:riority)?)\s*-?\s*\d/i;

export interface Labelled {
  text: string;
  more: string[];
}

export interface Structure {
  title?: string;
  number?: number;
  series: string;
  revised?: string;
  problems: string[];
  severityLines: string[];
  label(role: LabelRole): Labelled | undefined;
  sectionsOf(role: SectionRole): { title: string; blocks: Block[] }[];
  blocksOf(role: SectionRole): Block[];
  /** Keeps a block of a standard section that is not one of its items (an intro line, a stray table) beside it. */
  keepAsNote(title: string, role: SectionRole, block: Block): void;
  /** The decision rows, header first (a header is made up when the document has none). */
  decisionRows(): string[][];
  extraSections(): ExtraSectionDraft[];
  /** Every text of the document (paragraph lines, list items, table cells, code lines) but headings, header facts and the table of contents. */
  allTexts(): { text: string; line: number }[];
}

export function readStructure(markdown: string, notes: ImportNotes): Structure {
  const { sections } = parseDocument(markdown);
  const problems: string[] = [];
  const texts = sections.flatMap((s) => [s.heading, ...s.blocks.flatMap((b) => (b.kind === 'paragraph' ? b.inline.lines : []))]);
  const numberText = texts.find((t) => numberLine.test(t));
  const number = numberText ? Number(numberLine.exec(numberText)?.[1]) : undefined;
  const seriesText = texts.find((t) => seriesLine.test(t) && t.length < 90);
  const series = seriesText ?? (numberText ? numberText.replace(/\s*Runbook\s+.*$/i, ' Runbooks').trim() : 'Microsoft 365 Administration Runbooks');
  if (!seriesText) notes.guess(`Series: the document names no series line; "${series}" is assumed.`);
  // "# Runbook 04: Exchange Online Mail Flow Failure" names both: the title is what follows the number.
  const combined = sections.find((s) => s.level > 0 && s.heading === numberText && /Runbook\s+\S+\s*[:–—-]\s*\S/i.test(s.heading));
  const title =
    combined?.heading.replace(/^.*?Runbook\s+\S+\s*[:–—-]\s*/i, '') ??
    sections.find((s) => s.level > 0 && s.heading && s.heading !== numberText && s.heading !== seriesText && sectionRole(s.heading) === undefined)?.heading;
  if (!title) problems.push('The document has no title (a first heading such as "# Exchange Online Mail Flow Failure").');
  if (number === undefined) problems.push('The document has no "Runbook NN" line (e.g. "## Microsoft 365 Administration Runbook 04").');
  else if (number < 1) problems.push(`The runbook number is ${number}; the series numbers its runbooks from 01 to 999.`);
  const revised = texts.map(revisedDate).find(Boolean);
  if (!revised) problems.push('The document has no revision date line (e.g. "2026-05-29").');
  const structural = (t: string) => t === title || t === numberText || t === seriesText || revisedDate(t) !== undefined;

  const roles = sections.map((s) => (s.level === 0 || structural(s.heading) ? undefined : sectionRole(s.heading)));
  sections.forEach((s, i) => {
    if (roles[i] === undefined && s.level > 0 && !structural(s.heading) && s.parent >= 0 && roles[s.parent] && roles[s.parent] !== 'contents')
      roles[i] = roles[s.parent];
  });
  const header = (i: number) => roles[i] === undefined && (sections[i].level === 0 || structural(sections[i].heading));

  const labels = new Map<LabelRole, Labelled>();
  const consumed = new Set<Block>();
  sections.forEach((s, i) => {
    if (roles[i] === 'summary') return;
    let open: Labelled | undefined;
    for (const b of s.blocks) {
      const role = b.kind === 'paragraph' && b.inline.label ? labelRole(b.inline.label.name) : undefined;
      if (b.kind === 'paragraph' && role && b.inline.label && !labels.has(role)) {
        open = { text: b.inline.label.text, more: [] };
        labels.set(role, open);
        consumed.add(b);
        if (role !== 'operatorNote' && role !== 'severity') open = undefined;
      } else if (b.kind === 'paragraph' && open && !b.inline.label && !levelStart.test(b.inline.text)) {
        open.more.push(b.inline.text);
        consumed.add(b);
      } else open = undefined;
    }
  });
  for (const b of sections.flatMap((s) => s.blocks)) if (b.kind === 'paragraph' && b.inline.lines.every(structural)) consumed.add(b);

  const severityLabel = labels.get('severity');
  const notesBeside = new Map<string, { role: SectionRole; blocks: Block[] }>();
  const keepAsNote = (sectionTitle: string, role: SectionRole, block: Block) => {
    const entry = notesBeside.get(sectionTitle) ?? { role, blocks: [] };
    entry.blocks.push(block);
    notesBeside.set(sectionTitle, entry);
  };
  const severityLines: string[] = [];
  if (severityLabel) {
    severityLines.push(severityLabel.text, ...severityLabel.more.filter((m) => levelStart.test(m)));
    severityLabel.more = severityLabel.more.filter((m) => !levelStart.test(m));
  }
  sections.forEach((s, i) => {
    if (roles[i] !== 'severity') return;
    for (const b of s.blocks.filter((x) => !consumed.has(x))) {
      // The bold guide wins when both are there: the section is kept beside it, not read as a second guide.
      if (severityLabel) keepAsNote(s.heading, 'severity', b);
      else if (b.kind === 'list') severityLines.push(...b.items.map((item) => item.text));
      else if (b.kind === 'table') {
        severityLines.push(...b.rows.filter((r) => levelStart.test(r[0] ?? '')).map((r) => `${r[0]}: ${r[1] ?? ''}`));
        if (b.rows[0]?.length > 2 || !levelStart.test(b.rows[0]?.[0] ?? '')) keepAsNote(s.heading, 'severity', b);
      } else if (b.kind === 'paragraph' && levelStart.test(b.inline.text)) severityLines.push(b.inline.text);
      else keepAsNote(s.heading, 'severity', b);
    }
  });

  const sectionsOf = (role: SectionRole) =>
    sections.filter((_, i) => roles[i] === role).map((s) => ({ title: s.heading, blocks: s.blocks.filter((b) => !consumed.has(b)) }));
  sections.forEach((s, i) => {
    const role = roles[i];
    const became = header(i) ? 'header' : role === 'contents' ? 'left out (table of contents)' : role ? roleName(role) : 'extra section';
    if (s.level > 0) notes.section(s.heading, s.line, s.blocks.length === 0 && !header(i) ? `${became} (empty)` : became);
    if (role === 'contents') s.blocks.forEach((b) => linesOf([b]).forEach((l) => notes.skip(typeof l === 'string' ? l : l.code, 'the table of contents')));
  });

  return {
    title,
    number,
    series,
    revised,
    problems,
    severityLines,
    label: (role) => labels.get(role),
    sectionsOf,
    blocksOf: (role) => sectionsOf(role).flatMap((s) => s.blocks),
    keepAsNote,
    allTexts: () =>
      sections.flatMap((s, i) =>
        roles[i] === 'contents'
          ? []
          : s.blocks.flatMap((b) => {
              const texts =
                b.kind === 'paragraph'
                  ? b.inline.lines.filter((l) => !structural(l)).map((l) => withoutKnownLabel(l, b.inline.label?.name))
                  : b.kind === 'list'
                    ? b.items.flatMap((it) => [it.text, ...it.codes])
                    : b.kind === 'code'
                      ? b.lines
                      : b.rows.slice(b.header ? 1 : 0).flat();
              return texts.filter((t) => t.trim()).map((text) => ({ text, line: b.line }));
            }),
      ),
    decisionRows: () =>
      decisionRows(
        sectionsOf('decisions').flatMap((s) => s.blocks),
        notes,
      ),
    extraSections() {
      const nextId = sectionIds();
      const extra: ExtraSectionDraft[] = [];
      const add = (title: string, phase: ExtraSectionDraft['phase'], blocks: Block[]) => {
        const lines = linesOf(blocks);
        if (lines.length > 0) extra.push({ id: nextId(title), title, phase, lines });
      };
      const about = sections.filter((_, i) => header(i)).flatMap((s) => s.blocks.filter((b) => !consumed.has(b)));
      add('About this runbook', 'intake', about);
      sections.forEach((s, i) => {
        const role = roles[i];
        if (role === 'signals') add(s.heading, 'triage', s.blocks);
        else if (role === undefined && !header(i)) {
          const parent = s.parent >= 0 && roles[s.parent] === undefined && !header(s.parent) ? `${sections[s.parent].heading}: ` : '';
          add(
            `${parent}${s.heading}`,
            phaseForTitle(`${parent}${s.heading}`),
            s.blocks.filter((b) => !consumed.has(b)),
          );
        }
      });
      for (const [title, { role, blocks }] of notesBeside) add(`${title} (notes)`, phaseForTitle(title, role), blocks);
      if (extra.length > 0)
        notes.info(
          `Kept ${extra.length} section(s) the series does not define, each on the card of its phase: ${extra.map((e) => `${e.title} (${e.phase})`).join(', ')}.`,
        );
      return extra;
    },
  };
}

/** "Incident objective: Restore ..." -> "Restore ...": a label the series defines is structure, not a sentence. */
function withoutKnownLabel(line: string, label: string | undefined): string {
  if (!label || !labelRole(label) || !line.startsWith(label)) return line;
  return line.slice(label.length).replace(/^\s*:\s*/, '');
}

/** Tables (GFM or tab-separated) or "finding: next step" bullets -> rows, header first; a third column joins the next step. */
function decisionRows(blocks: Block[], notes: ImportNotes): string[][] {
  const rows: string[][] = [];
  let header: string[] | undefined;
  for (const b of blocks) {
    if (b.kind === 'table' && b.rows.length > 0) {
      const [first, ...rest] = b.rows;
      const isHeader = b.header;
      header ??= isHeader ? first : undefined;
      rows.push(...(isHeader ? rest : b.rows));
    } else if (b.kind === 'list') {
      for (const item of b.items) {
        const m = /^(?:if (?:you (?:find|see) )?)?(.+?)\s*(?:->|→|=>|—|–|:| - |, then )\s*(.+)$/i.exec(item.text);
        if (m) rows.push([m[1], m[2]]);
        else rows.push([item.text]);
      }
      notes.guess('Decision path: read from a list ("finding: next step" per item).');
    }
  }
  const head = header ?? ['If you find...', 'Do this next'];
  return [
    head,
    ...rows.map((r) =>
      r.length <= 2
        ? r
        : [
            r[0],
            `${r[1]} ${r
              .slice(2)
              .map((c, k) => `(${head[k + 2] ?? 'also'}: ${c})`)
              .join(' ')}`,
          ],
    ),
  ];
}

function roleName(role: SectionRole): string {
  const names: Record<SectionRole, string> = {
    contents: 'table of contents',
    principles: 'principles',
    signals: 'extra section (diagnostic signals)',
    symptoms: 'symptoms',
    firstFifteen: 'first-15-minutes checklist',
    commands: 'command starters',
    decisions: 'decision path',
    remediation: 'remediation actions',
    validation: 'validation checklist',
    evidence: 'evidence list',
    summary: 'customer summary template',
    references: 'references',
    severity: 'severity guide',
  };
  return names[role];
}
