import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/project-root';
import { importRunbookDraft, importRunbookMarkdown, RunbookFormatError } from '../../src/runbook/importer';
import { parseRunbook } from '../../src/runbook/loader';
import type { Runbook } from '../../src/runbook/schema';
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

  exchangeTest("has the same severity levels and criteria, asked as one yes/no question per level in the guide's words", () => {
    const [a, b] = [imported().severity, seed().severity];
    const brief = (levels: typeof a.levels) => levels.map((l) => [l.id, l.label, l.criteria, l.escalate]);
    expect(brief(a.levels)).toEqual(brief(b.levels));
    expect([a.fallback.id, a.fallback.label]).toEqual([b.fallback.id, b.fallback.label]);
    expect(a.fallback.criteria).toBe("None of the guide's Sev 1 or Sev 2 criteria hold.");
    const questions = imported().intake.filter((f) => a.levels.some((l) => l.when.some((w) => w.field === f.id)));
    expect(questions.map((q) => [q.label, q.type, q.default])).toEqual([
      ['Tenant-wide access, mail flow, collaboration, identity, security, or regulated data is blocked', 'yes-no', 'no'],
      ['A department, workload, or high-priority user is impaired with a workaround', 'yes-no', 'no'],
    ]);
  });

  exchangeTest('has the same lists: symptoms, first 15 minutes, validation, evidence', () => {
    const [a, b] = [imported(), seed()];
    const texts = (items: { text: string }[]) => items.map((i) => i.text);
    expect(a.symptoms).toEqual(b.symptoms);
    expect(texts(a.firstFifteen)).toEqual(texts(b.firstFifteen));
    expect(texts(a.validation)).toEqual(texts(b.validation));
    expect(texts(a.evidence)).toEqual(texts(b.evidence));
  });

  exchangeTest("has the same command templates (V2 first, the guide's original kept), with placeholders bound to fields of the same types", () => {
    const [a, b] = [imported(), seed()];
    expect(placeholderTypes(a)).toEqual(placeholderTypes(b));
    expect(a.commands.map((c) => c.bind)).toEqual(b.commands.map((c) => c.bind));
    expect(a.commands.map((c) => [c.title, c.retired?.original, c.retired?.rewritten])).toEqual(
      b.commands.map((c) => [c.title, c.retired?.original, c.retired?.rewritten]),
    );
    const trace = a.intake.find((f) => f.id === 'messageTraceId');
    expect(trace).toMatchObject({ type: 'guid', stage: 'triage', required: false, help: 'The MessageTraceId from the Get-MessageTrace output.' });
  });

  exchangeTest('asks for every field the document names, with the same types, and no scope choice it does not state', () => {
    const [a, b] = [imported(), seed()];
    const stated = (rb: Runbook) => rb.intake.filter((f) => f.type !== 'yes-no' && f.type !== 'choice').map((f) => [f.type, f.stage, f.required]);
    const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(sorted(stated(a))).toEqual(sorted(stated(b)));
    expect(a.intake.map((f) => f.label)).toEqual(
      expect.arrayContaining([
        'Who is affected',
        'When it started',
        'Time zone',
        'Sender',
        'Recipient',
        'Subject',
        'Message ID',
        'NDR or exact error text',
        'Device/service identifiers',
        'Request IDs',
      ]),
    );
    expect(a.intake.find((f) => f.id === 'scope')).toBeUndefined();
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

  exchangeTest('names a missing section in words, and finds a renamed one by meaning', () => {
    const err = formatError(() => importRunbookMarkdown(exchangeText().replace(/## Decision Path[\s\S]*?(?=## Remediation Actions)/, '')));
    expect(err.problems).toEqual(['The document has no decision path (a "Decision Path" table of "finding | next step" rows).']);
    expect(importRunbookMarkdown(exchangeText().replace('## Decision Path', '## Decision Table')).decisions).toHaveLength(4);
  });

  exchangeTest('says when the severity guide names no level', () => {
    const err = formatError(() => importRunbookMarkdown(exchangeText().replace(/\*\*Severity guide:\*\*.*\n/, '**Severity guide:** ask the duty manager.\n')));
    expect(err.problems).toEqual(['The severity guide names no levels in the form "Sev 1 when ...; Sev 2 when ...".']);
  });

  exchangeTest("any severity wording works: each clause becomes a question in the author's words", () => {
    const md = exchangeText().replace(
      /\*\*Severity guide:\*\*.*\n/,
      '**Severity guide:** Sev 1 — a region cannot sign in or privileged accounts are locked out; Sev 2 – one team is impaired; Sev 3: a single person is affected.\n',
    );
    const rb = importRunbookMarkdown(md);
    expect(rb.severity.levels.map((l) => [l.label, l.when.length])).toEqual([
      ['Sev 1', 2],
      ['Sev 2', 1],
      ['Sev 3', 1],
    ]);
    expect(rb.intake.filter((f) => f.type === 'yes-no').map((f) => f.label)).toEqual([
      'A region cannot sign in',
      'Privileged accounts are locked out',
      'One team is impaired',
      'A single person is affected',
    ]);
    expect(rb.severity.fallback).toMatchObject({ label: 'Sev 4', criteria: "None of the guide's Sev 1 or Sev 2 or Sev 3 criteria hold." });
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
  test("imports the SharePoint Online external sharing runbook (07): typed fields in the document's words", () => {
    const rb = importRunbookMarkdown(sharepointText());
    expect(rb).toMatchObject({ id: 'sharepoint-online-external-sharing-failure', series: { number: 7 }, revised: '2026-06-12' });
    const field = (id: string) => rb.intake.find((f) => f.id === id);
    expect(field('siteUrl')).toMatchObject({ type: 'url', label: 'Site URL' });
    expect(field('guestAddress')).toMatchObject({ type: 'email', required: true });
    expect(field('errorText')).toMatchObject({ type: 'multiline', label: 'Exact error text' });
    expect(field('ndrText')).toBeUndefined();
    expect(rb.decisions).toHaveLength(5);
    expect(rb.decisions.every((d) => !d.ndr)).toBe(true);
    expect(rb.remediation.map((r) => [r.intrusive, r.approval.required])).toEqual([
      [true, true],
      [true, true],
      [true, true],
      [true, true],
      [false, false],
    ]);
    expect(rb.references.filter((r) => r.url)).toHaveLength(3);
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
        'The document has no "Runbook NN" line (e.g. "## Microsoft 365 Administration Runbook 04").',
        'The document has no revision date line (e.g. "2026-05-29").',
        'The document has no symptoms ("Common Symptoms") with items.',
        'The document has no decision path (a "Decision Path" table of "finding | next step" rows).',
        'The document has no customer summary template ("**What happened:** <hint>" lines under "Customer-Facing Summary Template").',
        'The document has no severity guide (a bold "Severity guide:" line or a "Severity" section with "Sev 1 when ..." levels).',
      ]),
    );
    expect(formatError(() => importRunbookMarkdown('')).problems[0]).toBe(
      'The document has no title (a first heading such as "# Exchange Online Mail Flow Failure").',
    );
  });

  test('says when a section is there but empty', () => {
    const md = sharepointText().replace(/(## Validation Checklist\n\n)(- .*\n)+/, '$1');
    expect(formatError(() => importRunbookMarkdown(md)).problems).toEqual(['The document has no validation checklist ("Validation Checklist") with items.']);
  });
});
