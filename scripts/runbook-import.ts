import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { importRunbookDraft, RunbookFormatError } from '../src/runbook/importer';
import { runbookToYaml } from '../src/runbook/yaml-writer';

// `npm run runbook:import -- <file.md> [out.yaml]`: Markdown runbook -> YAML definition on stdout or in out.yaml.

const [input, output] = process.argv.slice(2);
if (!input) {
  console.error('usage: npm run runbook:import -- <runbook.md> [out.yaml]');
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
  const draft = importRunbookDraft(markdown);
  const yaml = runbookToYaml(draft, [`Imported from ${basename(input)} by npm run runbook:import; review it, then run npm run runbooks:check.`]);
  if (output) {
    writeFileSync(output, yaml);
    console.error(`wrote ${output} (${draft.id})`);
  } else {
    process.stdout.write(yaml);
  }
} catch (err) {
  if (err instanceof RunbookFormatError) {
    console.error(`${input} is not in the runbook format:`);
    for (const problem of err.problems) console.error(`  ${problem}`);
  } else {
    console.error(`Cannot import ${input}: ${(err as Error).message}`);
  }
  process.exit(1);
}
