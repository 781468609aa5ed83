import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Latency, latency } from './stats';

// The disk under DATA_DIR: one atomic write as the file store does it (open, write, fsync, close, rename), timed.

export async function fsyncProbe(dir: string, writes = 200, bytes = 16 * 1024): Promise<Latency> {
  const text = randomBytes(bytes / 2).toString('hex');
  const times: number[] = [];
  for (let i = 0; i < writes; i++) {
    const file = join(dir, `probe-${i % 10}.json`);
    const started = performance.now();
    const handle = await fs.open(`${file}.tmp`, 'w');
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    await fs.rename(`${file}.tmp`, file);
    times.push(performance.now() - started);
  }
  return latency(times);
}
