import { deflateSync, zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  /** Path inside the archive, forward slashes, no leading slash. */
  readonly name: string;
  readonly data: Buffer;
}

export class InvalidZipEntryError extends Error {
  constructor(
    readonly entryName: string,
    reason: string,
  ) {
    super(`zip entry "${entryName}": ${reason}`);
    this.name = 'InvalidZipEntryError';
  }
}

const LEVEL = 9 as const;

function checkName(name: string, seen: Set<string>): void {
  if (name === '' || name.startsWith('/') || name.includes('\\') || name.split('/').includes('..')) {
    throw new InvalidZipEntryError(name, 'must be a relative path with forward slashes and no ".."');
  }
  if (seen.has(name)) throw new InvalidZipEntryError(name, 'appears twice');
  seen.add(name);
}

/** Pure: a ZIP archive in entry order (deflate where it helps, else stored), fixed timestamps. */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const seen = new Set<string>();
  // Object keys keep insertion order, except that integer-like names ("7") would go first; an app package has none.
  const files: Zippable = {};
  // 1980-01-01 00:00 local time, the DOS epoch: fflate writes mtime through local-time getters, so a
  // local date made at each call is the same header bytes in every time zone.
  const mtime = new Date(1980, 0, 1);
  for (const { name, data } of entries) {
    checkName(name, seen);
    const level = deflateSync(data, { level: LEVEL }).length < data.length ? LEVEL : 0;
    files[name] = [data, { level, mtime }];
  }
  const zip = zipSync(files);
  return Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
}
