import { describe, expect, it } from 'vitest';
import { boxShrink, imageToTensor } from './imageToTensor';
import { resizeBilinear } from './resizeBilinear';

const spec = (inputSize: number) => ({
  inputSize,
  mean: [0, 0, 0] as const,
  std: [255, 255, 255] as const,
});

/** Grey RGB image from a function of (x, y) → 0..255. */
function image(w: number, h: number, f: (x: number, y: number) => number): Uint8Array {
  const rgb = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) rgb.fill(f(x, y), (y * w + x) * 3, (y * w + x) * 3 + 3);
  return rgb;
}

describe('imageToTensor', () => {
  it('keeps a step in the middle of the image in the middle of the tensor (shrinking and enlarging)', () => {
    // A step at x = 6 of 12 (shrunk to 8) and at y = 3 of 6 (enlarged to 8): with centres
    // aligned both land between pixels 3 and 4, mirror-symmetric. sharp's fill resize put
    // them on pixel 4 (0 0 0 0 128 255 255 255), half a pixel off.
    const w = 12;
    const h = 6;
    const out = new Float32Array(3 * 64);
    imageToTensor(
      image(w, h, (x) => (x < 6 ? 0 : 255)),
      w,
      h,
      spec(8),
      out,
    );
    const row = Array.from(out.subarray(3 * 8, 4 * 8));
    for (let x = 0; x < 4; x++) expect(row[x]! + row[7 - x]!).toBeCloseTo(1, 5);
    expect(row[3]).toBeLessThan(0.5);
    imageToTensor(
      image(w, h, (_, y) => (y < 3 ? 0 : 255)),
      w,
      h,
      spec(8),
      out,
    );
    const col = Array.from({ length: 8 }, (_, y) => out[y * 8 + 5]!);
    for (let y = 0; y < 4; y++) expect(col[y]! + col[7 - y]!).toBeCloseTo(1, 5);
  });

  it('a mask of the tensor brought back with resizeBilinear lands on the subject', () => {
    // A 40 px bright square at (50..90, 20..60) in a 150×80 image: the tensor itself as a
    // "mask", resized back, has its 0.5 crossing on the square's edges.
    const w = 150;
    const h = 80;
    const out = new Float32Array(3 * 64 * 64);
    imageToTensor(
      image(w, h, (x, y) => (x >= 50 && x < 90 && y >= 20 && y < 60 ? 255 : 0)),
      w,
      h,
      spec(64),
      out,
    );
    const back = resizeBilinear(out.subarray(0, 64 * 64), 64, 64, w, h);
    // Where the row (or column) crosses 0.5, in pixel indices: the square's edges lie at
    // 49.5 / 89.5 (between pixels 49 and 50, 89 and 90) and 19.5 / 59.5 vertically.
    const crossing = (get: (i: number) => number, from: number, to: number) => {
      const dir = Math.sign(to - from);
      for (let i = from; i !== to; i += dir) {
        const a = get(i);
        const b = get(i + dir);
        if ((a - 0.5) * (b - 0.5) <= 0) return i + (dir * (0.5 - a)) / (b - a);
      }
      return Number.NaN;
    };
    const row = (x: number) => back[40 * w + x]!;
    const col = (y: number) => back[y * w + 70]!;
    expect(Math.abs(crossing(row, 30, 70) - 49.5)).toBeLessThan(0.3);
    expect(Math.abs(crossing(row, 110, 70) - 89.5)).toBeLessThan(0.3);
    expect(Math.abs(crossing(col, 5, 40) - 19.5)).toBeLessThan(0.3);
    expect(Math.abs(crossing(col, 75, 40) - 59.5)).toBeLessThan(0.3);
  });

  it('box-averages large images first, so a 1-px checker does not alias', () => {
    const n = 100;
    const out = new Float32Array(3 * 24 * 24);
    imageToTensor(
      image(n, n, (x, y) => ((x + y) % 2 ? 255 : 0)),
      n,
      n,
      spec(24),
      out,
    );
    for (let i = 0; i < 24 * 24; i++) expect(Math.abs(out[i]! - 0.5)).toBeLessThan(0.05);
  });

  it('boxShrink averages whole blocks', () => {
    const rgb = image(4, 2, (x) => x * 10);
    expect(Array.from(boxShrink(rgb, 4, 2, 2, 2, 1, new Uint8Array(6)))).toEqual([
      5, 5, 5, 25, 25, 25,
    ]);
  });
});
