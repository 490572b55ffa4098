import { SEMI, SOLID } from './edgeDistances';
import type { RgbaPixels } from './edgePixels';
import { BAND } from './edgeSubjectColour';

/**
 * Estimates the colour the cutout's edges lean toward — the removed background — when the
 * caller does not know it. Each band pixel votes for the background its colour implies:
 * - a semi-transparent pixel (alpha a ≤ 0.75) stored as C next to subject colour F implies
 *   B = (C − a·F) / (1 − a), inverting the compositing equation C = a·F + (1 − a)·B. A
 *   decontaminated pixel (C = F) implies B = F, i.e. no lean, and casts no vote;
 * - an opaque rim pixel votes for its own colour (a mask drawn one pixel too wide keeps the
 *   background there at full alpha).
 * A vote weighs a·(1 − a) (rim: 0.25) — low-alpha colours are imprecise, canvases round them
 * through premultiplication — times how far C lies from F beyond the subject's texture spread
 * σ (scaled by 1/(1 − a) like the implied B), saturating at `minContrast`: a textured subject's
 * clean edge must not vote for its own texture colours.
 * Votes go to a 8×8×8 colour histogram; the winner is the 3×3×3 bin neighbourhood with most
 * weight, accepted only if it holds at least a quarter of all the weight (a consistent lean,
 * not texture noise) and the weight of four half-transparent pixels. Returns null otherwise.
 */
export function estimateEdgeBackground(
  pixels: RgbaPixels,
  role: Uint8Array,
  subject: Uint8Array,
  spread: Uint8Array,
  has: Uint8Array,
  minContrast: number,
): [number, number, number] | null {
  const weight = new Float64Array(512);
  const sums = new Float64Array(512 * 3);
  const n = role.length;
  let total = 0;
  let k = 0;
  for (let p = 0; p < n; p++) {
    const rl = role[p]!;
    if ((rl & BAND) === 0) continue;
    const kk = k++;
    if (has[kk] === 0) continue;
    const i = p * 4;
    const fr = subject[kk * 3]!;
    const fg = subject[kk * 3 + 1]!;
    const fb = subject[kk * 3 + 2]!;
    const cls = rl & 3;
    let br: number;
    let bg: number;
    let bb: number;
    let w0: number;
    let inv = 1;
    if (cls === SEMI) {
      const a = pixels[i + 3]! / 255;
      if (a > 0.75) continue;
      inv = 1 / (1 - a);
      br = clamp255((pixels[i]! - a * fr) * inv);
      bg = clamp255((pixels[i + 1]! - a * fg) * inv);
      bb = clamp255((pixels[i + 2]! - a * fb) * inv);
      w0 = a * (1 - a);
    } else if (cls === SOLID) {
      br = pixels[i]!;
      bg = pixels[i + 1]!;
      bb = pixels[i + 2]!;
      w0 = 0.25;
    } else continue;
    const cr = pixels[i]! - fr;
    const cg = pixels[i + 1]! - fg;
    const cb = pixels[i + 2]! - fb;
    const excess = Math.sqrt(cr * cr + cg * cg + cb * cb) - spread[kk]!;
    const vote = w0 * Math.min(1, (excess * inv) / minContrast);
    if (vote <= 0) continue;
    const bin = ((br >> 5) << 6) | ((bg >> 5) << 3) | (bb >> 5);
    weight[bin] = weight[bin]! + vote;
    sums[bin * 3] = sums[bin * 3]! + vote * br;
    sums[bin * 3 + 1] = sums[bin * 3 + 1]! + vote * bg;
    sums[bin * 3 + 2] = sums[bin * 3 + 2]! + vote * bb;
    total += vote;
  }
  if (total === 0) return null;
  let best = -1;
  let bestWeight = 0;
  for (let bin = 0; bin < 512; bin++) {
    if (weight[bin] === 0) continue;
    const around = neighbourhood(weight, sums, bin, null);
    if (around > bestWeight) {
      bestWeight = around;
      best = bin;
    }
  }
  if (best < 0 || bestWeight < 0.25 * total || bestWeight < 1) return null;
  const mean = new Float64Array(3);
  neighbourhood(weight, sums, best, mean);
  return [
    Math.round(mean[0]! / bestWeight),
    Math.round(mean[1]! / bestWeight),
    Math.round(mean[2]! / bestWeight),
  ];
}

/** Weight of a bin and its 26 neighbours; with `acc`, also adds their weighted colour sums. */
function neighbourhood(
  weight: Float64Array,
  sums: Float64Array,
  bin: number,
  acc: Float64Array | null,
): number {
  const r = bin >> 6;
  const g = (bin >> 3) & 7;
  const b = bin & 7;
  let total = 0;
  for (let i = Math.max(0, r - 1); i <= Math.min(7, r + 1); i++) {
    for (let j = Math.max(0, g - 1); j <= Math.min(7, g + 1); j++) {
      for (let l = Math.max(0, b - 1); l <= Math.min(7, b + 1); l++) {
        const q = (i << 6) | (j << 3) | l;
        total += weight[q]!;
        if (acc) {
          acc[0] = acc[0]! + sums[q * 3]!;
          acc[1] = acc[1]! + sums[q * 3 + 1]!;
          acc[2] = acc[2]! + sums[q * 3 + 2]!;
        }
      }
    }
  }
  return total;
}

function clamp255(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}
