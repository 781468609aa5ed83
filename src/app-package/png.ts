import { PNG } from 'pngjs';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export class InvalidPngError extends Error {
  constructor(reason: string) {
    super(`not a usable PNG: ${reason}`);
    this.name = 'InvalidPngError';
  }
}

export interface PngSize {
  readonly width: number;
  readonly height: number;
}

/** An image as straight (not premultiplied) 8-bit RGBA, row by row. */
export interface RgbaImage extends PngSize {
  readonly rgba: Uint8Array;
}

/**
 * Width and height of a PNG that decodes in full (pngjs checks chunk CRCs and the image data);
 * throws InvalidPngError. The signature and IHDR are checked first so those refusals keep our words.
 */
export function readPngSize(buf: Buffer): PngSize {
  if (buf.length < 16 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new InvalidPngError('no PNG signature');
  if (buf.toString('latin1', 12, 16) !== 'IHDR') throw new InvalidPngError('first chunk is not IHDR');
  try {
    const { width, height } = PNG.sync.read(buf);
    return { width, height };
  } catch (err) {
    throw new InvalidPngError(err instanceof Error ? err.message : String(err));
  }
}

/** Pure: an 8-bit RGBA PNG, filter 0 on every row, deflate level 9 (the bytes of the checked-in icons). */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, rgba } = image;
  if (rgba.length !== width * height * 4) throw new InvalidPngError(`expected ${width * height * 4} bytes of RGBA`);
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.length);
  return PNG.sync.write(png, { colorType: 6, filterType: 0, deflateLevel: 9, deflateStrategy: 0 });
}
