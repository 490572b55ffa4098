import { CutoutError } from './CutoutError';

/**
 * RGBA, 4 bytes a pixel, row-major, straight (not premultiplied) colour — what `getImageData` and
 * sharp's `raw()` give.
 */
export type RgbaPixels = Uint8ClampedArray | Uint8Array;

/** An RGB colour, 0..255 a channel. */
export type Rgb = readonly [number, number, number];

/**
 * Checks the shape of an RGBA buffer before a pixel loop trusts it: a wrong length would
 * otherwise read `undefined` as NaN and poison every sum silently.
 */
export function assertRgbaPixels(
  pixels: unknown,
  width: number,
  height: number,
  where: string,
): asserts pixels is RgbaPixels {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new CutoutError(
      'input',
      `${where}: width and height must be positive integers, got ${String(width)}×${String(height)}`,
      { reason: 'bad-dimensions' },
    );
  }
  if (!(pixels instanceof Uint8Array || pixels instanceof Uint8ClampedArray)) {
    throw new CutoutError('input', `${where}: pixels must be a Uint8ClampedArray or Uint8Array`, {
      reason: 'bad-pixels',
    });
  }
  if (pixels.length !== width * height * 4) {
    throw new CutoutError(
      'input',
      `${where}: expected ${width * height * 4} bytes for ${width}×${height} RGBA, got ${pixels.length}`,
      { reason: 'bad-pixels' },
    );
  }
}

/** Checks an RGB option (three finite numbers in 0..255). */
export function assertRgb(value: unknown, where: string): asserts value is Rgb {
  if (
    !Array.isArray(value) ||
    value.length !== 3 ||
    !value.every((c) => typeof c === 'number' && Number.isFinite(c) && c >= 0 && c <= 255)
  ) {
    throw new CutoutError('input', `${where}: a colour must be [r, g, b] with each in 0..255`, {
      reason: 'bad-option',
    });
  }
}
