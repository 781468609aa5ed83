import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { blobContainer } from '../src/store/blob-container';

// Stored bytes per incident: the incident documents plus the per-incident records (posted card ids, approval cards).

export interface StoredBytes {
  incidents: number;
  /** Mean and largest incident document (bytes). */
  documentMean: number;
  documentMax: number;
  /** Per-incident records and markers, averaged over the incidents (bytes). */
  recordsPerIncident: number;
  /** Everything the store holds, divided by the incidents (bytes). */
  totalPerIncident: number;
}

/** Records not tied to one incident: a Teams user id per person, the summary channel, teams. */
const shared = (name: string) => /^(teams-user|summary-channel|team)(%3A|:|\.)/.test(name);

function summarize(docs: number[], perIncidentRecords: number, sharedBytes: number): StoredBytes {
  const total = docs.reduce((s, b) => s + b, 0);
  const n = docs.length || 1;
  return {
    incidents: docs.length,
    documentMean: Math.round(total / n),
    documentMax: Math.max(0, ...docs),
    recordsPerIncident: Math.round(perIncidentRecords / n),
    totalPerIncident: Math.round((total + perIncidentRecords + sharedBytes) / n),
  };
}

/** Files in a folder and their sizes; a file renamed away between the listing and its stat (a write's temp file) is left out. */
async function sizes(dir: string): Promise<{ name: string; bytes: number }[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const found = await Promise.all(names.map(async (name) => ({ name, bytes: (await fs.stat(join(dir, name)).catch(() => undefined))?.size })));
  return found.filter((f): f is { name: string; bytes: number } => f.bytes !== undefined && !f.name.endsWith('.tmp'));
}

export async function fileStoreBytes(dataDir: string): Promise<StoredBytes> {
  const docs = (await sizes(join(dataDir, 'incidents'))).filter((f) => f.name.endsWith('.json')).map((f) => f.bytes);
  const records = await sizes(join(dataDir, 'records'));
  const sum = (list: { bytes: number }[]) => list.reduce((s, f) => s + f.bytes, 0);
  return summarize(docs, sum(records.filter((r) => !shared(r.name))), sum(records.filter((r) => shared(r.name))));
}

export async function blobStoreBytes(connectionString: string, container: string): Promise<StoredBytes> {
  const client = blobContainer({ connectionString, container });
  const docs: number[] = [];
  let perIncident = 0;
  let sharedBytes = 0;
  for await (const blob of client.listBlobsFlat()) {
    const bytes = blob.properties.contentLength ?? 0;
    if (blob.name.startsWith('incidents/')) docs.push(bytes);
    else if (blob.name.startsWith('records/') && shared(blob.name.slice('records/'.length))) sharedBytes += bytes;
    else perIncident += bytes;
  }
  return summarize(docs, perIncident, sharedBytes);
}
