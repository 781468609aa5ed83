import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

// Application Insights' ingestion endpoint on loopback, over HTTPS as the exporter insists (a certificate made for
// 127.0.0.1 by openssl at start; clients trust it through `caFile`): POST /v2.1/track with a JSON array of envelopes (gzip or
// not), answered as the service does ({ itemsReceived, itemsAccepted, errors }). Keeps every envelope it got.

export interface Envelope {
  name: string;
  time: string;
  iKey?: string;
  tags?: Record<string, string>;
  data: { baseType: string; baseData: Record<string, unknown> & { name?: string; properties?: Record<string, string> } };
}

export interface IngestionStandIn {
  envelopes: Envelope[];
  /** The stand-in's self-signed certificate (PEM): for tlsCa, or NODE_EXTRA_CA_CERTS in a child process. */
  caFile: string;
  ca: string;
  /** The connection string that points the exporter here. */
  connectionString: string;
  /** Every request body as received (decompressed), to search for what must never be sent. */
  raw(): string;
  /** Resolves when an envelope matching `predicate` has arrived (or rejects after `ms`). */
  waitFor(predicate: (e: Envelope) => boolean, ms?: number): Promise<Envelope>;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  return (req.headers['content-encoding'] === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8');
}

export async function startIngestionStandIn(instrumentationKey = 'a1000000-0000-4000-8000-0000000000a1'): Promise<IngestionStandIn> {
  const envelopes: Envelope[] = [];
  const bodies: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ingestion-'));
  const [keyFile, caFile] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      caFile,
    ],
    { stdio: 'ignore' },
  );
  const ca = readFileSync(caFile, 'utf8');
  const server: Server = createServer({ key: readFileSync(keyFile), cert: ca }, (req, res) => {
    void (async () => {
      const text = await bodyOf(req);
      if (req.method !== 'POST' || !req.url?.startsWith('/v2.1/track')) {
        res.statusCode = 404;
        res.end();
        return;
      }
      bodies.push(text);
      const items = (JSON.parse(text) as Envelope[]) ?? [];
      envelopes.push(...items);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    envelopes,
    caFile,
    ca,
    connectionString: `InstrumentationKey=${instrumentationKey};IngestionEndpoint=https://127.0.0.1:${port}/`,
    raw: () => bodies.join('\n'),
    async waitFor(predicate, ms = 20_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = envelopes.find(predicate);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no such envelope within ${ms} ms; got: ${envelopes.map((e) => `${e.data.baseType} ${e.data.baseData.name ?? ''}`).join(', ')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
