import * as zlib from 'node:zlib';

type Crc32 = (data: Uint8Array) => number;

let table: Uint32Array | undefined;

/** CRC-32 (IEEE, as ZIP and PNG use it) by table; the fallback where zlib.crc32 is missing. */
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

// zlib.crc32 exists from Node 20.15 / 22.2; older runtimes get the table.
const native = (zlib as { crc32?: Crc32 }).crc32;

/** CRC-32 of the bytes, unsigned. */
export const crc32: Crc32 = native ? (data) => native(data) >>> 0 : crc32ByTable;
