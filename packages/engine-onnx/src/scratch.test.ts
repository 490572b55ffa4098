import { describe, expect, it } from 'vitest';
import { downsampleRgb, fitLongEdge } from './areaDownsample';
import { estimateForeground } from './estimateForeground';
import { refineAlpha } from './refineAlpha';
import { createScratch, FRESH, type Scratch } from './scratch';

describe('createScratch', () => {
  it('hands out distinct arrays within an image and the same ones again after reset', () => {
    const scratch = createScratch();
    const a = scratch.floats(100);
    const b = scratch.floats(100);
    const c = scratch.bytes(40);
    expect(a.buffer).not.toBe(b.buffer);
    expect([a.length, b.length, c.length]).toEqual([100, 100, 40]);
    scratch.reset();
    expect(scratch.floats(80).buffer).toBe(a.buffer); // smaller: reused
    expect(scratch.floats(120).buffer).toBe(b.buffer); // within the 25 % headroom: reused
    expect(scratch.bytes(400).buffer).not.toBe(c.buffer); // bigger: grown
    expect(scratch.retainedBytes).toBe(125 * 4 + 125 * 4 + 500);
  });
});

/**
 * A soft-edged disc on a textured background, and a mask that roughly follows it, so
 * refinement and decontamination both have real work (edge pixels, both constant regions).
 */
function scene(width: number, height: number) {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = Math.hypot(x - width / 2, y - height / 2) / (Math.min(width, height) / 3);
      const a = Math.min(1, Math.max(0, (1 - d) * 20 + 0.5));
      const i = (y * width + x) * 3;
      rgb[i] = Math.round(a * 200 + (1 - a) * (220 + ((x * 7 + y * 3) % 30)));
      rgb[i + 1] = Math.round(a * (40 + (x % 50)) + (1 - a) * 225);
      rgb[i + 2] = Math.round(a * 30 + (1 - a) * 230);
    }
  }
  const m = 256;
  const mask = new Float32Array(m * m);
  for (let y = 0; y < m; y++) {
    for (let x = 0; x < m; x++) {
      const d = Math.hypot(x - m / 2, y - m / 2) / (m / 3);
      mask[y * m + x] = Math.min(1, Math.max(0, (1 - d) * 8 + 0.5));
    }
  }
  return { rgb, mask, m };
}

function cutout(width: number, height: number, scratch: Scratch) {
  const { rgb, mask, m } = scene(width, height);
  const [ww, wh] = fitLongEdge(width, height, 128);
  const work = downsampleRgb(rgb, width, height, 3, ww, wh, scratch);
  const alpha = refineAlpha(
    rgb,
    width,
    height,
    3,
    mask,
    m,
    m,
    { workLongEdge: 128 },
    work,
    scratch,
  );
  const rgba = estimateForeground(
    rgb,
    width,
    height,
    3,
    alpha,
    { workLongEdge: 128 },
    work,
    scratch,
  );
  return Uint8Array.from(rgba);
}

describe('the pipeline on reused scratch arrays', () => {
  it('gives byte-identical cutouts to fresh arrays, whatever the previous images left behind', () => {
    const scratch = createScratch();
    // Poison every slot an image could use, so nothing can rely on zero-filled arrays.
    for (let i = 0; i < 64; i++) scratch.floats(400 * 300).fill(Number.NaN);
    for (let i = 0; i < 8; i++) scratch.bytes(400 * 300 * 4).fill(0xa5);
    // Big, then small, then a different aspect, then big again: slots shrink, grow and
    // keep stale data from other sizes.
    for (const [w, h] of [
      [400, 300],
      [150, 120],
      [220, 330],
      [400, 300],
    ] as const) {
      scratch.reset();
      expect(cutout(w, h, scratch)).toEqual(cutout(w, h, FRESH));
    }
  });
});
