import { describe, expect, it } from 'vitest';
import { localColours } from './localColours';

describe('localColours', () => {
  it('separates the subject’s and the background’s colour on each side of an edge', () => {
    // Red subject on the left half (mask 1), grey background on the right (mask 0).
    const w = 40;
    const h = 10;
    const p = new Float32Array(w * h);
    const planes = [new Float32Array(w * h), new Float32Array(w * h), new Float32Array(w * h)] as [
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        const inside = x < 20;
        p[i] = inside ? 1 : 0;
        planes[0][i] = inside ? 0.8 : 0.5;
        planes[1][i] = inside ? 0.1 : 0.5;
        planes[2][i] = inside ? 0.1 : 0.5;
      }
    }
    const { fg, bg } = localColours(planes, p, w, h, 3);
    const at = 5 * w + 19; // last subject column: its window holds both sides
    expect(fg[0][at]).toBeCloseTo(0.8, 5);
    expect(fg[1][at]).toBeCloseTo(0.1, 5);
    expect(bg[0][at]).toBeCloseTo(0.5, 5);
    expect(bg[2][at]).toBeCloseTo(0.5, 5);
    // Far from the edge a window holds one side only: both estimates are its plain colour.
    expect(bg[0][5 * w + 2]).toBeCloseTo(0.8, 5);
    expect(fg[0][5 * w + 37]).toBeCloseTo(0.5, 5);
  });
});
