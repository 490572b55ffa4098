import { describe, expect, it } from 'vitest';
import { isCutoutError } from './CutoutError';
import { analyzeEdges } from './edgeAnalysis';

type Px = [number, number, number, number];
const RED: [number, number, number] = [180, 20, 20];
const WHITE: [number, number, number] = [255, 255, 255];

function image(w: number, h: number, at: (x: number, y: number) => Px): Uint8ClampedArray {
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) out.set(at(x, y), (y * w + x) * 4);
  }
  return out;
}

/**
 * What a matting engine without decontamination stores: the photo's mix of subject and background.
 */
function mix(f: readonly number[], b: readonly number[], alpha: number): Px {
  const a = alpha / 255;
  return [
    Math.round(a * f[0]! + (1 - a) * b[0]!),
    Math.round(a * f[1]! + (1 - a) * b[1]!),
    Math.round(a * f[2]! + (1 - a) * b[2]!),
    alpha,
  ];
}

// A vertical edge: opaque red up to column 29, a 4-pixel soft edge, then clear (clear pixels
// hold white RGB, as many encoders leave it, to prove their colour is ignored).
const RAMP = [204, 153, 102, 51];
function softEdge(contaminated: (y: number) => boolean): Uint8ClampedArray {
  return image(64, 16, (x, y) => {
    if (x < 30) return [...RED, 255];
    if (x < 34) {
      const alpha = RAMP[x - 30]!;
      return contaminated(y) ? mix(RED, WHITE, alpha) : [...RED, alpha];
    }
    return [255, 255, 255, 0];
  });
}

function litPixels(map: Uint8Array, w: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  map.forEach((v, i) => {
    if (v > 0) out.push([i % w, Math.floor(i / w)]);
  });
  return out;
}

describe('analyzeEdges', () => {
  it("does not take a shaded subject's darker rim for a background (clean cutout of a rounded product)", () => {
    // A disc lit from the centre: light red inside, much darker red toward its outline, cut
    // cleanly with a 2-pixel anti-aliased edge that carries the subject's own colour — what
    // a decontaminating engine makes of a bottle. Its rims lean toward a darker red the
    // interior also has: lighting, not a leftover background.
    const w = 160;
    const h = 160;
    const shade = (d: number): [number, number, number] => {
      const t = Math.min(1, d / 60);
      return [
        Math.round(225 - 90 * t * t),
        Math.round(95 - 75 * t * t),
        Math.round(85 - 70 * t * t),
      ];
    };
    const disc = (leftover: boolean) =>
      image(w, h, (x, y) => {
        const d = Math.hypot(x - 80, y - 80);
        const alpha = Math.round(Math.max(0, Math.min(1, 61 - d)) * 255);
        if (alpha === 0) return [0, 0, 0, 0];
        const f = shade(d);
        return leftover ? mix(f, [238, 238, 240], alpha) : [...f, alpha];
      });
    const clean = analyzeEdges(disc(false), w, h);
    expect(clean.reasons).not.toContain('halo');
    expect(clean.haloScore).toBeLessThan(0.1);
    // The same cutout with the light studio background left in its edge is still flagged.
    const halo = analyzeEdges(disc(true), w, h);
    expect(halo.backgroundSource).toBe('estimated');
    expect(halo.reasons).toContain('halo');
  });

  it('scores a decontaminated soft edge 0 with an empty fringe map', () => {
    const r = analyzeEdges(
      softEdge(() => false),
      64,
      16,
    );
    expect(r.haloScore).toBe(0);
    expect(r.rimContrast).toBe(0);
    expect(litPixels(r.fringeMap, 64)).toEqual([]);
    expect(r.edgePixels).toBe(64);
    expect(r.fringePixels).toBe(0);
    expect(r.meanEdgeWidthPx).toBe(4);
    expect(r.uncertainBandRatio).toBe(0);
    expect(r.backgroundSource).toBe('none');
    expect(r.needsReview).toBe(false);
    expect(r.reasons).toEqual([]);
    // Knowing the background changes nothing: the colours do not lean toward it.
    const known = analyzeEdges(
      softEdge(() => false),
      64,
      16,
      { background: WHITE },
    );
    expect(known.haloScore).toBe(0);
    expect(known.backgroundSource).toBe('option');
    expect(known.needsReview).toBe(false);
  });

  it('scores white bleeding into the soft edge high and finds the white background', () => {
    const r = analyzeEdges(
      softEdge(() => true),
      64,
      16,
    );
    expect(r.background).not.toBeNull();
    for (const c of r.background!) expect(c).toBeGreaterThanOrEqual(252);
    expect(r.backgroundSource).toBe('estimated');
    // s = 1 where 1 − a ≥ 0.25, s = 0.2 / 0.25 = 0.8 at a = 0.8: Σa·s / Σa = 1.84 / 2.
    expect(r.haloScore).toBeCloseTo(0.92, 1);
    expect(r.fringePixels).toBe(64);
    expect(r.rimContrast).toBeCloseTo(0.158, 2);
    expect(r.needsReview).toBe(true);
    expect(r.reasons).toEqual(['halo', 'bright-rim']);
    for (let y = 0; y < 16; y++) {
      expect(Math.abs(r.fringeMap[y * 64 + 30]! - 204)).toBeLessThanOrEqual(8);
      for (const x of [31, 32, 33]) expect(r.fringeMap[y * 64 + x]).toBeGreaterThanOrEqual(250);
    }
  });

  it('lights exactly the bleeding pixels when only part of the outline bleeds', () => {
    const r = analyzeEdges(
      softEdge((y) => y < 8),
      64,
      16,
    );
    const expected: Array<[number, number]> = [];
    for (let y = 0; y < 8; y++) for (const x of [30, 31, 32, 33]) expected.push([x, y]);
    expect(litPixels(r.fringeMap, 64)).toEqual(expected);
    expect(r.fringePixels).toBe(32);
    // Half the band bleeds: the alpha-weighted mean halves too.
    expect(r.haloScore).toBeCloseTo(0.46, 1);
    expect(r.reasons).toContain('halo');
  });

  it('does not mistake a textured subject for a fringe', () => {
    // A per-pixel checker of two colours: edge pixels differ from the local mean by the texture.
    const tex = (x: number, y: number): [number, number, number] =>
      (x + y) % 2 ? [180, 20, 20] : [120, 80, 40];
    const edge = (bleed: boolean) =>
      image(64, 16, (x, y) => {
        const f = tex(x, y);
        if (x < 30) return [...f, 255];
        if (x < 34) return bleed ? mix(f, WHITE, RAMP[x - 30]!) : [...f, RAMP[x - 30]!];
        return [255, 255, 255, 0];
      });
    const clean = analyzeEdges(edge(false), 64, 16);
    expect(clean.haloScore).toBe(0);
    expect(clean.background).toBeNull();
    expect(clean.fringePixels).toBe(0);
    // Even told the background, the texture alone lights nothing.
    const told = analyzeEdges(edge(false), 64, 16, { background: WHITE });
    expect(told.haloScore).toBe(0);
    expect(told.fringeMap.every((v) => v === 0)).toBe(true);
    const bled = analyzeEdges(edge(true), 64, 16);
    expect(bled.haloScore).toBeGreaterThan(0.45);
    expect(bled.reasons).toContain('halo');
  });

  it('scores a curved outline: a disc with a 2-pixel soft edge', () => {
    const navy: [number, number, number] = [30, 30, 160];
    const disc = (bleed: boolean) =>
      image(41, 41, (x, y) => {
        const d = Math.hypot(x - 20, y - 20) - 12;
        const a = d <= 0 ? 1 : d >= 2 ? 0 : 1 - d / 2;
        const alpha = Math.round(a * 255);
        if (alpha === 0) return [255, 255, 255, 0];
        return bleed ? mix(navy, WHITE, alpha) : [...navy, alpha];
      });
    const clean = analyzeEdges(disc(false), 41, 41);
    expect(clean.haloScore).toBe(0);
    expect(clean.meanEdgeWidthPx).toBeGreaterThan(1);
    expect(clean.meanEdgeWidthPx).toBeLessThan(2);
    const bled = analyzeEdges(disc(true), 41, 41);
    expect(bled.background).toEqual(WHITE);
    expect(bled.haloScore).toBeGreaterThan(0.7);
    // Lit pixels are all on the soft ring, none inside the disc or in the clear corners.
    bled.fringeMap.forEach((v, i) => {
      if (v === 0) return;
      const d = Math.hypot((i % 41) - 20, Math.floor(i / 41) - 20) - 12;
      expect(d).toBeGreaterThan(0);
      expect(d).toBeLessThan(2);
    });
  });

  it('measures against a given background colour', () => {
    const blue: [number, number, number] = [30, 60, 220];
    const px = image(64, 16, (x) =>
      x < 30 ? [...RED, 255] : x < 34 ? mix(RED, blue, RAMP[x - 30]!) : [0, 0, 0, 0],
    );
    const r = analyzeEdges(px, 64, 16, { background: blue });
    expect(r.background).toEqual(blue);
    expect(r.haloScore).toBeCloseTo(0.92, 1);
    // Measured against white instead, only the part of the blue lean along red→white counts:
    // t = 0.389·(1 − a), so s = 0.389 (0.311 at a = 0.8) and the score drops to 0.358.
    const wrong = analyzeEdges(px, 64, 16, { background: WHITE });
    expect(wrong.haloScore).toBeCloseTo(0.358, 2);
  });

  it('scores a clean hard edge 0 and an opaque white rim 1', () => {
    const hard = image(64, 16, (x) => (x < 32 ? [...RED, 255] : [0, 0, 0, 0]));
    const clean = analyzeEdges(hard, 64, 16);
    expect(clean.edgePixels).toBe(16);
    expect(clean.haloScore).toBe(0);
    expect(clean.meanEdgeWidthPx).toBe(0);
    expect(clean.needsReview).toBe(false);

    const rim = image(64, 16, (x) =>
      x < 31 ? [...RED, 255] : x === 31 ? [...WHITE, 255] : [0, 0, 0, 0],
    );
    const r = analyzeEdges(rim, 64, 16);
    expect(r.background).toEqual(WHITE);
    expect(r.haloScore).toBe(1);
    const expected: Array<[number, number]> = [];
    for (let y = 0; y < 16; y++) expected.push([31, y]);
    expect(litPixels(r.fringeMap, 64)).toEqual(expected);
    expect(r.fringeMap[31]).toBe(255);
  });

  it('returns finite zeros for fully transparent and fully opaque images', () => {
    for (const alpha of [0, 255]) {
      const r = analyzeEdges(
        image(10, 10, () => [200, 200, 200, alpha]),
        10,
        10,
      );
      expect(r.haloScore).toBe(0);
      expect(r.rimContrast).toBe(0);
      expect(r.uncertainBandRatio).toBe(0);
      expect(r.meanEdgeWidthPx).toBe(0);
      expect(r.edgePixels).toBe(0);
      expect(r.fringeMap.every((v) => v === 0)).toBe(true);
      expect(r.needsReview).toBe(false);
    }
  });

  it('flags a wide soft band (motion blur) for review', () => {
    const px = image(64, 8, (x) =>
      x < 10 ? [...RED, 255] : x < 30 ? [...RED, 240 - 12 * (x - 10)] : [0, 0, 0, 0],
    );
    const r = analyzeEdges(px, 64, 8);
    expect(r.uncertainBandRatio).toBeCloseTo(20 / 30, 5);
    expect(r.meanEdgeWidthPx).toBe(20);
    expect(r.haloScore).toBe(0);
    expect(r.needsReview).toBe(true);
    expect(r.reasons).toEqual(['wide-soft-edge']);
    // The same band just under the threshold width is not uncertain.
    expect(analyzeEdges(px, 64, 8, { wideBandPx: 20 }).uncertainBandRatio).toBe(0);
  });

  it('flags a subject the colour of its background (white on white)', () => {
    const offWhite: [number, number, number] = [245, 245, 240];
    const px = image(64, 16, (x) =>
      x < 30 ? [...offWhite, 255] : x < 34 ? mix(offWhite, WHITE, RAMP[x - 30]!) : [0, 0, 0, 0],
    );
    const r = analyzeEdges(px, 64, 16, { background: WHITE });
    expect(r.haloScore).toBe(0);
    expect(r.reasons).toEqual(['colour-collision']);
  });

  it('handles 1×1 images', () => {
    const opaque = analyzeEdges(new Uint8ClampedArray([1, 2, 3, 255]), 1, 1);
    expect(opaque).toMatchObject({ haloScore: 0, edgePixels: 0, needsReview: false });
    const clear = analyzeEdges(new Uint8Array([1, 2, 3, 0]), 1, 1);
    expect(clear).toMatchObject({ haloScore: 0, uncertainBandRatio: 0, needsReview: false });
    // A lone half-transparent pixel is all uncertain band and has no subject to compare with.
    const soft = analyzeEdges(new Uint8Array([1, 2, 3, 128]), 1, 1);
    expect(soft.haloScore).toBe(0);
    expect(soft.uncertainBandRatio).toBe(1);
    expect(soft.reasons).toEqual(['wide-soft-edge']);
    expect(soft.fringeMap).toEqual(new Uint8Array([0]));
  });

  it('handles odd sizes: a 13×9 image with one bleeding column', () => {
    const blue: [number, number, number] = [20, 40, 200];
    const px = image(13, 9, (x) =>
      x < 8 ? [...blue, 255] : x === 8 ? mix(blue, WHITE, 128) : [0, 0, 0, 0],
    );
    const r = analyzeEdges(px, 13, 9);
    expect(r.fringeMap.length).toBe(117);
    const expected: Array<[number, number]> = [];
    for (let y = 0; y < 9; y++) expected.push([8, y]);
    expect(litPixels(r.fringeMap, 13)).toEqual(expected);
    expect(r.haloScore).toBeGreaterThan(0.95);
  });

  it('analyses a downsampled copy under maxPixels and says at what scale', () => {
    const w = 200;
    const px = image(w, 100, (x) =>
      x < 100 ? [...RED, 255] : x < 108 ? mix(RED, WHITE, 255 - 30 * (x - 99)) : [0, 0, 0, 0],
    );
    const r = analyzeEdges(px, w, 100, { maxPixels: 5000 });
    expect([r.mapWidth, r.mapHeight, r.scale]).toEqual([100, 50, 0.5]);
    expect(r.fringeMap.length).toBe(5000);
    for (let y = 0; y < 50; y++) {
      for (let x = 0; x < 100; x++) {
        const v = r.fringeMap[y * 100 + x]!;
        if (x >= 50 && x <= 53) expect(v).toBeGreaterThan(128);
        else expect(v).toBe(0);
      }
    }
    expect(r.meanEdgeWidthPx).toBe(8);
    // The colour alpha of the downsampled copy keeps the compositing equation: same background
    // and nearly the same score as at full resolution.
    expect(r.background).toEqual(WHITE);
    const full = analyzeEdges(px, w, 100);
    expect(Math.abs(r.haloScore - full.haloScore)).toBeLessThan(0.05);
    const odd = analyzeEdges(
      image(101, 37, () => [0, 0, 0, 255]),
      101,
      37,
      { maxPixels: 1000 },
    );
    expect([odd.mapWidth, odd.mapHeight, odd.scale]).toEqual([51, 19, 0.5]);
    expect(odd.fringeMap.length).toBe(51 * 19);
  });

  it('rejects malformed input with a CutoutError', () => {
    const cases: Array<() => unknown> = [
      () => analyzeEdges(new Uint8ClampedArray(15), 2, 2),
      () => analyzeEdges(new Uint8ClampedArray(0), 0, 0),
      () => analyzeEdges([0, 0, 0, 0] as unknown as Uint8Array, 1, 1),
      () => analyzeEdges(new Uint8Array(4), 1, 1, { background: [0, 0, 300] }),
      () => analyzeEdges(new Uint8Array(4), 1, 1, { clearAlpha: 200, solidAlpha: 100 }),
      () => analyzeEdges(new Uint8Array(4), 1, 1, { maxPixels: Number.NaN }),
    ];
    for (const run of cases) {
      let caught: unknown;
      try {
        run();
      } catch (e) {
        caught = e;
      }
      expect(isCutoutError(caught)).toBe(true);
      expect((caught as { kind: string }).kind).toBe('input');
    }
  });
});
