import { SEMI, SOLID } from './edgeDistances';
import type { RgbaPixels } from './edgePixels';
import { BAND, INTERIOR } from './edgeSubjectColour';

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
 * not texture noise) and the weight of four half-transparent pixels, and only if the
 * subject's interior does not itself have that colour (see `isSubjectColour`). Returns null
 * otherwise.
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
  const estimate: [number, number, number] = [
    Math.round(mean[0]! / bestWeight),
    Math.round(mean[1]! / bestWeight),
    Math.round(mean[2]! / bestWeight),
  ];
  if (isSubjectColour(pixels, role, estimate, minContrast)) return null;
  return leanFollowsAlpha(pixels, role, subject, has, estimate) ? estimate : null;
}

/**
 * True unless the semi-transparent pixels' lean toward the estimate ignores their alpha.
 * A leftover background mixes in as C = a·F + (1 − a)·B, so the lean fraction
 * t = (C − F)·(B − F) / |B − F|² is about 1 − a: large where the edge is faint, small where
 * it is nearly opaque. A shaded subject's rim leans by the same shade offset whatever its
 * alpha. Compares the mean t of faint (a ≤ 0.5) and strong (0.5 < a < 0.95) semi pixels
 * that lean toward the estimate: a background needs the faint ones to lean clearly more
 * (≥ 1.5×; 1 − a gives ~2.5×). With fewer than 4 pixels on either side there is nothing to
 * compare and the estimate stands.
 */
function leanFollowsAlpha(
  pixels: RgbaPixels,
  role: Uint8Array,
  subject: Uint8Array,
  has: Uint8Array,
  [br, bg, bb]: [number, number, number],
): boolean {
  let faintSum = 0;
  let faintCount = 0;
  let strongSum = 0;
  let strongCount = 0;
  let k = 0;
  for (let p = 0; p < role.length; p++) {
    const rl = role[p]!;
    if ((rl & BAND) === 0) continue;
    const kk = k++;
    if (has[kk] === 0 || (rl & 3) !== SEMI) continue;
    const i = p * 4;
    const a = pixels[i + 3]! / 255;
    if (a >= 0.95) continue;
    const fr = subject[kk * 3]!;
    const fg = subject[kk * 3 + 1]!;
    const fb = subject[kk * 3 + 2]!;
    const dr = br - fr;
    const dg = bg - fg;
    const db = bb - fb;
    const dd = dr * dr + dg * dg + db * db;
    if (dd === 0) continue;
    const lr = pixels[i]! - fr;
    const lg = pixels[i + 1]! - fg;
    const lb = pixels[i + 2]! - fb;
    const dot = lr * dr + lg * dg + lb * db;
    const ll = lr * lr + lg * lg + lb * lb;
    // Only pixels leaning toward the estimate (within ~45°) tell about it.
    if (dot <= 0 || dot * dot < 0.5 * ll * dd) continue;
    const t = dot / dd;
    if (a <= 0.5) {
      faintSum += t;
      faintCount++;
    } else {
      strongSum += t;
      strongCount++;
    }
  }
  if (faintCount < 4 || strongCount < 4) return true;
  return faintSum / faintCount >= 1.5 * (strongSum / strongCount);
}

/**
 * Share of interior pixels within `minContrast` of the estimate above which it is taken for
 * a colour of the subject itself, not a removed background.
 */
const SUBJECT_SHARE = 0.01;

/**
 * True when the colour the edges lean toward is one the subject's own interior has (at least
 * 1 % of it within `minContrast`). A shaded product (a bottle darker toward its sides, a
 * vignette) has rims darker than the nearby interior mean, and those rims vote for a darker
 * shade of the subject: that is lighting, not a background left behind, and flagging it made
 * every clean cutout of a rounded product "need review". A real leftover background (a grey
 * studio sweep around a red bottle) is a colour the interior lacks, so it still counts. The
 * cost: a halo toward a colour the subject also has somewhere goes unmeasured, as it does
 * already when it is close to the local subject colour.
 */
function isSubjectColour(
  pixels: RgbaPixels,
  role: Uint8Array,
  [br, bg, bb]: [number, number, number],
  minContrast: number,
): boolean {
  const limit = minContrast * minContrast;
  let interior = 0;
  let near = 0;
  for (let p = 0, i = 0; p < role.length; p++, i += 4) {
    if ((role[p]! & INTERIOR) === 0) continue;
    interior++;
    const dr = pixels[i]! - br;
    const dg = pixels[i + 1]! - bg;
    const db = pixels[i + 2]! - bb;
    if (dr * dr + dg * dg + db * db <= limit) near++;
  }
  return interior > 0 && near >= SUBJECT_SHARE * interior;
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
