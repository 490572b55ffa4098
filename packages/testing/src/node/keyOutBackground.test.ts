import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { borderColour } from './borderColour';
import { keyOutBackground } from './keyOutBackground';
import { makeTestImage, type TestImageOptions } from './makeTestImage';

async function cutout(options: TestImageOptions) {
  const input = await makeTestImage(options);
  const result = await keyOutBackground(input);
  const { data, info } = await sharp(result.png).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => {
    const i = (y * info.width + x) * 4;
    return [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!] as const;
  };
  return { result, data, info, at };
}

describe('keyOutBackground', () => {
  it.each<TestImageOptions['texture']>(['plain', 'noise', 'gradient'])(
    'cuts the subject out of a %s background: same size, RGBA, transparent border, opaque centre',
    async (texture) => {
      const { result, info, at, data } = await cutout({ width: 400, height: 300, texture });
      expect([result.width, result.height, info.width, info.height, info.channels]).toEqual([
        400, 300, 400, 300, 4,
      ]);
      expect(at(0, 0)[3]).toBe(0);
      expect(at(399, 299)[3]).toBe(0);
      expect(at(200, 150)[3]).toBe(255);
      let transparentBorder = 0;
      for (let x = 0; x < 400; x++)
        if (at(x, 0)[3] === 0 && at(x, 299)[3] === 0) transparentBorder++;
      expect(transparentBorder).toBeGreaterThan(390);
      let partial = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0 && data[i]! < 255) partial++;
      expect(partial).toBeGreaterThan(50);
    },
  );

  it('keys out a shrunk copy under maxWorkPixels (load tests), the aspect kept', async () => {
    const input = await makeTestImage({ width: 1200, height: 900 });
    const result = await keyOutBackground(input, { maxWorkPixels: 120_000 });
    expect(result.width * result.height).toBeLessThanOrEqual(120_000);
    expect(result.width).toBeGreaterThan(390);
    expect(result.width / result.height).toBeCloseTo(4 / 3, 1);
    const meta = await sharp(result.png).metadata();
    expect([meta.width, meta.height]).toEqual([result.width, result.height]);
    const small = await keyOutBackground(await makeTestImage({ width: 400, height: 300 }), {
      maxWorkPixels: 120_000,
    });
    expect([small.width, small.height]).toEqual([400, 300]);
  });

  it('un-mixes the background from semi-transparent edge pixels', async () => {
    // Red subject on white: a 50% edge pixel is pink in the photo, but red in the cutout.
    const { data } = await cutout({
      width: 300,
      height: 300,
      background: '#ffffff',
      subject: { color: '#c81e1e' },
    });
    let checked = 0;
    for (let i = 0; i < data.length; i += 4) {
      const a = data[i + 3]!;
      if (a < 64 || a > 192) continue;
      checked++;
      expect(data[i]! - data[i + 1]!).toBeGreaterThan(100);
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('works on a dark background and on PNG input with alpha (flattened onto white)', async () => {
    const dark = await cutout({
      width: 200,
      height: 200,
      background: '#101418',
      subject: { color: '#e8e0c0' },
    });
    expect([dark.at(0, 0)[3], dark.at(100, 100)[3]]).toEqual([0, 255]);
    const alpha = await cutout({
      width: 200,
      height: 200,
      format: 'png',
      background: 'transparent',
    });
    expect([alpha.at(0, 0)[3], alpha.at(100, 100)[3]]).toEqual([0, 255]);
  });

  it('rejects bytes it cannot decode', async () => {
    await expect(keyOutBackground(new Uint8Array([0xff, 0xd8, 0xff, 0, 1, 2]))).rejects.toThrow();
  });

  it('finds the dominant border colour', () => {
    const rgb = new Uint8Array(10 * 10 * 3).fill(200);
    rgb.set([10, 20, 30], 0); // one odd corner pixel
    expect(borderColour(rgb, 10, 10)).toEqual([200, 200, 200]);
  });
});
