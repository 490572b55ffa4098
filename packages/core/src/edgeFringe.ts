import type { ResolvedEdgeOptions } from './edgeOptions';
import type { RgbaPixels } from './edgePixels';
import { BAND } from './edgeSubjectColour';

export interface FringeSums {
  /** Σ a·s and Σ a over band pixels with a known subject colour. */
  weightedFringe: number;
  weight: number;
  /** Σ a·max(0, Y(C) − Y(F)) / 255 and the count of pixels it sums. */
  brightening: number;
  measured: number;
  /** Measured pixels whose subject and background colours are too close to tell apart. */
  lowContrast: number;
  fringePixels: number;
}

/**
 * Per-pixel fringe strength s (see analyzeEdges for the definition) written to `map` as
 * round(255·s), the brightening over dark to `rimMap`, plus the sums the scores are made of. One pass over the band, no allocation.
 * `colourPixels` carries the alpha the colour maths uses (the same buffer at full resolution);
 * the brightening over a dark background uses the coverage alpha of `pixels`.
 */
export function measureFringe(
  pixels: RgbaPixels,
  colourPixels: RgbaPixels,
  role: Uint8Array,
  subject: Uint8Array,
  spread: Uint8Array,
  has: Uint8Array,
  background: readonly [number, number, number] | null,
  map: Uint8Array,
  rimMap: Uint8Array,
  o: ResolvedEdgeOptions,
): FringeSums {
  const sums: FringeSums = {
    weightedFringe: 0,
    weight: 0,
    brightening: 0,
    measured: 0,
    lowContrast: 0,
    fringePixels: 0,
  };
  const minContrast2 = o.minContrast * o.minContrast;
  const br = background ? background[0] : 0;
  const bg = background ? background[1] : 0;
  const bb = background ? background[2] : 0;
  const n = role.length;
  let k = 0;
  for (let p = 0; p < n; p++) {
    if ((role[p]! & BAND) === 0) continue;
    const kk = k++;
    if (has[kk] === 0) continue;
    const i = p * 4;
    const a = colourPixels[i + 3]! / 255;
    const cr = pixels[i]!;
    const cg = pixels[i + 1]!;
    const cb = pixels[i + 2]!;
    const fr = subject[kk * 3]!;
    const fg = subject[kk * 3 + 1]!;
    const fb = subject[kk * 3 + 2]!;
    const lift = 0.2126 * (cr - fr) + 0.7152 * (cg - fg) + 0.0722 * (cb - fb);
    if (lift > 0) {
      const rim = (pixels[i + 3]! * lift) / 255;
      sums.brightening += rim / 255;
      rimMap[p] = rim > 255 ? 255 : Math.round(rim);
    }
    sums.measured++;
    sums.weight += a;
    if (!background) continue;
    const dr = br - fr;
    const dg = bg - fg;
    const db = bb - fb;
    const span2 = dr * dr + dg * dg + db * db;
    if (span2 < minContrast2) {
      sums.lowContrast++;
      continue;
    }
    const span = Math.sqrt(span2);
    const d = ((cr - fr) * dr + (cg - fg) * dg + (cb - fb) * db) / span;
    let t = (d - spread[kk]!) / span;
    if (t <= 0) continue;
    if (t > 1) t = 1;
    const floor = Math.max(1 - a, 0.25);
    const s = t >= floor ? 1 : t / floor;
    sums.weightedFringe += a * s;
    map[p] = Math.round(s * 255);
    if (s >= o.fringeThreshold) sums.fringePixels++;
  }
  return sums;
}
