import type { RunbookDraft } from './draft';
import { RunbookFormatError } from './format-error';
import { importCommands } from './import-commands';
import { importDecisions } from './import-decisions';
import { assembleIntake, standardFieldIds } from './import-intake';
import { importPrinciples, importReferences, importRevised, importSummary } from './import-parts';
import { approvalCategories, importRemediation } from './import-remediation';
import { importSeverity } from './import-severity';
import { findSection, labelledParagraphs, listItems, parseMarkdown, plainText, type Section } from './markdown-sections';
import { runbookSchema, type Runbook } from './schema';
import { kebabId, splitEnumeration, uniqueIds } from './text-ids';

export { RunbookFormatError } from './format-error';

// Pure: a document in the Microsoft 365 Administration Runbooks Markdown format -> a runbook definition draft.

const requiredSections = [
  'Common Symptoms',
  'First 15 Minutes',
  'Decision Path',
  'Remediation Actions',
  'Validation Checklist',
  'Evidence to Attach',
  'Customer-Facing Summary Template',
] as const;
const requiredLabels = ['Audience', 'Severity guide', 'Incident objective', 'Operator note'] as const;

/** Imports one runbook document; throws RunbookFormatError naming, in words, everything missing or unreadable. */
export function importRunbookMarkdown(markdown: string, opts: { id?: string } = {}): Runbook {
  return validated(draftFromMarkdown(markdown, opts));
}

/** The same import as written (defaults left out), for a YAML file; validated like importRunbookMarkdown. */
export function importRunbookDraft(markdown: string, opts: { id?: string } = {}): RunbookDraft {
  const draft = draftFromMarkdown(markdown, opts);
  validated(draft);
  return draft;
}

function validated(draft: RunbookDraft): Runbook {
  const parsed = runbookSchema.safeParse(draft);
  if (!parsed.success) {
    throw new RunbookFormatError(parsed.error.issues.map((i) => `The imported definition is invalid at ${i.path.join('.') || '(root)'}: ${i.message}.`));
  }
  return parsed.data;
}

function draftFromMarkdown(markdown: string, opts: { id?: string }): RunbookDraft {
  const doc = parseMarkdown(markdown);
  const problems: string[] = [];
  const section = (name: string): Section | undefined => findSection(doc, name);

  const title = doc.headings.find((h) => h.level === 1)?.text;
  if (!title) problems.push('The document has no title (a first line starting with "# ").');
  const number = doc.headings.map((h) => /\bRunbook\s+(\d{1,3})\s*$/i.exec(h.text)).find(Boolean)?.[1];
  if (!number) problems.push('The document has no "Runbook NN" subtitle (e.g. "## Microsoft 365 Administration Runbook 04").');
  const seriesName = doc.headings.find((h) => /Runbooks\s*$/i.test(h.text))?.text;
  if (!seriesName) problems.push('The document has no series line (a heading ending in "Runbooks").');
  const revised = importRevised(doc);
  if (!revised) problems.push('The document has no revision date line (e.g. "2026-05-29").');

  const missing = requiredSections.filter((name) => !section(name));
  problems.push(...missing.map((name) => `The document has no "${name}" section.`));

  const labelled = labelledParagraphs(doc.sections.filter((s) => !/summary template/i.test(s.heading)));
  const label = (name: string) => labelled.find((l) => l.label.toLowerCase() === name.toLowerCase());
  problems.push(...requiredLabels.filter((name) => !label(name)?.text).map((name) => `The document has no bold "${name}:" line.`));

  const severity = importSeverity(label('Severity guide')?.text ?? '');
  if (label('Severity guide')) problems.push(...severity.problems);

  const listOf = (name: (typeof requiredSections)[number], what: string): string[] => {
    const items = listItems(section(name));
    if (section(name) && items.length === 0) problems.push(`The "${name}" section has no ${what}.`);
    return items;
  };
  const symptoms = listOf('Common Symptoms', 'bullet items');
  const firstFifteen = listOf('First 15 Minutes', 'bullet items');
  const remediationItems = listOf('Remediation Actions', 'bullet items');
  const validation = listOf('Validation Checklist', 'bullet items');
  const evidence = listOf('Evidence to Attach', 'bullet items');
  const summary = importSummary(section('Customer-Facing Summary Template'));
  if (section('Customer-Facing Summary Template') && summary.length === 0) {
    problems.push('The "Customer-Facing Summary Template" section has no "**Label:** <hint>" lines.');
  }

  const operatorNote = label('Operator note');
  const operatorParagraphs = operatorNote ? [operatorNote.text, ...operatorNote.more].filter(Boolean) : [];
  const mentionText = [...firstFifteen, ...operatorParagraphs].join('\n');
  const commandSection = section('Command Starters');
  const codeBlocks = (commandSection?.blocks ?? []).flatMap((b) => (b.kind === 'code' ? [b.lines] : []));
  const commandNote = (commandSection?.blocks ?? []).flatMap((b) => (b.kind === 'paragraph' ? [plainText(b.text)] : [])).join(' ');
  const { commands, fields } = importCommands(codeBlocks, standardFieldIds(mentionText));

  const remediation = importRemediation(remediationItems, approvalCategories(evidence));
  const rows = (section('Decision Path')?.blocks ?? []).flatMap((b) => (b.kind === 'table' ? b.rows : []));
  if (section('Decision Path') && rows.length < 2) problems.push('The "Decision Path" section has no table rows (a header, then "finding<TAB>next step" lines).');
  const decisions = importDecisions(rows, remediation);
  problems.push(...decisions.problems);

  if (problems.length > 0 || !title || !number || !seriesName || !revised || !severity.severity) throw new RunbookFormatError(problems);

  const listIds = (items: string[]) => {
    const nextId = uniqueIds();
    return items.map((text) => ({ id: nextId(kebabId(text, 4)), text }));
  };
  return {
    id: opts.id ?? kebabId(title),
    title,
    series: { name: seriesName, number: Number(number) },
    revised,
    audience: splitEnumeration(label('Audience')?.text ?? '', true),
    objective: label('Incident objective')?.text ?? '',
    operatorNote: operatorParagraphs,
    principles: importPrinciples(doc),
    severity: severity.severity,
    symptoms,
    intake: assembleIntake(mentionText, fields),
    firstFifteen: listIds(firstFifteen),
    ...(commandNote ? { commandNote } : {}),
    commands,
    decisions: decisions.decisions,
    remediation,
    validation: listIds(validation),
    evidence: listIds(evidence),
    summary,
    references: importReferences(section('Reference Anchors')),
  };
}
