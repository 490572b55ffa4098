import { describe, expect, it } from 'vitest';
import { downsampleHalf } from './downsampleHalf';

const px = (...values: number[][]) => new Uint8ClampedArray(values.flat());

describe('downsampleHalf', () => {
  it('averages each 2×2 block, weighting colour by alpha', () => {
    // One opaque red pixel and three transparent green ones: a quarter-opaque red, not brown.
    const src = px([255, 0, 0, 255], [0, 255, 0, 0], [0, 255, 0, 0], [0, 255, 0, 0]);
    const out = new Uint8ClampedArray(4);
    downsampleHalf(src, 2, 2, out);
    expect([...out]).toEqual([255, 0, 0, 64]);
  });

  it('keeps opaque colour exact and clears fully transparent blocks', () => {
    const blue = [10, 20, 200, 255];
    const clear = [90, 90, 90, 0];
    // 4 × 2: the left block all blue, the right block all transparent.
    const src = px(blue, blue, clear, clear, blue, blue, clear, clear);
    const out = new Uint8ClampedArray(8);
    downsampleHalf(src, 4, 2, out);
    expect([...out]).toEqual([...blue, 0, 0, 0, 0]);
  });

  it('an odd border block counts only the pixels it has', () => {
    // 3 × 1: the last output pixel is the single pixel at x = 2, unchanged.
    const src = px([0, 0, 0, 255], [200, 200, 200, 255], [30, 60, 90, 128]);
    const out = new Uint8ClampedArray(8);
    downsampleHalf(src, 3, 1, out);
    expect([...out]).toEqual([100, 100, 100, 255, 30, 60, 90, 128]);
  });
});
