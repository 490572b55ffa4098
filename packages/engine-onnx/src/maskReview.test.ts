import { describe, expect, it } from 'vitest';
import { maskReview } from './maskReview';

/**
 * A 256² model mask of a disc of radius 80 whose edge ramps from 1 to 0 over `ramp` mask
 * pixels (1: a crisp product edge as ISNet draws it; 8: motion blur or fur).
 */
function discMask(ramp: number): Float32Array {
  const m = 256;
  const mask = new Float32Array(m * m);
  for (let y = 0; y < m; y++) {
    for (let x = 0; x < m; x++) {
      const d = Math.hypot(x + 0.5 - 128, y + 0.5 - 128) - 80;
      mask[y * m + x] = Math.min(1, Math.max(0, 0.5 - d / ramp));
    }
  }
  return mask;
}

describe('maskReview', () => {
  it('passes a crisp outline and flags a wide unsure band as wide-soft-edge', () => {
    const crisp = maskReview(discMask(1), 256, 256, 256, 256);
    expect(crisp).toMatchObject({ needsReview: false, reasons: [] });
    // Band 0.1 < p < 0.9 of a ramp r is 0.8·r mask px, here as many image px.
    const soft = maskReview(discMask(8), 256, 256, 256, 256);
    expect(soft).toMatchObject({ needsReview: true, reasons: ['wide-soft-edge'] });
    expect(soft.softEdgePx).toBeGreaterThan(0.8 * 8 * 0.8);
    expect(soft.softEdgePx).toBeLessThan(0.8 * 8 * 1.2);
    expect(soft.softEdge).toBeCloseTo(soft.softEdgePx / 256, 10);
  });

  it('measures the model’s doubt at its own resolution, whatever the photo’s size', () => {
    const small = maskReview(discMask(3), 256, 256, 400, 300);
    const large = maskReview(discMask(3), 256, 256, 4000, 3000);
    expect(large.softEdge).toBeCloseTo(small.softEdge, 3);
    expect(large.softEdgePx / small.softEdgePx).toBeCloseTo(10, 0);
    expect(large.needsReview).toBe(small.needsReview);
  });

  it('takes its threshold from maxSoftEdge, and an empty mask needs no review', () => {
    const r = maskReview(discMask(3), 256, 256, 256, 256);
    expect(
      maskReview(discMask(3), 256, 256, 256, 256, { maxSoftEdge: r.softEdge * 0.9 }).reasons,
    ).toEqual(['wide-soft-edge']);
    expect(
      maskReview(discMask(3), 256, 256, 256, 256, { maxSoftEdge: r.softEdge * 1.1 }).reasons,
    ).toEqual([]);
    expect(maskReview(new Float32Array(256 * 256), 256, 256, 256, 256)).toMatchObject({
      needsReview: false,
      softEdge: 0,
    });
  });
});
