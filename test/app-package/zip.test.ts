import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { InvalidZipEntryError, writeZip } from '../../src/app-package/zip';
import { projectRoot } from '../../src/project-root';
import { crc32ByTable, readZip } from './zip-reader';

const hasUnzip = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;
if (!hasUnzip) console.warn('Skipping the unzip cross-check: no `unzip` on PATH.');
const withUnzip = hasUnzip ? test : test.skip;

/** writeZip from src run in a fresh node process with TZ set (jest's process.env is a copy, so TZ cannot change in here). */
function writeZipIn(tz: string, zipEntries: readonly { name: string; data: Buffer }[]): Buffer {
  const script = `
    const ts = require('typescript');
    const fs = require('node:fs');
    const options = { compilerOptions: { module: ts.ModuleKind.CommonJS, esModuleInterop: true } };
    require.extensions['.ts'] = (m, f) => m._compile(ts.transpileModule(fs.readFileSync(f, 'utf8'), options).outputText, f);
    const { writeZip } = require('./src/app-package/zip.ts');
    const input = JSON.parse(fs.readFileSync(0, 'utf8')).map(([name, data]) => ({ name, data: Buffer.from(data, 'base64') }));
    process.stdout.write(writeZip(input).toString('base64'));`;
  const input = JSON.stringify(zipEntries.map((e) => [e.name, e.data.toString('base64')]));
  const out = execFileSync(process.execPath, ['-e', script], { cwd: projectRoot(), env: { ...process.env, TZ: tz }, input, encoding: 'utf8' });
  return Buffer.from(out, 'base64');
}

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

  test('stamps every entry 1980-01-01 00:00 (DOS time 0, date 0x21) and writes the same bytes in any time zone', () => {
    const here = writeZip(entries);
    expect(readZip(here).map((e) => [e.dosTime, e.dosDate])).toEqual(entries.map(() => [0, (1 << 5) | 1]));
    for (const tz of ['America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney']) {
      expect(writeZipIn(tz, entries).equals(here)).toBe(true);
    }
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
    expect(() =>
      writeZip([
        { name: 'a', data },
        { name: 'a', data },
      ]),
    ).toThrow(InvalidZipEntryError);
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

describe('crc32ByTable (the reader checks CRCs with it)', () => {
  test('matches the known check value and zlib.crc32', () => {
    expect(crc32ByTable(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32ByTable(Buffer.alloc(0))).toBe(0);
    const data = randomBytes(4096);
    expect(crc32ByTable(data)).toBe(crc32(data) >>> 0);
  });

  test('the reader refuses an archive whose data no longer matches its CRC', () => {
    const zip = writeZip([{ name: 'color.png', data: randomBytes(64) }]);
    zip[30 + 'color.png'.length] ^= 0xff; // first stored byte
    expect(() => readZip(zip)).toThrow('color.png: CRC mismatch');
  });
});
