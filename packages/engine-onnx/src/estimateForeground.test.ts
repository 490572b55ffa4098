import { describe, expect, it } from 'vitest';
import { estimateForeground } from './estimateForeground';

/**
 * A red subject (F = 200,30,30) over a white background (B = 255,255,255), with a soft edge:
 * α ramps from 1 to 0 over columns 20..29. I = αF + (1−α)B, rounded like a real image.
 */
function scene(w: number, h: number, fg = [200, 30, 30], bg = [255, 255, 255]) {
  const alpha = new Float32Array(w * h);
  const rgb = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const a = Math.min(1, Math.max(0, (30 - x) / 10));
      const i = y * w + x;
      alpha[i] = a;
      for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.round(a * fg[c]! + (1 - a) * bg[c]!);
    }
  }
  return { alpha, rgb };
}

describe('estimateForeground', () => {
  it('gives semi-transparent edge pixels the subject colour, not the background’s', () => {
    const w = 60;
    const h = 12;
    const { alpha, rgb } = scene(w, h);
    const out = estimateForeground(rgb, w, h, 3, alpha);
    for (let x = 21; x < 29; x++) {
      const o = (6 * w + x) * 4;
      // The observed colour at α = 0.5 is (228,143,143); the estimate must be back near red
      // (blur fusion is approximate: within 15 of 255 down to α = 0.2).
      expect(Math.abs(out[o]! - 200)).toBeLessThan(15);
      expect(Math.abs(out[o + 1]! - 30)).toBeLessThan(15);
      expect(Math.abs(out[o + 2]! - 30)).toBeLessThan(15);
    }
  });

  it('keeps opaque pixels exactly as in the image and stores the alpha', () => {
    const w = 60;
    const h = 12;
    const { alpha, rgb } = scene(w, h);
    // Texture inside the subject must survive untouched.
    rgb[(3 * w + 5) * 3] = 17;
    const out = estimateForeground(rgb, w, h, 3, alpha);
    expect(out[(3 * w + 5) * 4]).toBe(17);
    expect(out[(3 * w + 5) * 4 + 3]).toBe(255);
    expect(out[(6 * w + 25) * 4 + 3]).toBe(Math.round(0.5 * 255));
    expect(out[(6 * w + 45) * 4 + 3]).toBe(0);
  });

  it('composites over #111 without a light halo where the plain image would show one', () => {
    const w = 60;
    const h = 12;
    const { alpha, rgb } = scene(w, h);
    const out = estimateForeground(rgb, w, h, 3, alpha);
    let plainError = 0;
    let ourError = 0;
    for (let x = 20; x < 30; x++) {
      const i = 6 * w + x;
      const a = alpha[i]!;
      const truth = a * 30 + (1 - a) * 17; // green channel of the true cutout over #111
      plainError += Math.abs(a * rgb[i * 3 + 1]! + (1 - a) * 17 - truth);
      ourError += Math.abs(a * out[i * 4 + 1]! + (1 - a) * 17 - truth);
    }
    expect(ourError).toBeLessThan(plainError / 10);
  });

  it('works through its reduced working resolution on larger images', () => {
    const w = 300;
    const h = 40;
    const { alpha, rgb } = scene(w, h, [20, 90, 200], [240, 240, 200]);
    const out = estimateForeground(rgb, w, h, 3, alpha, { workLongEdge: 100 });
    for (let x = 21; x < 29; x++) {
      const o = (20 * w + x) * 4;
      expect(Math.abs(out[o]! - 20)).toBeLessThan(15);
      expect(Math.abs(out[o + 2]! - 200)).toBeLessThan(15);
    }
  });
});
