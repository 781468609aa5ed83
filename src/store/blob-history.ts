import { type ContainerClient, RestError } from '@azure/storage-blob';
import type { LogStorage } from './history-logs';

// Incidents' history logs as Azure Append Blobs (history/<id>.log): each append is one Append Block, atomic and at
// the blob's end whoever else appends, so several instances append to one log without a lease.

/** Azure's limit for one Append Block (service versions before 2022-11-02; newer allow 100 MiB). */
export const appendBlockBytes = 4 * 2 ** 20;

const status = (err: unknown) => (err instanceof RestError ? err.statusCode : undefined);

export function blobLogStorage(container: ContainerClient): LogStorage {
  const blobOf = (id: string) => container.getAppendBlobClient(`history/${id}.log`);
  const created = new Set<string>();
  return {
    async read(id, offset) {
      try {
        const response = await blobOf(id).download(offset);
        const chunks: Buffer[] = [];
        for await (const chunk of response.readableStreamBody as NodeJS.ReadableStream) chunks.push(Buffer.from(chunk as Buffer));
        return Buffer.concat(chunks);
      } catch (err) {
        if (status(err) === 404) return undefined;
        // 416: nothing after `offset` (the log has not grown since it was read).
        if (status(err) === 416) return Buffer.alloc(0);
        throw err;
      }
    },
    async append(id, text) {
      const blob = blobOf(id);
      if (!created.has(id)) {
        await blob.createIfNotExists({ blobHTTPHeaders: { blobContentType: 'application/x-ndjson' } });
        created.add(id);
      }
      // Several blocks land in one piece only if nobody else's block came between them.
      let first: number | undefined;
      let next: number | undefined;
      let whole = true;
      for (const chunk of chunksOf(text)) {
        const at = Number((await blob.appendBlock(chunk, chunk.length)).blobAppendOffset);
        if (next !== undefined && at !== next) whole = false;
        first ??= at;
        next = at + chunk.length;
      }
      return whole ? first : undefined;
    },
  };
}

/** The text in blocks of at most appendBlockBytes, split after a newline (no record spans two blocks). */
export function chunksOf(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(bytes.length, start + appendBlockBytes);
    if (end < bytes.length) {
      const newline = bytes.lastIndexOf(0x0a, end - 1);
      if (newline < start) throw new RangeError(`a history record is longer than one append block (${appendBlockBytes} bytes)`);
      end = newline + 1;
    }
    chunks.push(bytes.subarray(start, end));
    start = end;
  }
  return chunks;
}
