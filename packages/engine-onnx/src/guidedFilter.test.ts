import { describe, expect, it } from 'vitest';
import { applyGuidedCoefficients, guidedCoefficients } from './guidedFilter';

function planes(w: number, h: number, f: (x: number, y: number) => [number, number, number]) {
  const r = new Float32Array(w * h);
  const g = new Float32Array(w * h);
  const b = new Float32Array(w * h);
  const rgb = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [vr, vg, vb] = f(x, y);
      const i = y * w + x;
      rgb[i * 3] = Math.round(vr * 255);
      rgb[i * 3 + 1] = Math.round(vg * 255);
      rgb[i * 3 + 2] = Math.round(vb * 255);
      r[i] = rgb[i * 3]! / 255;
      g[i] = rgb[i * 3 + 1]! / 255;
      b[i] = rgb[i * 3 + 2]! / 255;
    }
  }
  return { r, g, b, rgb };
}

describe('guided filter', () => {
  it('returns a constant input unchanged whatever the guide', () => {
    const w = 16;
    const h = 12;
    const { r, g, b, rgb } = planes(w, h, (x, y) => [((x * 7) % 11) / 10, y / 12, 0.5]);
    const p = new Float32Array(w * h).fill(0.3);
    const q = applyGuidedCoefficients(guidedCoefficients(r, g, b, p, w, h, 2, 1e-3), rgb, w, h, 3);
    for (const v of q) expect(v).toBeCloseTo(0.3, 4);
  });

  it('reproduces an input that is a linear function of the guide (small eps)', () => {
    const w = 20;
    const h = 10;
    const { r, g, b, rgb } = planes(w, h, (x, y) => [x / 19, y / 9, ((x + y) % 4) / 3]);
    const p = new Float32Array(w * h).map((_, i) => 0.5 * r[i]! + 0.2 * g[i]! + 0.1 * b[i]! + 0.1);
    const q = applyGuidedCoefficients(guidedCoefficients(r, g, b, p, w, h, 2, 1e-7), rgb, w, h, 3);
    for (let i = 0; i < q.length; i++) expect(q[i]).toBeCloseTo(p[i]!, 2);
  });

  it('snaps a blurred mask back onto the guide’s sharp edge', () => {
    // Guide: a hard vertical edge at x = 10 (dark left, bright right). Mask: a linear ramp
    // over x = 6..14, as a bilinear upscale would give.
    const w = 20;
    const h = 6;
    const { r, g, b, rgb } = planes(w, h, (x) => (x < 10 ? [0.1, 0.1, 0.1] : [0.9, 0.8, 0.7]));
    const p = new Float32Array(w * h).map((_, i) => Math.min(1, Math.max(0, ((i % w) - 6) / 8)));
    const q = applyGuidedCoefficients(guidedCoefficients(r, g, b, p, w, h, 4, 1e-4), rgb, w, h, 3);
    const row = 3 * w;
    // The mask rises 0.125 per pixel; the filtered one jumps by more than half across the
    // guide's edge, and moves away from 0.5 on both sides of it.
    expect(q[row + 10]! - q[row + 9]!).toBeGreaterThan(0.5);
    expect(q[row + 8]!).toBeLessThan(p[row + 8]! - 0.05);
    expect(q[row + 11]!).toBeGreaterThan(p[row + 11]! + 0.05);
  });

  it('leaves alpha at 0 in regions far from the mask edge, whatever the guide shows there', () => {
    // A dark "shadow" blob in the guide where the mask is 0 must stay transparent.
    const w = 40;
    const h = 10;
    const { r, g, b, rgb } = planes(w, h, (x) =>
      x >= 25 && x < 32 ? [0.2, 0.2, 0.2] : [0.9, 0.9, 0.9],
    );
    const p = new Float32Array(w * h).map((_, i) => (i % w < 8 ? 1 : 0));
    const q = applyGuidedCoefficients(guidedCoefficients(r, g, b, p, w, h, 3, 1e-3), rgb, w, h, 3);
    for (let y = 0; y < h; y++) for (let x = 20; x < w; x++) expect(q[y * w + x]).toBeCloseTo(0, 5);
  });

  it('applies coefficients solved at a lower resolution to the full-resolution guide', () => {
    // Full resolution: an edge between x = 20 and 21, which falls inside low-res pixel 10.
    // The low-res guide and mask are exact area averages of the full-resolution ones, so the
    // mask is a linear function of the guide and the output must land on the full-res edge.
    const W = 40;
    const H = 20;
    const dark: [number, number, number] = [0.1, 0.2, 0.1];
    const bright: [number, number, number] = [0.7, 0.8, 0.5];
    const full = planes(W, H, (x) => (x < 21 ? dark : bright));
    const low = planes(20, 10, (x) => (x < 10 ? dark : x > 10 ? bright : mix(dark, bright, 0.5)));
    const p = new Float32Array(200).map((_, i) => (i % 20 < 10 ? 0 : i % 20 > 10 ? 1 : 0.5));
    const c = guidedCoefficients(low.r, low.g, low.b, p, 20, 10, 2, 1e-6);
    const q = applyGuidedCoefficients(c, full.rgb, W, H, 3);
    for (const y of [0, 7, 19]) {
      expect(q[y * W + 20]!).toBeLessThan(0.03);
      expect(q[y * W + 21]!).toBeGreaterThan(0.97);
    }
  });
});

function mix(a: number[], b: number[], t: number): [number, number, number] {
  return [0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * t) as [number, number, number];
}
