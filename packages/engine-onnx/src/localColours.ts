import { boxMean } from './boxMean';
import { FRESH, type Scratch } from './scratch';

/**
 * Local subject and background colours around every pixel of the working resolution, from
 * the model's mask `p`: F̂ = box(I·p) / box(p) and B̂ = box(I·(1 − p)) / box(1 − p) (the first
 * step of blur-fusion foreground estimation, Forte & Pitié 2021). Their distance is how much
 * the image can say about the edge there: where the subject and its background have nearly
 * the same colour (a white vase on off-white, a dark object on dark paper) the image holds no
 * edge to snap to and refinement only spreads the mask, so the model's alpha is kept. B̂ is
 * also what a cast shadow darkens (see `refineAlpha`).
 */
export interface LocalColours {
  width: number;
  height: number;
  /** F̂ per channel, 0..1 (where a window holds no subject: the plain image mean). */
  fg: [Float32Array, Float32Array, Float32Array];
  /** B̂ per channel, 0..1 (where a window holds no background: the plain image mean). */
  bg: [Float32Array, Float32Array, Float32Array];
  /**
   * Mean colour of the confident background (p ≤ 0.02) over the whole image, 0..1, or null
   * when there is none. Next to a contact shadow the local B̂ is the shadow itself; this is
   * the unshaded backdrop it darkens.
   */
  backdrop: [number, number, number] | null;
}

export function localColours(
  planes: readonly [Float32Array, Float32Array, Float32Array],
  p: Float32Array,
  width: number,
  height: number,
  radius: number,
  scratch: Scratch = FRESH,
): LocalColours {
  const n = width * height;
  const boxScratch = scratch.floats(n);
  const weight = boxMean(p, width, height, radius, scratch.floats(n), boxScratch);
  const tmp = scratch.floats(n);
  const fg = [scratch.floats(n), scratch.floats(n), scratch.floats(n)] as LocalColours['fg'];
  const bg = [scratch.floats(n), scratch.floats(n), scratch.floats(n)] as LocalColours['bg'];
  for (let c = 0; c < 3; c++) {
    const plane = planes[c]!;
    const mean = boxMean(plane, width, height, radius, bg[c]!, boxScratch);
    multiply(plane, p, tmp, n);
    boxMean(tmp, width, height, radius, fg[c]!, boxScratch);
    split(fg[c]!, mean, weight, n);
  }
  return { width, height, fg, bg, backdrop: meanWhere(planes, p, 0.02) };
}

function meanWhere(
  planes: readonly [Float32Array, Float32Array, Float32Array],
  p: Float32Array,
  below: number,
): [number, number, number] | null {
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i]! > below) continue;
    r += planes[0][i]!;
    g += planes[1][i]!;
    b += planes[2][i]!;
    n++;
  }
  return n === 0 ? null : [r / n, g / n, b / n];
}

/**
 * On entry `fgMean` = box(I·p) and `mean` = box(I); on exit F̂ and B̂ (box(I(1−p)) = box(I) −
 * box(I·p)). A window without subject (or background) keeps the plain mean.
 */
function split(fgMean: Float32Array, mean: Float32Array, weight: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const w = weight[i]!;
    const m = mean[i]!;
    const f = fgMean[i]!;
    fgMean[i] = w > 1e-4 ? f / w : m;
    mean[i] = w < 1 - 1e-4 ? (m - f) / (1 - w) : m;
  }
}

function multiply(x: Float32Array, y: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!;
}
