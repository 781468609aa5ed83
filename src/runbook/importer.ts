import type { RunbookDraft } from './draft';
import { RunbookFormatError } from './format-error';
import { commandsInBlock, looksLikeCommand, type CommandText } from './command-lines';
import { importCommands } from './import-commands';
import { importDecisions } from './import-decisions';
import { linesOf, phaseForTitle, type ExtraSectionDraft } from './import-extra-sections';
import { assembleIntake, capturedFields, capturePhrases } from './import-intake';
import { importPrinciples, importReferences, importSummary } from './import-parts';
import { approvalCategories, importRemediation, speaksOfApproval } from './import-remediation';
import { findLost, ImportNotes, type ImportReport, type SentenceRecord } from './import-report';
import { importSeverity } from './import-severity';
import { readStructure, type Structure } from './import-structure';
import type { Block, Inline } from './markdown-document';
import { runbookSchema, type Runbook } from './schema';
import { kebabId, sentencesOf, splitEnumeration, trimChars, trimEndChars, uniqueIds } from './text-ids';

export { RunbookFormatError } from './format-error';

// Pure: a document of the Microsoft 365 Administration Runbooks series, from any author -> a definition draft and a report.

export interface ImportResult {
  draft: RunbookDraft;
  runbook: Runbook;
  report: ImportReport;
}

/** Imports one document; throws RunbookFormatError with every reason in words when it cannot be a runbook. */
export function importRunbook(markdown: string, opts: { id?: string } = {}): ImportResult {
  const notes = new ImportNotes();
  const { draft, unaccounted } = draftFromMarkdown(markdown, opts, notes);
  const parsed = runbookSchema.safeParse(draft);
  if (!parsed.success) {
    throw new RunbookFormatError(parsed.error.issues.map((i) => `The imported definition is invalid at ${i.path.join('.') || '(root)'}: ${i.message}.`));
  }
  notes.report.lost = [...findLost(draft, notes.report.sentences), ...findLost(draft, unaccounted)];
  for (const s of notes.report.lost) notes.warn(`Line ${s.line}: "${s.text}" did not fully land in ${s.keptIn}.`);
  return { draft, runbook: parsed.data, report: notes.report };
}

export function importRunbookMarkdown(markdown: string, opts: { id?: string } = {}): Runbook {
  return importRunbook(markdown, opts).runbook;
}

/** The import as written (defaults left out), for a YAML file. */
export function importRunbookDraft(markdown: string, opts: { id?: string } = {}): RunbookDraft {
  return importRunbook(markdown, opts).draft;
}

/** The draft, and every text of the document as a check that nothing escaped the ledger (each must land somewhere). */
function draftFromMarkdown(markdown: string, opts: { id?: string }, notes: ImportNotes): { draft: RunbookDraft; unaccounted: SentenceRecord[] } {
  const doc = readStructure(markdown, notes);
  const problems = [...doc.problems];
  const keepAll = (texts: string[], line: number, path: string) => texts.forEach((t) => sentencesOf(t).forEach((s) => notes.keep(s, line, path)));
  /** Remediation items that the structure around them gates: a heading or lead line that speaks of approval, an approval column. */
  const gates = new Map<string, string>();
  const items = (role: Parameters<Structure['blocksOf']>[0], path: string): string[] => {
    const found: { text: string; line: number }[] = [];
    const add = (line: number, ...texts: string[]) => texts.forEach((text) => text && found.push({ text, line }));
    for (const { blocks, title } of doc.sectionsOf(role)) {
      const byHeading = speaksOfApproval(title) ? `it is listed under "${title}"` : undefined;
      let lead = byHeading;
      for (const b of blocks) {
        const gate = (texts: string[], reason = lead) => role === 'remediation' && reason && texts.forEach((t) => gates.set(t, reason));
        if (b.kind === 'list') {
          add(b.line, ...b.items.map((i) => i.text));
          gate(b.items.map((i) => i.text));
          lead = byHeading;
        } else if (b.kind === 'paragraph' && !/:$/.test(b.inline.text))
          add(b.line, ...(role === 'remediation' || role === 'evidence' ? [b.inline.text] : sentencesOf(b.inline.text)));
        else if (b.kind === 'table') {
          const column = b.header ? b.rows[0].findIndex((h) => speaksOfApproval(h)) : -1;
          for (const row of b.rows.slice(b.header ? 1 : 0)) {
            const text = column >= 0 ? row.filter((_, k) => k !== column).join(': ') : row.join(': ');
            add(b.line, text);
            if (column >= 0 && /^(?:yes|y|required|true|needed|x|✓|✔)/i.test(row[column] ?? ''))
              gate([text], `its "${b.rows[0][column]}" column says "${row[column]}"`);
            else gate([text]);
          }
        } else {
          if (b.kind === 'paragraph' && speaksOfApproval(b.inline.text)) lead = `the line above it says "${b.inline.text}"`;
          doc.keepAsNote(title, role, b);
        }
      }
    }
    found.forEach((t) => notes.keep(t.text, t.line, path));
    return found.map((t) => t.text);
  };

  const severity = importSeverity(doc.severityLines, notes);
  keepAll(doc.severityLines, 0, 'severity');
  if (doc.severityLines.length > 0) problems.push(...severity.problems);
  else problems.push('The document has no severity guide (a bold "Severity guide:" line or a "Severity" section with "Sev 1 when ..." levels).');

  const symptoms = items('symptoms', 'symptoms');
  const firstFifteen = items('firstFifteen', 'firstFifteen');
  const remediationItems = items('remediation', 'remediation');
  const validation = items('validation', 'validation');
  const evidence = items('evidence', 'evidence');
  const required: [string, string[]][] = [
    ['symptoms ("Common Symptoms")', symptoms],
    ['first-15-minutes checklist ("First 15 Minutes")', firstFifteen],
    ['remediation actions ("Remediation Actions")', remediationItems],
    ['validation checklist ("Validation Checklist")', validation],
    ['evidence list ("Evidence to Attach")', evidence],
  ];
  for (const [what, list] of required) if (list.length === 0) problems.push(`The document has no ${what} with items.`);

  const summaryBlocks = doc.blocksOf('summary');
  const summary = importSummary(summaryBlocks, notes);
  summaryBlocks.forEach((b) => keepBlock(b, 'summary', notes));
  if (summary.length === 0)
    problems.push('The document has no customer summary template ("**What happened:** <hint>" lines under "Customer-Facing Summary Template").');

  const commandTexts: CommandText[] = [];
  const noteParts: string[] = [];
  for (const { blocks } of doc.sectionsOf('commands')) readCommandBlocks(blocks, commandTexts, noteParts);
  commandTexts.forEach((c) => c.template.split('\n').forEach((l) => notes.keep(l, 0, 'commands')));
  keepAll(noteParts, 0, 'commandNote');

  const operatorNote = doc.label('operatorNote');
  const operatorParagraphs = operatorNote ? [operatorNote.text, ...operatorNote.more].filter(Boolean) : [];
  const captured = capturedFields(capturePhrases([...operatorParagraphs, ...firstFifteen]), notes);
  const imported = importCommands(commandTexts, captured, notes);
  const intake = assembleIntake(captured, imported.fields, severity.questions);
  if (intake.length === 0)
    problems.push('The document asks for nothing to collect: no "Capture ..." operator note, no "Collect ..." first-15-minutes item, no placeholders.');

  const remediation = importRemediation(remediationItems, approvalCategories(evidence), notes, gates);
  const decisionRows = doc.decisionRows();
  decisionRows
    .slice(1)
    .flat()
    .forEach((cell) => notes.keep(cell, 0, 'decisions'));
  const decisions = importDecisions(decisionRows, remediation);
  problems.push(...decisions.problems);
  if (decisionRows.length <= 1) problems.push('The document has no decision path (a "Decision Path" table of "finding | next step" rows).');

  const extra = [...doc.extraSections(), ...unsafeSection(imported.unsafe)];
  extra.forEach((s) => s.lines.forEach((l) => notes.keep(typeof l === 'string' ? l : l.code, 0, 'sections')));

  const principleTexts = doc
    .blocksOf('principles')
    .flatMap((b) => (b.kind === 'paragraph' ? [b.inline.text] : b.kind === 'list' ? b.items.map((i) => i.text) : []));
  keepAll(principleTexts, 0, 'principles');
  const principles = [...importPrinciples([...operatorParagraphs.slice(1), ...principleTexts], false)];

  if (problems.length > 0 || !doc.title || !doc.number || !doc.revised || !severity.severity) throw new RunbookFormatError(problems);
  const audience = doc.label('audience')?.text ?? '';
  const objective = doc.label('objective')?.text ?? '';
  keepAll([audience], 0, 'audience');
  keepAll([objective], 0, 'objective');
  keepAll(operatorParagraphs, 0, 'operatorNote');
  const references = importReferences(doc.blocksOf('references').flatMap((b) => (b.kind === 'list' ? b.items : b.kind === 'paragraph' ? [b.inline] : [])));
  references.forEach((r) => notes.keep(r.title, 0, 'references'));

  const unaccounted = doc.allTexts().map((t) => ({ ...t, keptIn: '' }));
  const draft: RunbookDraft = {
    id: opts.id ?? kebabId(doc.title),
    title: doc.title,
    series: { name: doc.series, number: doc.number },
    revised: doc.revised,
    audience: audience ? splitEnumeration(audience, true) : ['IT operations'],
    objective: objective || doc.title,
    operatorNote: operatorParagraphs.length > 0 ? operatorParagraphs : [`Work through ${doc.title} step by step.`],
    principles,
    severity: severity.severity,
    symptoms,
    intake,
    firstFifteen: listIds(firstFifteen),
    ...(noteParts.length > 0 ? { commandNote: noteParts.join(' ') } : {}),
    commands: imported.commands,
    decisions: decisions.decisions,
    remediation,
    validation: listIds(validation),
    evidence: listIds(evidence),
    summary,
    references,
    ...(extra.length > 0 ? { sections: extra } : {}),
  };
  return { draft, unaccounted };
}

function listIds(items: string[]): { id: string; text: string }[] {
  const nextId = uniqueIds();
  return items.map((text) => ({ id: nextId(kebabId(text, 4)), text }));
}

/** Code blocks, and code spans in bullets or paragraphs that are commands, become command texts; other prose is the command note. */
function readCommandBlocks(blocks: Block[], commands: CommandText[], noteParts: string[]): void {
  blocks.forEach((b, i) => {
    if (b.kind === 'code') {
      const before = blocks[i - 1];
      const title = before?.kind === 'paragraph' && /:$/.test(before.inline.text) ? before.inline.text.replace(/:$/, '') : undefined;
      commands.push(...commandsInBlock(b.lines, title));
    } else if (b.kind === 'list') b.items.forEach((item) => commands.push(...commandsOfInline(item, noteParts)));
    else if (b.kind === 'paragraph') {
      const next = blocks[i + 1];
      if (next?.kind === 'code' && /:$/.test(b.inline.text)) return;
      if (b.inline.text) noteParts.push(b.inline.text);
    }
  });
}

function commandsOfInline(inline: Inline, noteParts: string[]): CommandText[] {
  // A code span is a starter when it is a command with arguments, or ends the bullet ("Check the rules: `Get-TransportRule`").
  const endsItem = (code: string) => trimEndChars(inline.text, ' \t.;:').endsWith(code.trim());
  const codes = inline.codes.filter((c) => looksLikeCommand(c) && (/\s-[A-Za-z]|<[^>]+>|\|/.test(c) || endsItem(c)));
  if (codes.length === 0) {
    if (inline.text) noteParts.push(inline.text);
    return [];
  }
  let prose = inline.text;
  for (const c of codes) prose = prose.replace(c, ' ');
  const title = trimChars(prose.replace(/\s+/g, ' '), ' :;,.-');
  return codes.map((template) => ({ template, ...(title && codes.length === 1 ? { title } : {}) }));
}

function unsafeSection(unsafe: { template: string; reasons: string[] }[]): ExtraSectionDraft[] {
  if (unsafe.length === 0) return [];
  return [
    {
      id: 'commands-not-filled',
      title: 'Commands to fill in by hand',
      phase: phaseForTitle('', 'commands'),
      lines: unsafe.flatMap((u) => [{ code: u.template }, `Not filled in by the bot: ${u.reasons.join('; ')}.`]),
    },
  ];
}

function keepBlock(b: Block, path: string, notes: ImportNotes): void {
  for (const text of linesOf([b])) notes.keep(typeof text === 'string' ? text : text.code, b.line, path);
}
