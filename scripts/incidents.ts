import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createStore } from '../src/app';
import { loadConfig } from '../src/config';
import { evidencePack } from '../src/incident/evidence-pack';
import { defaultRunbooksDir, loadRunbooks } from '../src/runbook/loader';
import { jsonLogger } from '../src/app/logger';

// npm run incidents -- list | show <id> | export <id> [out.md]: reads the configured store (STORE, DATA_DIR, ...).

const usage = 'usage: npm run incidents -- list | show <INC-id> | export <INC-id> [out.md]';

async function main(argv: string[]): Promise<number> {
  const [verb, id, out] = argv;
  if (!verb || !['list', 'show', 'export'].includes(verb) || (verb !== 'list' && !id)) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const loaded = loadConfig({ APPROVER_IDS: '00000000-0000-4000-8000-000000000000', ...process.env });
  if (!loaded.ok) {
    process.stderr.write(`Configuration problems:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  const store = createStore(
    loaded.config,
    jsonLogger('warn', (l) => process.stderr.write(`${l}\n`)),
  );
  if (verb === 'list') {
    const rows = await store.list();
    if (rows.length === 0) process.stdout.write('No incidents stored.\n');
    for (const r of rows) process.stdout.write(`${r.id}  ${r.phase.padEnd(13)} ${(r.severity ?? '-').padEnd(6)} ${r.openedAt}  ${r.runbookId}\n`);
    return 0;
  }
  const stored = await store.get(id);
  if (!stored) {
    process.stderr.write(`Incident ${id} was not found in the ${loaded.config.STORE} store.\n`);
    return 1;
  }
  if (verb === 'show') {
    process.stdout.write(`${JSON.stringify(stored.value, null, 2)}\n`);
    return 0;
  }
  const runbooks = loadRunbooks(loaded.config.RUNBOOKS_DIR ? resolve(loaded.config.RUNBOOKS_DIR) : defaultRunbooksDir());
  const runbook = runbooks.find((r) => r.id === stored.value.runbookId);
  if (!runbook) {
    process.stderr.write(`Incident ${id} uses runbook "${stored.value.runbookId}", which is not installed.\n`);
    return 1;
  }
  const pack = evidencePack(stored.value, runbook);
  if (out) {
    writeFileSync(out, pack);
    process.stdout.write(`Wrote the evidence pack of ${id} to ${out}\n`);
  } else process.stdout.write(pack);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`incidents: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
