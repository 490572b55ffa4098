import { analyzeEdges } from '@cutout/core/edges';
import { describe, expect, it } from 'vitest';
import { fringeOverlay } from './fringeOverlay';

/** A dark grey square subject whose outermost ring is bright and opaque, on transparency. */
function brightRimmedSquare(size = 64, inset = 16): Uint8ClampedArray {
  const px = new Uint8ClampedArray(size * size * 4);
  for (let y = inset; y < size - inset; y++) {
    for (let x = inset; x < size - inset; x++) {
      const rim = x === inset || y === inset || x === size - inset - 1 || y === size - inset - 1;
      const i = (y * size + x) * 4;
      px[i] = px[i + 1] = px[i + 2] = rim ? 235 : 50;
      px[i + 3] = 255;
    }
  }
  return px;
}

describe('fringeOverlay', () => {
  it('draws the bright rim behind a "bright-rim" review when the halo score is 0', () => {
    const size = 64;
    // The removed background was dark: the rim leans away from it, so no fringe (halo 0)…
    const analysis = analyzeEdges(brightRimmedSquare(size), size, size, {
      background: [17, 17, 17],
    });
    expect(analysis.haloScore).toBe(0);
    expect(analysis.reasons).toContain('bright-rim');
    // …yet the overlay shows where the edges are brighter, not nothing.
    const rgba = fringeOverlay(analysis.fringeMap, analysis.rimMap);
    const lit: number[] = [];
    for (let p = 0; p < size * size; p++) if (rgba[p * 4 + 3]! > 0) lit.push(p);
    const rimPixels = 4 * (size - 32 - 1);
    expect(lit.length).toBeGreaterThanOrEqual(rimPixels);
    // Amber (the rim), not the fringe's red-pink; nothing away from the edge.
    const top = 16 * size + 32;
    expect([rgba[top * 4], rgba[top * 4 + 1], rgba[top * 4 + 2]]).toEqual([255, 176, 0]);
    expect(rgba[(32 * size + 32) * 4 + 3]).toBe(0);
    expect(rgba[3]).toBe(0);
  });

  it('keeps the fringe colour where both maps are lit', () => {
    const rgba = fringeOverlay(new Uint8Array([255, 0]), new Uint8Array([200, 200]));
    expect(Array.from(rgba.subarray(0, 3))).toEqual([255, 40, 90]);
    expect(Array.from(rgba.subarray(4, 7))).toEqual([255, 176, 0]);
  });
});
