import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileIncidentStore } from '../../src/store/file-store';
import { finishPhase, makeIncident, t0 } from '../helpers/incident-builders';

// npm run incidents -- list | show | export, against a file store (dist/ is built by jest's globalSetup).

const cli = join(__dirname, '..', '..', 'dist', 'scripts', 'incidents.js');

test('list, show and export an incident; unknown ids and bad usage are told in words', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cli-'));
  let incident = makeIncident({ now: t0 });
  while (incident.phase !== 'closed') incident = finishPhase(incident);
  await new FileIncidentStore(dataDir).create(incident);
  const env = { ...process.env, STORE: 'file', DATA_DIR: dataDir };

  const list = execFileSync(process.execPath, [cli, 'list'], { env, encoding: 'utf8' });
  expect(list).toMatch(new RegExp(`${incident.id}\\s+closed\\s+Sev \\d`));
  const shown = JSON.parse(execFileSync(process.execPath, [cli, 'show', incident.id], { env, encoding: 'utf8' }));
  expect(shown.id).toBe(incident.id);
  const out = join(dataDir, 'pack.md');
  execFileSync(process.execPath, [cli, 'export', incident.id, out], { env, encoding: 'utf8' });
  expect(readFileSync(out, 'utf8')).toMatch(/Audit chain \| verified/);

  const missing = spawnSync(process.execPath, [cli, 'show', 'INC-20991231-999'], { env, encoding: 'utf8' });
  expect(missing.status).toBe(1);
  expect(missing.stderr).toMatch(/Incident INC-20991231-999 was not found in the file store/);
  const usage = spawnSync(process.execPath, [cli, 'frobnicate'], { env, encoding: 'utf8' });
  expect(usage.status).toBe(2);
  expect(usage.stderr).toMatch(/usage: npm run incidents -- list/);
});
