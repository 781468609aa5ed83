import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { formatImportReport } from '../src/runbook/import-report';
import { importRunbook, RunbookFormatError } from '../src/runbook/importer';
import { runbookToYaml } from '../src/runbook/yaml-writer';

// `npm run runbook:import -- <file.md> [out.yaml] [--strict]`: Markdown runbook -> YAML definition, and the import report on stderr.
// Exit 0 when imported (warnings included), 1 when the document cannot be a runbook, or with --strict when there are warnings.

const args = process.argv.slice(2);
const strict = args.includes('--strict');
const unknown = args.filter((a) => a.startsWith('--') && a !== '--strict');
const [input, output] = args.filter((a) => !a.startsWith('--'));
if (!input || unknown.length > 0) {
  if (unknown.length > 0) console.error(`Unknown option ${unknown.join(', ')}.`);
  console.error('usage: npm run --silent runbook:import -- <runbook.md> [out.yaml] [--strict]');
  process.exit(1);
}
let markdown: string;
try {
  markdown = readFileSync(input, 'utf8');
} catch (err) {
  console.error(`Cannot read ${input}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  process.exit(1);
}
try {
  const { draft, report } = importRunbook(markdown);
  for (const line of formatImportReport(report, basename(input))) console.error(line);
  if (strict && report.warnings.length > 0) {
    console.error(`--strict: ${report.warnings.length} warning(s); nothing written.`);
    process.exit(1);
  }
  const yaml = runbookToYaml(draft, [`Imported from ${basename(input)} by npm run runbook:import; review it, then run npm run runbooks:check.`]);
  if (output) {
    writeFileSync(output, yaml);
    console.error(`wrote ${output} (${draft.id})`);
  } else {
    process.stdout.write(yaml);
  }
} catch (err) {
  if (err instanceof RunbookFormatError) {
    console.error(`${input} cannot be read as a runbook of the series:`);
    for (const problem of err.problems) console.error(`  ${problem}`);
  } else {
    console.error(`Cannot import ${input}: ${(err as Error).message}`);
  }
  process.exit(1);
}
