import { sniffImage } from '@cutout/core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeTestImage } from './makeTestImage';

describe('makeTestImage', () => {
  it.each(['jpeg', 'png', 'webp'] as const)('makes a real %s of the asked size', async (format) => {
    const bytes = await makeTestImage({ width: 321, height: 123, format });
    expect(sniffImage(bytes)).toMatchObject({ format, width: 321, height: 123 });
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual([format, 321, 123]);
  });

  it('paints the subject in the centre over the background', async () => {
    const bytes = await makeTestImage({
      width: 100,
      height: 80,
      format: 'png',
      background: '#0000ff',
      subject: { color: '#00ff00' },
    });
    const { data, info } = await sharp(bytes)
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [
      ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
    ];
    expect(at(0, 0)).toEqual([0, 0, 255]);
    const [r, g, b] = at(50, 40);
    expect(g! > 200 && r! < 120 && b! < 120).toBe(true);
  });

  it('has transparency only when asked, and no subject when subject is false', async () => {
    const clear = await makeTestImage({
      width: 50,
      height: 50,
      format: 'png',
      background: 'transparent',
    });
    expect(sniffImage(clear)?.hasAlpha).toBe(true);
    const stats = await sharp(
      await makeTestImage({ width: 50, height: 50, format: 'png', subject: false }),
    ).stats();
    expect(stats.isOpaque).toBe(true);
    expect(stats.channels[0]!.min).toBe(stats.channels[0]!.max);
  });

  it('is deterministic, textures included', async () => {
    const a = await makeTestImage({
      width: 120,
      height: 90,
      format: 'png',
      texture: 'noise',
      seed: 3,
    });
    const b = await makeTestImage({
      width: 120,
      height: 90,
      format: 'png',
      texture: 'noise',
      seed: 3,
    });
    const c = await makeTestImage({
      width: 120,
      height: 90,
      format: 'png',
      texture: 'noise',
      seed: 4,
    });
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('refuses a colour that is not CSS colour syntax', async () => {
    await expect(makeTestImage({ subject: { color: '"/><script>' } })).rejects.toThrow(RangeError);
  });
});
