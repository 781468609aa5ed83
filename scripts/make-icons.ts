/**
 * Draws the app icons: appPackage/color.png (192x192, white clipboard-with-tick on a blue rounded
 * square) and appPackage/outline.png (32x32, the same glyph in white on transparent).
 * Usage: node dist/scripts/make-icons.js [outDir]. PNGs are written with pngjs (src/app-package/png.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, type RgbaImage } from '../src/app-package/png';
import { projectRoot } from '../src/project-root';

type Rgb = readonly [number, number, number];

const BLUE: Rgb = [0x1f, 0x5f, 0xbf]; // the manifest's accentColor
const WHITE: Rgb = [255, 255, 255];
const SAMPLES = 4; // per axis: 16 samples per pixel for smooth edges

function roundedRectDistance(x: number, y: number, cx: number, cy: number, hx: number, hy: number, r: number): number {
  const qx = Math.abs(x - cx) - hx + r;
  const qy = Math.abs(y - cy) - hy + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function segmentDistance(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

/** The glyph in a unit box (y down): a clipboard outline, its clip, and a tick. */
function inGlyph(u: number, v: number): boolean {
  const board = Math.abs(roundedRectDistance(u, v, 0.5, 0.56, 0.3, 0.38, 0.08)) <= 0.045;
  const clip = roundedRectDistance(u, v, 0.5, 0.16, 0.15, 0.08, 0.04) <= 0;
  const tick = segmentDistance(u, v, 0.33, 0.57, 0.45, 0.7) <= 0.05 || segmentDistance(u, v, 0.45, 0.7, 0.68, 0.42) <= 0.05;
  return board || clip || tick;
}

/** Renders size x size pixels; paint(x, y) in [0,1) gives the colour at a sample, or undefined for transparent. */
function render(size: number, paint: (x: number, y: number) => Rgb | undefined): RgbaImage {
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = paint((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const i = (py * size + px) * 4;
      if (covered === 0) continue; // stays 0,0,0,0: fully transparent
      rgba[i] = Math.round(r / covered);
      rgba[i + 1] = Math.round(g / covered);
      rgba[i + 2] = Math.round(b / covered);
      rgba[i + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
    }
  }
  return { width: size, height: size, rgba };
}

/** 192x192: the white glyph on a blue rounded square, corners transparent. */
export function colorIcon(): RgbaImage {
  const inset = 0.16;
  return render(192, (x, y) => {
    if (roundedRectDistance(x, y, 0.5, 0.5, 0.5, 0.5, 0.2) > 0) return undefined;
    return inGlyph((x - inset) / (1 - 2 * inset), (y - inset) / (1 - 2 * inset)) ? WHITE : BLUE;
  });
}

/** 32x32: the glyph alone, white on transparent. */
export function outlineIcon(): RgbaImage {
  return render(32, (x, y) => (inGlyph(x, y) ? WHITE : undefined));
}

if (require.main === module) {
  const outDir = process.argv[2] ?? join(projectRoot(), 'appPackage');
  for (const [name, image] of [
    ['color.png', colorIcon()],
    ['outline.png', outlineIcon()],
  ] as const) {
    const file = join(outDir, name);
    writeFileSync(file, encodePng(image));
    process.stdout.write(`wrote ${file} (${image.width}x${image.height})\n`);
  }
}
