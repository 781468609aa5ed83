import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileIncidentStore } from '../../src/store/file-store';

// kill -9 between the save and the send, 50 times: each round's process saves a handover (its notification goes to the
// outbox in the same write) and is killed by the connector stand-in the moment that notification arrives, before it
// is answered. The next process's start-up sweep delivers it. Every notification must be delivered exactly once.

const rounds = 50;

test(`${rounds} kills between save and send: every effect delivered exactly once`, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'outbox-crash-'));
  const delivered = new Map<number, number>();
  let current = 0;
  let kill: (() => void) | undefined;
  let killed = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { text?: string };
      const round = Number(/handed .* over to Person (\d+)\./.exec(body.text ?? '')?.[1] ?? 0);
      if (round === current && kill) {
        // The round's own sending: the process dies before Teams answers; nothing was delivered.
        kill();
        kill = undefined;
        killed += 1;
        req.socket.destroy();
        return;
      }
      if (round > 0) delivered.set(round, (delivered.get(round) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `activity-${Math.random().toString(36).slice(2)}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const run = (round: number, mode?: 'sweep-only') =>
    new Promise<{ signal: NodeJS.Signals | null; out: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(__dirname, '..', 'fixtures', 'outbox-child.js'), dataDir, url, String(round), ...(mode ? [mode] : [])], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '--no-deprecation' },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += String(d)));
      child.stderr.on('data', (d) => (out += String(d)));
      kill = mode ? undefined : () => child.kill('SIGKILL');
      child.once('exit', (code, signal) =>
        signal === 'SIGKILL' || code === 0 ? resolve({ signal, out }) : reject(new Error(`round ${round} exited ${code}: ${out}`)),
      );
    });

  try {
    for (let round = 1; round <= rounds; round++) {
      current = round;
      const { signal, out } = await run(round);
      expect({ round, signal, saved: out.includes('saved'), delivered: out.includes('delivered') }).toEqual({
        round,
        signal: 'SIGKILL',
        saved: true,
        delivered: false,
      });
      // The kill came after the save: the sending is in the outbox, pending.
      const incident = (await new FileIncidentStore(dataDir).list())[0];
      expect(incident.undelivered).toBe(1);
    }
    current = rounds + 1;
    await run(rounds + 1, 'sweep-only');
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  expect(killed).toBe(rounds);
  const counts = Array.from({ length: rounds }, (_, i) => delivered.get(i + 1) ?? 0);
  expect(counts).toEqual(Array(rounds).fill(1));
  const store = new FileIncidentStore(dataDir);
  const [row] = await store.list();
  expect(row.undelivered).toBeUndefined();
  const incident = (await store.get(row.id))!.value;
  expect(incident.outbox.filter((e) => e.state !== 'delivered')).toEqual([]);
}, 180_000);
