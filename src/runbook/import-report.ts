import { splitWords } from './text-ids';

// Pure: what an import did: each section and what it became, every guess, every warning, and where each sentence went.

export interface SectionOutcome {
  title: string;
  line: number;
  became: string;
}

/** One sentence (or list item, table cell, code line) of the document and the definition part that keeps it. */
export interface SentenceRecord {
  text: string;
  line: number;
  /** Dotted path in the definition, e.g. "remediation" or "sections"; '' for the whole definition. */
  keptIn: string;
}

export interface ImportReport {
  sections: SectionOutcome[];
  info: string[];
  guesses: string[];
  warnings: string[];
  sentences: SentenceRecord[];
  /** Sentences whose words are not all found where the ledger says they went (should be none). */
  lost: SentenceRecord[];
  /** Lines deliberately left out, with why (the table of contents only). */
  skipped: { text: string; why: string }[];
}

/** Collects the report while the importer works; every part of the importer writes to it. */
export class ImportNotes {
  readonly report: ImportReport = { sections: [], info: [], guesses: [], warnings: [], sentences: [], lost: [], skipped: [] };
  info(text: string): void {
    if (!this.report.info.includes(text)) this.report.info.push(text);
  }
  guess(text: string): void {
    this.report.guesses.push(text);
  }
  warn(text: string): void {
    if (!this.report.warnings.includes(text)) this.report.warnings.push(text);
  }
  section(title: string, line: number, became: string): void {
    this.report.sections.push({ title, line, became });
  }
  keep(text: string, line: number, keptIn: string): void {
    if (text.trim()) this.report.sentences.push({ text: text.trim(), line, keptIn });
  }
  skip(text: string, why: string): void {
    this.report.skipped.push({ text, why });
  }
}

const structural = new Set(['a', 'an', 'the', 'and', 'or', 'sev', 'severity', 'p', 'priority', 'when', 'if', 'whenever', 'applies', 'means', 'is', 'for']);

/** Content words of a text: camelCase and punctuation split, lower case, structural words and lone digits left out. */
export function contentWords(text: string): string[] {
  return splitWords(text)
    .map((w) => w.toLowerCase())
    .filter((w) => !structural.has(w) && !/^\d$/.test(w));
}

/** The ledger checked against the definition: a sentence is lost when a content word of it is missing at its path. */
export function findLost(definition: unknown, sentences: SentenceRecord[]): SentenceRecord[] {
  const wordsAt = new Map<string, Set<string>>();
  const at = (path: string): Set<string> => {
    let words = wordsAt.get(path);
    if (!words) {
      const value =
        path === ''
          ? definition
          : path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), definition);
      words = new Set(contentWords(value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)));
      wordsAt.set(path, words);
    }
    return words;
  };
  return sentences.filter((s) => !contentWords(s.text).every((w) => at(s.keptIn).has(w)));
}

/** The report as lines for a person: sections, guesses, warnings, and "N of N sentences kept". */
export function formatImportReport(report: ImportReport, source: string): string[] {
  const kept = report.sentences.length - report.lost.length;
  const lines = [`Import report for ${source}`, '', 'Sections:'];
  for (const s of report.sections) lines.push(`  line ${s.line}  ${s.title || '(before the first heading)'} -> ${s.became}`);
  if (report.info.length > 0) lines.push('', 'What it read:', ...report.info.map((t) => `  ${t}`));
  lines.push('', report.guesses.length > 0 ? 'Guesses (check them):' : 'Guesses: none', ...report.guesses.map((t) => `  ? ${t}`));
  lines.push('', report.warnings.length > 0 ? 'Warnings:' : 'Warnings: none', ...report.warnings.map((t) => `  ! ${t}`));
  if (report.skipped.length > 0) lines.push('', `Left out: ${report.skipped.length} line(s) of ${[...new Set(report.skipped.map((s) => s.why))].join(', ')}`);
  for (const s of report.lost) lines.push(`  LOST line ${s.line}: "${s.text}" (${s.keptIn ? `expected in ${s.keptIn}` : 'found nowhere in the definition'})`);
  lines.push('', `${kept} of ${report.sentences.length} sentences kept.`);
  return lines;
}
