import { describe, expect, it } from 'vitest';
import { downsampleRgb, fitLongEdge } from './areaDownsample';
import { bandBox } from './bandBox';
import { guidedCoefficients } from './guidedFilter';
import { refineAlpha } from './refineAlpha';
import { refineBand } from './refineBand';
import { resizeBilinear } from './resizeBilinear';

/**
 * A small subject in a large frame: a 900×600 photo with a soft-edged orange disc (r = 60) at
 * (300, 250) on a noisy grey backdrop, and its 128² "model mask" (stretched, as ISNet's is).
 */
function smallSubject() {
  const w = 900;
  const h = 600;
  const rgb = new Uint8Array(w * h * 3);
  let seed = 7;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed % 17) - 8;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const a = Math.min(1, Math.max(0, 60.5 - Math.hypot(x - 300, y - 250)));
      const i = (y * w + x) * 3;
      rgb[i] = Math.round(a * 230 + (1 - a) * (150 + noise()));
      rgb[i + 1] = Math.round(a * 120 + (1 - a) * (150 + noise()));
      rgb[i + 2] = Math.round(a * 30 + (1 - a) * (155 + noise()));
    }
  }
  const m = 128;
  const mask = new Float32Array(m * m);
  for (let my = 0; my < m; my++) {
    for (let mx = 0; mx < m; mx++) {
      const d = Math.hypot(((mx + 0.5) * w) / m - 300, ((my + 0.5) * h) / m - 250) - 60;
      mask[my * m + mx] = Math.min(1, Math.max(0, 0.5 - d / 10));
    }
  }
  return { w, h, rgb, mask, m };
}

describe('bandBox', () => {
  it('is null when the mask is sure everywhere, and holds a band that falls between samples', () => {
    expect(bandBox(new Float32Array(16), 4, 4, 8, 8, 0.1, 2)).toBeNull();
    expect(bandBox(new Float32Array(16).fill(1), 4, 4, 8, 8, 0.1, 2)).toBeNull();
    // 0.05 next to 0.95: no mask value is unsure, yet the bilinear values between them are.
    const step = new Float32Array(64 * 64);
    for (let i = 0; i < step.length; i++) step[i] = i % 64 >= 40 ? 0.95 : 0.05;
    const box = bandBox(step, 64, 64, 512, 512, 0.1, 0);
    expect(box).not.toBeNull();
    // The edge lies between mask columns 39 and 40: working x ≈ 316–324.
    expect(box!.left).toBeLessThanOrEqual(316);
    expect(box!.right).toBeGreaterThanOrEqual(324);
    expect(box!.right - box!.left).toBeLessThan(150);
  });

  it('lets refineAlpha solve the filter on a fraction of the frame with the same alpha', () => {
    const { w, h, rgb, mask, m } = smallSubject();
    const [ww, wh] = fitLongEdge(w, h, 512);
    const box = bandBox(mask, m, m, ww, wh, 0.1, 6)!;
    const area = (box.right - box.left + 1) * (box.bottom - box.top + 1);
    expect(area / (ww * wh)).toBeLessThan(0.2);
    // Reference: the filter solved on the whole working image.
    const work = downsampleRgb(rgb, w, h, 3, ww, wh);
    const p = resizeBilinear(mask, m, m, ww, wh);
    const [r, g, b] = work.planes;
    const whole = guidedCoefficients(r, g, b, p, ww, wh, 6, 1e-3);
    const expected = resizeBilinear(mask, m, m, w, h);
    refineBand(expected, rgb, w, h, 3, whole, 0.1, 0.05, 0.5);
    const got = refineAlpha(rgb, w, h, 3, mask, m, m);
    let band = 0;
    let worst = 0;
    for (let i = 0; i < w * h; i++) {
      if (expected[i]! > 0 && expected[i]! < 1) band++;
      worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
    }
    expect(band).toBeGreaterThan(2000);
    expect(worst).toBeLessThan(1e-4);
  });
});
