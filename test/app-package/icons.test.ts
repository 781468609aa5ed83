import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { encodePng, InvalidPngError, readPngSize } from '../../src/app-package/png';
import { projectRoot } from '../../src/project-root';

const icon = (name: string): Buffer => readFileSync(join(projectRoot(), 'appPackage', name));

/** Decodes with pngjs to straight 8-bit RGBA, whatever the file's colour type. */
const decodePng = (buf: Buffer): Buffer => PNG.sync.read(buf).data;

function pixels(rgba: Uint8Array): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (let i = 0; i < rgba.length; i += 4) out.push([rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]]);
  return out;
}

describe('app icons', () => {
  test('color.png is 192x192 and outline.png is 32x32', () => {
    expect(readPngSize(icon('color.png'))).toEqual({ width: 192, height: 192 });
    expect(readPngSize(icon('outline.png'))).toEqual({ width: 32, height: 32 });
  });

  test('outline.png is white on transparent: transparent pixels, and every visible pixel is white', () => {
    const all = pixels(decodePng(icon('outline.png')));
    const transparent = all.filter(([, , , a]) => a === 0);
    const visible = all.filter(([, , , a]) => a > 0);
    expect(transparent.length).toBeGreaterThan(all.length / 4);
    expect(visible.length).toBeGreaterThan(all.length / 10);
    expect(visible.filter(([r, g, b]) => r !== 255 || g !== 255 || b !== 255)).toEqual([]);
  });

  test('color.png is mostly opaque accent blue with a white glyph', () => {
    const all = pixels(decodePng(icon('color.png')));
    const opaque = all.filter(([, , , a]) => a === 255);
    const blue = opaque.filter(([r, g, b]) => r === 0x1f && g === 0x5f && b === 0xbf);
    const white = opaque.filter(([r, g, b]) => r === 255 && g === 255 && b === 255);
    expect(opaque.length).toBeGreaterThan(all.length * 0.9);
    expect(blue.length).toBeGreaterThan(all.length / 2);
    expect(white.length).toBeGreaterThan(all.length / 20);
  });
});

describe('png', () => {
  test('encodePng round-trips through a decoder', () => {
    const rgba = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 37) % 256);
    const png = encodePng({ width: 3, height: 2, rgba });
    expect(readPngSize(png)).toEqual({ width: 3, height: 2 });
    expect(Array.from(decodePng(png))).toEqual(Array.from(rgba));
  });

  test('encodePng is deterministic: the same image gives the same bytes', () => {
    const rgba = new Uint8Array(8 * 8 * 4).map((_, i) => (i * 11) % 256);
    expect(encodePng({ width: 8, height: 8, rgba }).equals(encodePng({ width: 8, height: 8, rgba }))).toBe(true);
  });

  test('readPngSize rejects something that is not a PNG, in words', () => {
    expect(() => readPngSize(Buffer.from('GIF89a, certainly not a PNG file'))).toThrow(InvalidPngError);
    expect(() => readPngSize(Buffer.alloc(4))).toThrow(InvalidPngError);
    expect(() => readPngSize(Buffer.alloc(4))).toThrow('not a usable PNG: no PNG signature');
    const noIhdr = Buffer.from(icon('outline.png'));
    noIhdr.write('IDAT', 12, 'latin1');
    expect(() => readPngSize(noIhdr)).toThrow('not a usable PNG: first chunk is not IHDR');
  });

  test('readPngSize rejects a PNG whose header is fine but whose data is damaged', () => {
    const good = icon('outline.png');
    const truncated = good.subarray(0, good.length - 20);
    const badCrc = Buffer.from(good);
    badCrc[40] ^= 0xff; // inside the IDAT chunk
    for (const broken of [truncated, badCrc]) {
      expect(() => readPngSize(broken)).toThrow(InvalidPngError);
      expect(() => readPngSize(broken)).toThrow(/^not a usable PNG: ./);
    }
  });

  test('encodePng rejects pixel data of the wrong length', () => {
    expect(() => encodePng({ width: 2, height: 2, rgba: new Uint8Array(3) })).toThrow(InvalidPngError);
  });
});
