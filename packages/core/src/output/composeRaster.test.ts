import { describe, expect, it } from 'vitest';
import { subjectPixels } from '../testing/subjectPixels';
import { composeRaster } from './composeRaster';
import { alphaBox, CROP_ALPHA_THRESHOLD } from './outputLayout';
import { parseOutputOptions } from './outputOptions';

const W = 300;
const H = 200;
const cutout = {
  data: subjectPixels({ width: W, height: H, x: 70, y: 40, w: 90, h: 120, round: true }),
  width: W,
  height: H,
};

function px(img: { data: Uint8ClampedArray; width: number }, x: number, y: number) {
  const i = (y * img.width + x) * 4;
  return [...img.data.subarray(i, i + 4)];
}

describe('crop', () => {
  it('finds the alpha box exactly, faint noise below the threshold left out', () => {
    const data = cutout.data.slice();
    data[(5 * W + 5) * 4 + 3] = CROP_ALPHA_THRESHOLD; // at the threshold: not subject
    expect(alphaBox(data, W, H)).toEqual({ x: 70, y: 40, width: 90, height: 120 });
    data[(190 * W + 290) * 4 + 3] = CROP_ALPHA_THRESHOLD + 1;
    expect(alphaBox(data, W, H)).toEqual({ x: 70, y: 40, width: 221, height: 151 });
    expect(alphaBox(new Uint8Array(16), 2, 2)).toBeUndefined();
  });

  it('trims to the alpha box and copies its pixels unchanged', () => {
    const out = composeRaster(cutout, parseOutputOptions({ crop: true }));
    expect([out.width, out.height]).toEqual([90, 120]);
    for (let y = 0; y < 120; y++) {
      for (let x = 0; x < 90; x++) {
        const i = ((y + 40) * W + x + 70) * 4;
        const o = (y * 90 + x) * 4;
        if (cutout.data[i + 3] === 0) expect(out.data[o + 3]).toBe(0);
        else expect([...out.data.subarray(o, o + 4)]).toEqual([...cutout.data.subarray(i, i + 4)]);
      }
    }
  });

  it('keeps margins in pixels and in % of the subject box, CSS order', () => {
    const out = composeRaster(cutout, parseOutputOptions({ crop: true, crop_margin: '10px 10%' }));
    expect([out.width, out.height]).toEqual([90 + 9 + 9, 120 + 20]);
    expect(out.layout.target).toEqual({ x: 9, y: 10, width: 90, height: 120 });
  });

  it('trims an empty cutout to nothing but itself (no box to trim to)', () => {
    const empty = { data: new Uint8Array(W * H * 4), width: W, height: H };
    const out = composeRaster(empty, parseOutputOptions({ crop: true }));
    expect([out.width, out.height]).toEqual([W, H]);
  });
});

describe('size and position', () => {
  it('contain-fits subject plus margins into WxH and centres it', () => {
    const out = composeRaster(
      cutout,
      parseOutputOptions({ crop: true, crop_margin: '5%', output_size: '500x500' }),
    );
    expect([out.width, out.height]).toEqual([500, 500]);
    const t = out.layout.target;
    // The long axis (height 120) with 5 % margins each side fills 1 / 1.1 of the canvas.
    expect(t.height).toBe(Math.round(500 / 1.1));
    expect(Math.abs(t.x + t.width / 2 - 250)).toBeLessThanOrEqual(1);
    expect(Math.abs(t.y - Math.round(t.height * 0.05))).toBeLessThanOrEqual(1);
  });

  it('moves the subject with position inside the free room', () => {
    const o = (position: string) =>
      composeRaster(cutout, parseOutputOptions({ crop: true, output_size: '400x120', position }))
        .layout.target;
    expect(o('0% 0%').x).toBe(0);
    expect(o('100% 0%').x).toBe(400 - 90);
    expect(o('center').x).toBe(155);
  });

  it('scales to a long edge with the frame’s own aspect', () => {
    const out = composeRaster(cutout, parseOutputOptions({ crop: true, output_size: '600' }));
    expect([out.width, out.height]).toEqual([450, 600]);
  });

  it('averages when it shrinks and never lets transparent colour bleed in', () => {
    const out = composeRaster(
      cutout,
      parseOutputOptions({ output_size: '97x61', bg_color: '#ffffff' }),
    );
    for (let i = 0; i < out.data.length; i += 4) {
      const [r, g, b] = [out.data[i]!, out.data[i + 1]!, out.data[i + 2]!];
      // Between the red subject (200,60,40) and white: green never above red.
      expect(g).toBeLessThanOrEqual(r);
      expect(b).toBeLessThanOrEqual(g + 1);
    }
  });
});

describe('background, format and matte', () => {
  it('fills the background and flattens JPEG onto white', () => {
    const white = composeRaster(cutout, parseOutputOptions({ format: 'jpg' }));
    expect(px(white, 0, 0)).toEqual([255, 255, 255, 255]);
    const navy = composeRaster(cutout, parseOutputOptions({ bg_color: 'navy' }));
    expect(px(navy, 0, 0)).toEqual([0, 0, 128, 255]);
    expect(px(navy, 115, 100)).toEqual([200, 60, 40, 255]);
  });

  it('cover-fits a background image behind the subject', () => {
    // Left half black, right half white, 100×100: covering 300×200 shows its middle band.
    const bg = new Uint8Array(100 * 100 * 4);
    for (let i = 0; i < 100 * 100; i++) {
      const v = i % 100 < 50 ? 0 : 255;
      bg.set([v, v, v, 255], i * 4);
    }
    const out = composeRaster(cutout, parseOutputOptions({}), {
      background: { data: bg, width: 100, height: 100 },
    });
    expect(px(out, 0, 0)).toEqual([0, 0, 0, 255]);
    expect(px(out, 299, 199)).toEqual([255, 255, 255, 255]);
    expect(px(out, 115, 100)).toEqual([200, 60, 40, 255]);
  });

  it('returns the matte as one channel equal to the alpha byte for byte', () => {
    const out = composeRaster(cutout, parseOutputOptions({ channels: 'alpha', bg_color: 'red' }));
    expect(out.channels).toBe(1);
    const alpha = new Uint8Array(W * H).map((_, i) => cutout.data[i * 4 + 3]!);
    expect(Buffer.from(out.data).equals(Buffer.from(alpha))).toBe(true);
  });
});

describe('shadow', () => {
  const opts = { bg_color: '#ffffff', crop: true, crop_margin: '20%', add_shadow: true };
  const withShadow = composeRaster(cutout, parseOutputOptions(opts));
  const without = composeRaster(cutout, parseOutputOptions({ ...opts, add_shadow: false }));

  it('darkens the floor under and beside the subject', () => {
    const t = withShadow.layout.target;
    const under = px(withShadow, t.x + t.width / 2, t.y + t.height + 2);
    expect(under[0]).toBeLessThan(230);
    const beside = px(withShadow, t.x + t.width / 2 - 20, t.y + t.height);
    expect(beside[0]).toBeLessThan(250);
  });

  it('never lies on top of the subject and never darkens its opaque pixels', () => {
    const t = withShadow.layout.target;
    for (let y = 0; y < withShadow.height; y++) {
      for (let x = 0; x < withShadow.width; x++) {
        const i = (y * withShadow.width + x) * 4;
        const differs = withShadow.data[i] !== without.data[i];
        if (y < t.y + t.height * 0.75) expect(differs, `${x},${y}`).toBe(false);
        const subjectAlpha = cutout.data[((y - t.y + 40) * W + (x - t.x + 70)) * 4 + 3];
        if (subjectAlpha === 255 && x >= t.x && y >= t.y && x < t.x + t.width && y < t.y + t.height)
          expect(differs).toBe(false);
      }
    }
  });
});
