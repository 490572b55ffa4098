import { alphaBox, parseOutputOptions } from '@cutout/core/output';
import { syntheticCutoutPixels } from '@cutout/testing/msw';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeOutput } from './composeOutput';

// A 1200×900 cutout: a soft-edged, shaded "bottle" with a transparent background.
const W = 1200;
const H = 900;
let rgba: Uint8Array;
let png: Uint8Array;
beforeAll(async () => {
  rgba = syntheticCutoutPixels({ width: W, height: H });
  png = new Uint8Array(
    await sharp(rgba, { raw: { width: W, height: H, channels: 4 } })
      .png()
      .toBuffer(),
  );
});

async function decode(bytes: Uint8Array) {
  const meta = await sharp(bytes).metadata();
  // sharp widens a grey image to sRGB on raw output unless told to keep it.
  const pipeline = meta.channels === 1 ? sharp(bytes).toColourspace('b-w') : sharp(bytes);
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data),
    width: info.width,
    height: info.height,
    channels: info.channels,
  };
}

describe('composeOutput (sharp codec around the shared maths)', () => {
  it('crops to exactly the alpha box', async () => {
    const box = alphaBox(rgba, W, H)!;
    const out = await composeOutput(png, parseOutputOptions({ crop: true }));
    expect(out.contentType).toBe('image/png');
    expect([out.width, out.height]).toEqual([box.width, box.height]);
    const img = await decode(out.bytes);
    expect(alphaBox(img.data, img.width, img.height, img.channels)).toEqual({
      x: 0,
      y: 0,
      width: box.width,
      height: box.height,
    });
  });

  it('amazon: a JPEG, border exactly 255, long edge ≥ 1600, subject ≥ 85 % of its long axis', async () => {
    const out = await composeOutput(png, parseOutputOptions({ preset: 'amazon' }));
    expect(out.contentType).toBe('image/jpeg');
    expect([...out.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const img = await decode(out.bytes);
    expect(Math.max(img.width, img.height)).toBeGreaterThanOrEqual(1600);
    const { data, width, height, channels } = img;
    for (let x = 0; x < width; x++) {
      for (const y of [0, height - 1]) {
        const i = (y * width + x) * channels;
        expect([data[i], data[i + 1], data[i + 2]]).toEqual([255, 255, 255]);
      }
    }
    for (let y = 0; y < height; y++) {
      for (const x of [0, width - 1]) {
        const i = (y * width + x) * channels;
        expect([data[i], data[i + 1], data[i + 2]]).toEqual([255, 255, 255]);
      }
    }
    // The subject is what differs from white (JPEG noise aside).
    let top = height;
    let bottom = -1;
    let left = width;
    let right = -1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * channels;
        if (255 * 3 - data[i]! - data[i + 1]! - data[i + 2]! > 60) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
    }
    const long = Math.max((bottom - top + 1) / height, (right - left + 1) / width);
    expect(long).toBeGreaterThanOrEqual(0.85);
  });

  it('matte: one channel equal to the cutout’s alpha byte for byte', async () => {
    const out = await composeOutput(png, parseOutputOptions({ channels: 'alpha' }));
    const img = await decode(out.bytes);
    expect(img.channels).toBe(1);
    const alpha = new Uint8Array(W * H).map((_, i) => rgba[i * 4 + 3]!);
    expect(Buffer.from(img.data).equals(Buffer.from(alpha))).toBe(true);
  });

  it('writes WebP and PNG with their real types', async () => {
    const webp = await composeOutput(png, parseOutputOptions({ format: 'webp', crop: true }));
    expect(webp.contentType).toBe('image/webp');
    expect(new TextDecoder().decode(webp.bytes.subarray(8, 12))).toBe('WEBP');
    const size = await composeOutput(png, parseOutputOptions({ output_size: '300' }));
    expect([size.width, size.height]).toEqual([300, 225]);
  });

  it('crops PNGs without an alpha channel, and empty cutouts, like any other', async () => {
    // These take the whole-image decode (no alpha to find a box in, or no box).
    const opaque = new Uint8Array(await sharp(png).removeAlpha().png().toBuffer());
    const crop = parseOutputOptions({ crop: true, output_size: '300' });
    const fromRgb = await composeOutput(opaque, crop);
    expect([fromRgb.width, fromRgb.height]).toEqual([300, 225]);
    const empty = new Uint8Array(
      await sharp(new Uint8Array(W * H * 4), { raw: { width: W, height: H, channels: 4 } })
        .png()
        .toBuffer(),
    );
    const fromEmpty = await composeOutput(empty, parseOutputOptions({ crop: true }));
    expect([fromEmpty.width, fromEmpty.height]).toEqual([W, H]);
    // And a cropped cutout is the same whether its PNG is decoded or its pixels handed over.
    const shadow = parseOutputOptions({ crop: true, crop_margin: '3%', add_shadow: true });
    const a = await composeOutput(png, shadow);
    const b = await composeOutput({ data: rgba, width: W, height: H }, shadow);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it('refuses a canvas over the pixel limit with 413 / 40011', async () => {
    await expect(
      composeOutput(png, parseOutputOptions({ crop_margin: '100%' }), { maxPixels: W * H * 4 }),
    ).rejects.toMatchObject({ status: 413, code: 40011, reason: 'output-too-large' });
  });
});
