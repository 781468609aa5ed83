import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../src/project-root';

// Starts Azurite's blob service (npm devDependency) on a free loopback port, in memory. Nothing reaches the cloud.

/** Azurite's published development account key: a well-known constant, not a secret. */
const devAccount = 'devstoreaccount1';
const devKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  connectionString: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export async function startAzurite(): Promise<Azurite> {
  const port = await freePort();
  const bin = join(projectRoot(), 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
  const child: ChildProcess = spawn(process.execPath, [bin, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--silent', '--skipApiVersionCheck', '--loose'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Azurite exited (${child.exitCode}): ${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/${devAccount}?comp=list`);
      if (res.status > 0) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`Azurite did not start on ${port}: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${devAccount};AccountKey=${devKey};BlobEndpoint=http://127.0.0.1:${port}/${devAccount};`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
