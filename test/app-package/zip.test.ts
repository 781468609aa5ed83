import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { crc32, crc32ByTable } from '../../src/app-package/crc32';
import { InvalidZipEntryError, writeZip } from '../../src/app-package/zip';
import { readZip } from './zip-reader';

const hasUnzip = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;
if (!hasUnzip) console.warn('Skipping the unzip cross-check: no `unzip` on PATH.');
const withUnzip = hasUnzip ? test : test.skip;

const entries = [
  { name: 'manifest.json', data: Buffer.from(JSON.stringify({ hello: 'world', list: Array(50).fill('repeat') })) },
  { name: 'color.png', data: randomBytes(2048) }, // incompressible: stored
  { name: 'empty.txt', data: Buffer.alloc(0) },
  { name: 'docs/ünïcode name.md', data: Buffer.from('# title\n'.repeat(20)) },
];

describe('writeZip', () => {
  test('round-trips names and bytes, deflating what compresses and storing what does not', () => {
    const read = readZip(writeZip(entries));
    expect(read.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    read.forEach((entry, i) => expect(entry.data.equals(entries[i].data)).toBe(true));
    expect(read.find((e) => e.name === 'manifest.json')?.method).toBe(8);
    expect(read.find((e) => e.name === 'color.png')?.method).toBe(0);
  });

  test('is deterministic: the same entries give the same bytes', () => {
    expect(writeZip(entries).equals(writeZip(entries))).toBe(true);
  });

  test('an empty archive is just the end record', () => {
    const zip = writeZip([]);
    expect(zip.length).toBe(22);
    expect(readZip(zip)).toEqual([]);
  });

  test.each(['', '/abs.txt', 'a\\b.txt', '../up.txt', 'a/../b.txt'])('rejects the entry name %j', (name) => {
    expect(() => writeZip([{ name, data: Buffer.alloc(1) }])).toThrow(InvalidZipEntryError);
  });

  test('rejects a name used twice', () => {
    const data = Buffer.alloc(1);
    expect(() => writeZip([{ name: 'a', data }, { name: 'a', data }])).toThrow(InvalidZipEntryError);
  });

  withUnzip('`unzip -t` accepts the archive and `unzip -p` returns the bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
    try {
      const file = join(dir, 'test.zip');
      writeFileSync(file, writeZip(entries));
      expect(execFileSync('unzip', ['-t', file]).toString()).toContain('No errors detected');
      expect(execFileSync('unzip', ['-p', file, 'manifest.json']).equals(entries[0].data)).toBe(true);
      expect(execFileSync('unzip', ['-p', file, 'color.png']).equals(entries[1].data)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('crc32', () => {
  test('matches the known check value and the table implementation', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32ByTable(Buffer.from('123456789'))).toBe(0xcbf43926);
    const data = randomBytes(4096);
    expect(crc32(data)).toBe(crc32ByTable(data));
    expect(crc32ByTable(Buffer.alloc(0))).toBe(0);
  });
});
