import { describe, expect, it } from 'vitest';
import { boxMean } from './boxMean';

/** Direct O(r²) mean with the same border rule (average of the pixels inside the image). */
function naiveBoxMean(src: Float32Array, w: number, h: number, r: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      let n = 0;
      for (let yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
        for (let xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
          s += src[yy * w + xx]!;
          n++;
        }
      }
      out[y * w + x] = s / n;
    }
  }
  return out;
}

describe('boxMean', () => {
  it('keeps a constant image constant, borders included', () => {
    const src = new Float32Array(7 * 5).fill(0.25);
    const out = boxMean(src, 7, 5, 2, new Float32Array(35), new Float32Array(35));
    for (const v of out) expect(v).toBeCloseTo(0.25, 6);
  });

  it('spreads an impulse evenly over the (2r+1)² window', () => {
    const src = new Float32Array(9 * 9);
    src[4 * 9 + 4] = 25;
    const out = boxMean(src, 9, 9, 2, new Float32Array(81), new Float32Array(81));
    expect(out[4 * 9 + 4]).toBeCloseTo(1, 6);
    expect(out[2 * 9 + 6]).toBeCloseTo(1, 6);
    expect(out[1 * 9 + 4]).toBeCloseTo(0, 6);
  });

  it('matches a direct computation for any radius, even larger than the image', () => {
    const w = 13;
    const h = 8;
    const src = new Float32Array(w * h).map((_, i) => Math.sin(i * 1.7) + (i % 5));
    for (const r of [0, 1, 3, 20]) {
      const out = boxMean(src, w, h, r, new Float32Array(w * h), new Float32Array(w * h));
      const expected = naiveBoxMean(src, w, h, r);
      for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(expected[i]!, 4);
    }
  });

  it('may write over its input', () => {
    const src = new Float32Array([0, 3, 0, 0, 3, 0]);
    boxMean(src, 3, 2, 1, src, new Float32Array(6));
    expect(Array.from(src)).toEqual([1.5, 1, 1.5, 1.5, 1, 1.5]);
  });
});
