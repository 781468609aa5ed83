import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../helpers/azurite';

// The built bot as a process: bad configuration stops start-up with every problem; SIGTERM ends it cleanly.

const entry = join(__dirname, '..', '..', 'dist', 'src', 'index.js');

test('a start-up with bad configuration lists every bad or missing key and exits 1', () => {
  const run = spawnSync(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', PORT: 'eighty', STORE: 'redis', MicrosoftAppPassword: 'hunter2-secret' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/Configuration problems/);
  for (const key of ['PORT', 'STORE', 'APPROVER_IDS']) expect(run.stderr).toContain(key);
  expect(run.stderr).not.toContain('hunter2-secret');
});

test('SIGTERM: stops accepting, exits 0, and logs the shutdown as JSON', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      STORE: 'memory',
      APPROVER_IDS: 'a2000000-0000-4000-8000-000000000002',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  for (
    let i = 0;
    i < 200 &&
    !(await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  )
    await new Promise((r) => setTimeout(r, 100));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  const lines = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { msg: string });
  expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['bot listening', 'shutting down: finishing turns in flight']));
}, 30_000);
