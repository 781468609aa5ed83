import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/project-root';
import { importRunbookDraft, importRunbookMarkdown, RunbookFormatError } from '../../src/runbook/importer';
import { parseRunbook } from '../../src/runbook/loader';
import { runbookSchema, type Runbook } from '../../src/runbook/schema';
import { runbookToYaml } from '../../src/runbook/yaml-writer';
import { seedYaml } from './runbook-files';

const exchangeMd = join(projectRoot(), '..', 'shared', 'runbooks', 'exchange-online-mail-flow-failure.md');
const sharepointMd = join(projectRoot(), 'test', 'fixtures', 'runbooks', 'sharepoint-online-external-sharing-failure.md');
const haveExchange = existsSync(exchangeMd);
const exchangeTest = haveExchange ? test : test.skip;
if (!haveExchange) console.warn(`Skipping the seed equivalence tests: ${exchangeMd} is not there (the shared runbook folder is outside the repository).`);
const exchangeText = () => readFileSync(exchangeMd, 'utf8');
const sharepointText = () => readFileSync(sharepointMd, 'utf8');

function formatError(fn: () => unknown): RunbookFormatError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RunbookFormatError) return err;
    throw err;
  }
  throw new Error('expected a RunbookFormatError');
}

/** Each command's template with its placeholders mapped to the type of the field they are bound to. */
function placeholderTypes(rb: Runbook): [string, Record<string, string>][] {
  const types = new Map(rb.intake.map((f) => [f.id, f.type]));
  return rb.commands.map((c) => [c.template, Object.fromEntries(Object.entries(c.bind).map(([name, field]) => [name, types.get(field) ?? 'unbound']))]);
}

describe('importRunbookMarkdown: the Exchange Online seed document', () => {
  const seed = () => parseRunbook(seedYaml(), 'seed.yaml');
  const imported = () => importRunbookMarkdown(exchangeText());

  exchangeTest('states the same header facts as the hand-encoded seed', () => {
    const [a, b] = [imported(), seed()];
    expect(a.id).toBe(b.id);
    expect(a.title).toBe(b.title);
    expect(a.series).toEqual(b.series);
    expect(a.revised).toBe(b.revised);
    expect(a.audience).toEqual(b.audience);
    expect(a.objective).toBe(b.objective);
    expect(a.operatorNote).toEqual(b.operatorNote);
    expect(a.commandNote).toBe(b.commandNote);
    expect(a.principles).toEqual(b.principles);
  });

  exchangeTest('has the same severity levels, criteria and conditions', () => {
    const [a, b] = [imported().severity, seed().severity];
    expect(a.levels).toEqual(b.levels);
    expect([a.fallback.id, a.fallback.label]).toEqual([b.fallback.id, b.fallback.label]);
  });

  exchangeTest('has the same lists: symptoms, first 15 minutes, validation, evidence', () => {
    const [a, b] = [imported(), seed()];
    const texts = (items: { text: string }[]) => items.map((i) => i.text);
    expect(a.symptoms).toEqual(b.symptoms);
    expect(texts(a.firstFifteen)).toEqual(texts(b.firstFifteen));
    expect(texts(a.validation)).toEqual(texts(b.validation));
    expect(texts(a.evidence)).toEqual(texts(b.evidence));
  });

  exchangeTest('has the same command templates, with placeholders bound to fields of the same types', () => {
    const [a, b] = [imported(), seed()];
    expect(placeholderTypes(a)).toEqual(placeholderTypes(b));
    expect(a.commands.map((c) => c.bind)).toEqual(b.commands.map((c) => c.bind));
    const trace = a.intake.find((f) => f.id === 'messageTraceId');
    expect(trace).toMatchObject({ type: 'guid', stage: 'triage', required: false, help: 'The MessageTraceId from the Get-MessageTrace output.' });
  });

  exchangeTest('asks for the same intake fields, with the same types, in the same order', () => {
    const [a, b] = [imported(), seed()];
    const brief = (rb: Runbook) => rb.intake.map((f) => [f.id, f.type, f.required, f.stage, f.choices?.map((c) => c.value)]);
    expect(brief(a)).toEqual(brief(b));
  });

  exchangeTest('has the same decisions: findings, next steps, NDR flag, and branch actions by text', () => {
    const [a, b] = [imported(), seed()];
    const brief = (rb: Runbook) =>
      rb.decisions.map((d) => [d.finding, d.next, d.ndr, d.branch.actions.map((id) => rb.remediation.find((r) => r.id === id)?.text)]);
    expect(brief(a)).toEqual(brief(b));
    expect(a.decisions[0].branch.steps.map((s) => s.text)).toEqual([
      'Investigate mailbox rules.',
      'Investigate junk.',
      'Investigate focused inbox.',
      'Investigate client sync.',
      'Investigate user search.',
    ]);
    expect(a.decisions[1].branch.steps.map((s) => s.text)[0]).toBe('Use NDR code to fix DNS.');
  });

  exchangeTest('has the same remediation actions: intrusive, approval and NDR categories', () => {
    const [a, b] = [imported(), seed()];
    const brief = (rb: Runbook) => rb.remediation.map((r) => [r.text, r.intrusive, r.approval.required, r.ndrCategories]);
    expect(brief(a)).toEqual(brief(b));
    const reasons = a.remediation.map((r) => (r.approval.required ? r.approval.reason : undefined));
    expect(reasons[0]).toMatch(/change control/);
    expect(reasons[1]).toMatch(/policy bypass/);
  });

  exchangeTest('has the same summary fields and reference titles', () => {
    const [a, b] = [imported(), seed()];
    expect(a.summary).toEqual(b.summary);
    expect(a.references.map((r) => r.title)).toEqual(b.references.map((r) => r.title));
    expect(a.references.every((r) => r.url === undefined)).toBe(true);
  });

  exchangeTest('ignores the table of contents and the empty sections', () => {
    const yaml = runbookToYaml(importRunbookDraft(exchangeText()));
    expect(yaml).not.toContain('.....');
    expect(yaml).not.toMatch(/Triage Flow|Diagnostic Signal Focus|Table of Contents/);
  });

  exchangeTest('reads Windows line endings and a pipe table the same way', () => {
    const piped = exchangeText()
      .replace('If you find...\tDo this next', '| If you find... | Do this next |\n| --- | --- |')
      .replace(/^([^\t\n]+)\t([^\n]+)$/gm, (line, a: string, b: string) => (line.includes('.....') ? line : `| ${a} | ${b} |`));
    expect(importRunbookMarkdown(piped.replace(/\n/g, '\r\n'))).toEqual(imported());
  });

  exchangeTest('round-trips through the YAML writer and the loader', () => {
    const draft = importRunbookDraft(exchangeText());
    const yaml = runbookToYaml(draft, ['Imported for a test.']);
    expect(yaml.split('\n').slice(0, 2)).toEqual(['# yaml-language-server: $schema=./runbook.schema.json', '# Imported for a test.']);
    expect(yaml).toContain('revised: "2026-05-29"');
    expect(yaml).toContain('in: [ "yes" ]');
    expect(parseRunbook(yaml, 'imported.yaml')).toEqual(imported());
  });

  exchangeTest('uses the id it is given', () => {
    expect(importRunbookMarkdown(exchangeText(), { id: 'mail-flow' }).id).toBe('mail-flow');
  });

  exchangeTest('names a missing section in words', () => {
    const err = formatError(() => importRunbookMarkdown(exchangeText().replace('## Decision Path', '## Decisions')));
    expect(err.problems).toEqual(['The document has no "Decision Path" section.']);
    expect(err.message).toBe('The document has no "Decision Path" section.');
  });

  exchangeTest('says when a severity level has no condition it can map', () => {
    const err = formatError(() => importRunbookMarkdown(exchangeText().replace('Sev 2 when a department, workload, or high-priority user', 'Sev 2 when printing')));
    expect(err.problems).toEqual([expect.stringMatching(/^Severity level "Sev 2" names no condition the importer recognises/)]);
  });

  exchangeTest('types placeholders by the parameter before them, else by their name', () => {
    const commands = [
      'Get-Mailbox -Identity <mailbox>',
      'Get-User -Identity <person>',
      'Get-MessageTrace -MessageId <msg>',
      'Get-AcceptedDomain -Identity <accepted>',
      'Get-DkimSigningConfig -DomainName <dkimDomain>',
      'Get-SPOExternalUser -Filter <guestAddress>',
      'Get-Recipient -Filter <anything>',
      'Search-UnifiedAuditLog -StartDate <from> -EndDate <to>',
    ].join('\n');
    const md = exchangeText().replace(/## Command Starters[\s\S]*?(?=## Decision Path)/, `## Command Starters\n\n\`\`\`\n${commands}\n\`\`\`\n\n`);
    const rb = importRunbookMarkdown(md);
    const type = (id: string) => rb.intake.find((f) => f.id === id)?.type;
    expect([type('mailbox'), type('person'), type('msg'), type('accepted'), type('dkimDomain'), type('guestAddress'), type('anything')]).toEqual([
      'email',
      'email',
      'message-id',
      'text',
      'domain',
      'email',
      'text',
    ]);
    expect(rb.intake.find((f) => f.id === 'from')).toMatchObject({ label: 'From', type: 'datetime', required: false });
    expect(rb.commands.map((c) => c.title)).toContain('Mailbox');
    expect(rb.commandNote).toBeUndefined();
  });
});

describe('importRunbookMarkdown: other documents', () => {
  test('imports the SharePoint Online external sharing runbook (07) into a valid definition', () => {
    const rb = importRunbookMarkdown(sharepointText());
    expect(runbookSchema.safeParse(rb).success).toBe(true);
    expect(rb).toMatchObject({ id: 'sharepoint-online-external-sharing-failure', series: { number: 7 }, revised: '2026-06-12' });
    const type = (id: string) => rb.intake.find((f) => f.id === id);
    expect(type('siteUrl')).toMatchObject({ type: 'text', label: 'Site URL', required: true });
    expect(type('user')).toMatchObject({ type: 'email', required: true });
    expect(type('guestAddress')).toMatchObject({ type: 'email', required: true });
    expect(type('start')).toMatchObject({ type: 'datetime', label: 'Start date' });
    expect(type('errorText')).toMatchObject({ type: 'multiline', label: 'Exact error text' });
    expect(type('ndrText')).toBeUndefined();
    expect(rb.decisions.map((d) => d.finding)).toHaveLength(5);
    expect(rb.decisions.every((d) => !d.ndr)).toBe(true);
    expect(rb.remediation.map((r) => [r.intrusive, r.approval.required])).toEqual([
      [true, true],
      [true, true],
      [true, true],
      [true, true],
      [false, false],
    ]);
    expect(rb.references.filter((r) => r.url)).toHaveLength(3);
    expect(rb.references[3]).toEqual({ title: 'SharePoint Online Management Shell' });
  });

  test('the committed SharePoint runbook YAML loads and matches a fresh import, plus its hand-added live checks', () => {
    const file = join(projectRoot(), 'src', 'runbooks', 'sharepoint-online-external-sharing-failure.yaml');
    // The Markdown guides do not name live lookups: `diagnostics` is the one section added by hand.
    const { diagnostics, ...imported } = parseRunbook(readFileSync(file, 'utf8'), file);
    expect(imported).toEqual(importRunbookMarkdown(sharepointText()));
    expect(diagnostics).toEqual({ serviceHealth: { service: 'SharePoint Online' }, evidence: 'screenshots-logs-health-status' });
  });

  test('lists everything missing from a document that is not a runbook', () => {
    const err = formatError(() => importRunbookMarkdown('# Meeting notes\n\nNothing to see.\n'));
    expect(err.problems).toEqual(
      expect.arrayContaining([
        'The document has no "Runbook NN" subtitle (e.g. "## Microsoft 365 Administration Runbook 04").',
        'The document has no revision date line (e.g. "2026-05-29").',
        'The document has no "Common Symptoms" section.',
        'The document has no "Decision Path" section.',
        'The document has no "Customer-Facing Summary Template" section.',
        'The document has no bold "Severity guide:" line.',
      ]),
    );
    expect(err.problems).not.toContain('The document has no title (a first line starting with "# ").');
    expect(formatError(() => importRunbookMarkdown('')).problems[0]).toBe('The document has no title (a first line starting with "# ").');
  });

  test('says when a section is there but empty', () => {
    const md = sharepointText().replace(/(## Validation Checklist\n\n)(- .*\n)+/, '$1');
    expect(formatError(() => importRunbookMarkdown(md)).problems).toEqual(['The "Validation Checklist" section has no bullet items.']);
  });
});
