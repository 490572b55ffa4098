import type { RgbaPixels } from './edgePixels';

/** Role bits beside the class (see edgeDistances): part of the edge band / subject interior. */
export const BAND = 4;
export const INTERIOR = 8;

/**
 * Local subject colour at every band pixel: the mean colour of the interior pixels (opaque and
 * away from any transparency, so free of background bleed) in the (2r+1)² window around it.
 * Results go to `out` (3 bytes per band pixel, band pixels in scan order), `spread` (the RMS
 * distance of those interior colours from their mean: the subject's texture, which the fringe
 * measure must not mistake for a lean) and `has` (1 when the window held interior pixels).
 * With `onlyMissing`, only entries whose `has` is 0 are filled, so a second call with a larger
 * radius patches the gaps of the first.
 *
 * A sliding box filter: per-column sums over the rows y-r..y+r are kept up to date as y
 * advances, then a running sum across them gives each window. O(n) whatever r, O(width)
 * memory, where integral images would need four 12 MP float arrays (≈400 MB at 12 MP).
 */
export function subjectColourAtBand(
  pixels: RgbaPixels,
  role: Uint8Array,
  rowBand: Uint32Array,
  width: number,
  height: number,
  radius: number,
  out: Uint8Array,
  spread: Uint8Array,
  has: Uint8Array,
  onlyMissing: boolean,
): number {
  const w = width;
  const r = Math.max(1, Math.floor(radius));
  const sumR = new Float64Array(w);
  const sumG = new Float64Array(w);
  const sumB = new Float64Array(w);
  const sumN = new Float64Array(w);
  const sumQ = new Float64Array(w);
  const sums = [sumR, sumG, sumB, sumN, sumQ] as const;
  let filled = 0;
  for (let y = 0; y < r && y < height; y++) {
    addRow(pixels, role, w, y, 1, sums);
  }
  let k = 0;
  for (let y = 0; y < height; y++) {
    if (y + r < height) addRow(pixels, role, w, y + r, 1, sums);
    if (y - r - 1 >= 0) addRow(pixels, role, w, y - r - 1, -1, sums);
    const inRow = rowBand[y]!;
    if (inRow === 0) continue;
    let hr = 0;
    let hg = 0;
    let hb = 0;
    let hn = 0;
    let hq = 0;
    for (let x = 0; x < r && x < w; x++) {
      hq += sumQ[x]!;
      hr += sumR[x]!;
      hg += sumG[x]!;
      hb += sumB[x]!;
      hn += sumN[x]!;
    }
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const add = x + r;
      if (add < w) {
        hr += sumR[add]!;
        hg += sumG[add]!;
        hb += sumB[add]!;
        hn += sumN[add]!;
        hq += sumQ[add]!;
      }
      const sub = x - r - 1;
      if (sub >= 0) {
        hr -= sumR[sub]!;
        hg -= sumG[sub]!;
        hb -= sumB[sub]!;
        hn -= sumN[sub]!;
        hq -= sumQ[sub]!;
      }
      if ((role[row + x]! & BAND) === 0) continue;
      if (hn > 0 && !(onlyMissing && has[k] === 1)) {
        const mr = hr / hn;
        const mg = hg / hn;
        const mb = hb / hn;
        out[k * 3] = Math.round(mr);
        out[k * 3 + 1] = Math.round(mg);
        out[k * 3 + 2] = Math.round(mb);
        const variance = hq / hn - mr * mr - mg * mg - mb * mb;
        spread[k] = variance > 0 ? Math.round(Math.sqrt(variance)) : 0;
        if (has[k] === 0) filled++;
        has[k] = 1;
      }
      k++;
    }
  }
  return filled;
}

function addRow(
  pixels: RgbaPixels,
  role: Uint8Array,
  w: number,
  y: number,
  sign: number,
  sums: readonly [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array],
): void {
  const [sumR, sumG, sumB, sumN, sumQ] = sums;
  const row = y * w;
  for (let x = 0; x < w; x++) {
    if ((role[row + x]! & INTERIOR) === 0) continue;
    const i = (row + x) * 4;
    const r = pixels[i]!;
    const g = pixels[i + 1]!;
    const b = pixels[i + 2]!;
    sumR[x] = sumR[x]! + sign * r;
    sumG[x] = sumG[x]! + sign * g;
    sumB[x] = sumB[x]! + sign * b;
    sumN[x] = sumN[x]! + sign;
    sumQ[x] = sumQ[x]! + sign * (r * r + g * g + b * b);
  }
}
