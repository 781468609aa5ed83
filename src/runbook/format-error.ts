// The importer's typed error: the Markdown is not in the runbook series' format.

/** Thrown by importRunbookMarkdown; `problems` are whole sentences, e.g. `The document has no "Decision Path" section.` */
export class RunbookFormatError extends Error {
  override readonly name = 'RunbookFormatError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}
