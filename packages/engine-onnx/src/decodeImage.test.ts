import { isCutoutError } from '@cutout/core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decodeImage';
import { badInputs } from './testing/badInputs';

const options = { maxLongEdge: 4096, maxInputPixels: 100_000_000 };
const bad = await badInputs();

describe('decodeImage', () => {
  it.each(bad)('refuses $name as input/$reason', async ({ bytes, reason }) => {
    const error = await decodeImage(bytes, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCutoutError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'input', reason, retryable: false });
  });

  it('refuses a real image over the pixel limit before decoding it', async () => {
    const png = await sharp({
      create: { width: 500, height: 500, channels: 3, background: '#888' },
    })
      .png()
      .toBuffer();
    await expect(decodeImage(png, { ...options, maxInputPixels: 200_000 })).rejects.toMatchObject({
      kind: 'input',
      reason: 'too-many-pixels',
    });
  });

  it('applies EXIF orientation', async () => {
    const jpeg = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#c00' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const { width, height } = await decodeImage(jpeg, options);
    expect([width, height]).toEqual([40, 60]);
  });

  it('flattens transparency onto white', async () => {
    const png = await sharp({
      create: { width: 8, height: 8, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const { rgb } = await decodeImage(png, options);
    expect(rgb.length).toBe(8 * 8 * 3);
    expect(rgb.every((v) => v === 255)).toBe(true);
  });

  it('shrinks to maxLongEdge, never enlarges', async () => {
    const webp = await sharp({
      create: { width: 800, height: 600, channels: 3, background: '#123' },
    })
      .webp()
      .toBuffer();
    expect(await decodeImage(webp, { ...options, maxLongEdge: 400 })).toMatchObject({
      width: 400,
      height: 300,
    });
    expect(await decodeImage(webp, options)).toMatchObject({ width: 800, height: 600 });
  });

  it('gives 8-bit sRGB for 16-bit PNG and CMYK JPEG inputs', async () => {
    const png16 = await sharp({
      create: { width: 40, height: 30, channels: 3, background: '#808080' },
    })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    const a = await decodeImage(png16, options);
    expect(a.rgb.length).toBe(40 * 30 * 3);
    expect(a.rgb[0]).toBe(128);
    const cmyk = await sharp({
      create: { width: 40, height: 30, channels: 3, background: '#c04040' },
    })
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    const b = await decodeImage(cmyk, options);
    expect(b.rgb.length).toBe(40 * 30 * 3);
    expect(b.rgb[0]!).toBeGreaterThan(b.rgb[1]! + 80); // still red
  });
});
