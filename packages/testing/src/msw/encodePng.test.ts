import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { crc32, encodePng, storedZlib } from './encodePng';
import { makeSyntheticCutout } from './makeSyntheticCutout';

function randomPixels(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('encodePng', () => {
  it('round-trips RGBA pixels exactly through a real decoder', async () => {
    const width = 37;
    const height = 23;
    const rgba = randomPixels(width * height * 4);
    const png = await encodePng(rgba, width, height);
    const { data, info } = await sharp(Buffer.from(png))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([width, height, 4]);
    expect(Buffer.from(data).equals(Buffer.from(rgba))).toBe(true);
  });

  it('refuses a pixel buffer of the wrong size', async () => {
    await expect(encodePng(new Uint8Array(10), 2, 2)).rejects.toThrow(RangeError);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes valid zlib without CompressionStream (stored blocks), across block limits', () => {
    for (const size of [0, 1, 65535, 65536, 200_000]) {
      const data = randomPixels(size);
      expect(Buffer.from(inflateSync(storedZlib(data))).equals(Buffer.from(data))).toBe(true);
    }
  });
});

describe('makeSyntheticCutout', () => {
  it('draws a soft-edged opaque subject on a transparent background at the given size', async () => {
    const png = await makeSyntheticCutout({ width: 1200, height: 800 });
    const { data, info } = await sharp(Buffer.from(png))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([1200, 800, 4]);
    const alpha = (x: number, y: number) => data[(y * info.width + x) * 4 + 3]!;
    expect([alpha(0, 0), alpha(1199, 0), alpha(0, 799), alpha(1199, 799)]).toEqual([0, 0, 0, 0]);
    expect(alpha(600, 400)).toBe(255);
    // Along the middle row: transparent, a ramp of partial alpha, opaque.
    const row = Array.from({ length: 1200 }, (_, x) => alpha(x, 400));
    const partial = row.filter((a) => a > 0 && a < 255);
    expect(partial.length).toBeGreaterThanOrEqual(2);
    expect(partial.length).toBeLessThan(20);
  });

  it('handles tiny and odd sizes', async () => {
    for (const [w, h] of [
      [1, 1],
      [3, 700],
      [701, 2],
    ] as const) {
      const meta = await sharp(
        Buffer.from(await makeSyntheticCutout({ width: w, height: h })),
      ).metadata();
      expect([meta.width, meta.height]).toEqual([w, h]);
    }
    await expect(makeSyntheticCutout({ width: 0, height: 10 })).rejects.toThrow(RangeError);
  });
});
