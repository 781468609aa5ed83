import { inflateRawSync } from 'node:zlib';

let table: Uint32Array | undefined;

/** Test helper: CRC-32 (IEEE, as ZIP uses it) by table, independent of zlib.crc32 and of the ZIP library. */
export function crc32ByTable(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface ReadEntry {
  readonly name: string;
  readonly method: number;
  /** MS-DOS time and date words of the central header; the local header must agree. */
  readonly dosTime: number;
  readonly dosDate: number;
  readonly data: Buffer;
}

/** Test helper: reads a ZIP through its central directory and checks sizes and CRCs (table CRC, independent of the writer). */
export function readZip(zip: Buffer): ReadEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  const dirSize = zip.readUInt32LE(eocd + 12);
  let pos = zip.readUInt32LE(eocd + 16);
  if (pos + dirSize !== eocd) throw new Error('central directory does not end at the end record');
  const entries: ReadEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(pos) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const method = zip.readUInt16LE(pos + 10);
    const dosTime = zip.readUInt16LE(pos + 12);
    const dosDate = zip.readUInt16LE(pos + 14);
    const crc = zip.readUInt32LE(pos + 16);
    const compressedSize = zip.readUInt32LE(pos + 20);
    const size = zip.readUInt32LE(pos + 24);
    const nameLength = zip.readUInt16LE(pos + 28);
    const extraLength = zip.readUInt16LE(pos + 30);
    const commentLength = zip.readUInt16LE(pos + 32);
    const localOffset = zip.readUInt32LE(pos + 42);
    const name = zip.toString('utf8', pos + 46, pos + 46 + nameLength);
    pos += 46 + nameLength + extraLength + commentLength;

    if (zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const localName = zip.toString('utf8', localOffset + 30, localOffset + 30 + zip.readUInt16LE(localOffset + 26));
    if (localName !== name) throw new Error(`local name ${localName} != central name ${name}`);
    if (zip.readUInt16LE(localOffset + 8) !== method) throw new Error(`${name}: local method differs`);
    if (zip.readUInt32LE(localOffset + 14) !== crc) throw new Error(`${name}: local CRC differs`);
    if (zip.readUInt16LE(localOffset + 10) !== dosTime || zip.readUInt16LE(localOffset + 12) !== dosDate) {
      throw new Error(`${name}: local timestamp differs`);
    }
    const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const body = zip.subarray(start, start + compressedSize);
    const data = method === 8 ? inflateRawSync(body) : method === 0 ? Buffer.from(body) : undefined;
    if (!data) throw new Error(`${name}: unsupported method ${method}`);
    if (data.length !== size) throw new Error(`${name}: size ${data.length} != ${size}`);
    if (crc32ByTable(data) !== crc) throw new Error(`${name}: CRC mismatch`);
    entries.push({ name, method, dosTime, dosDate, data });
  }
  return entries;
}
