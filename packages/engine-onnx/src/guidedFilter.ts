import { boxMean } from './boxMean';
import { bilinearColumns, lerp } from './resizeBilinear';
import { FRESH, type Scratch } from './scratch';

/**
 * Colour guided filter (He, Sun & Tang, "Guided Image Filtering", TPAMI 2013), split into the
 * two halves of the fast guided filter (He & Sun 2015): the linear coefficients are solved at
 * a working resolution, then applied to the full-resolution guide. The output follows the
 * guide's edges (so a soft model mask snaps to the real object outline at full resolution)
 * while staying close to the mask elsewhere; windows where the mask is constant give back
 * that constant exactly, so the filter cannot invent alpha far from the mask's edge (a cast
 * shadow a few windows away from the object stays out).
 */
export interface GuidedCoefficients {
  width: number;
  height: number;
  /** Box-averaged `a` per guide channel and `b`: q = aR·R + aG·G + aB·B + b. */
  aR: Float32Array;
  aG: Float32Array;
  aB: Float32Array;
  b: Float32Array;
}

/**
 * Solves the coefficients. `r`, `g`, `b` are the guide's planes in 0..1, `p` the input to
 * filter (the mask); all `width * height`. `eps` regularises: larger means smoother and
 * closer to a plain box blur of `p`.
 */
export function guidedCoefficients(
  r: Float32Array,
  g: Float32Array,
  b: Float32Array,
  p: Float32Array,
  width: number,
  height: number,
  radius: number,
  eps: number,
  scratchArrays: Scratch = FRESH,
): GuidedCoefficients {
  const n = width * height;
  const plane = () => scratchArrays.floats(n);
  const scratch = plane();
  const box = (src: Float32Array, out: Float32Array) =>
    boxMean(src, width, height, radius, out, scratch);
  const mR = box(r, plane());
  const mG = box(g, plane());
  const mB = box(b, plane());
  const mP = box(p, plane());
  // Products, box-averaged in place.
  const product = (x: Float32Array, y: Float32Array) => {
    const out = multiply(x, y, plane(), n);
    return box(out, out);
  };
  const cRp = product(r, p);
  const cGp = product(g, p);
  const cBp = product(b, p);
  const covariance = {
    rr: product(r, r),
    rg: product(r, g),
    rb: product(r, b),
    gg: product(g, g),
    gb: product(g, b),
    bb: product(b, b),
  };
  solveCoefficients(mR, mG, mB, mP, cRp, cGp, cBp, covariance, eps, n);
  return {
    width,
    height,
    aR: box(cRp, cRp),
    aG: box(cGp, cGp),
    aB: box(cBp, cBp),
    b: box(mP, mP),
  };
}

// The per-pixel loops are functions of their own, not inline: in one long function V8
// optimises each loop separately (on-stack replacement) and discards that code at the next
// loop without type feedback, so most of them ran unoptimised, several times slower.

function multiply(x: Float32Array, y: Float32Array, out: Float32Array, n: number): Float32Array {
  for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!;
  return out;
}

interface Covariance {
  rr: Float32Array;
  rg: Float32Array;
  rb: Float32Array;
  gg: Float32Array;
  gb: Float32Array;
  bb: Float32Array;
}

/**
 * Per pixel: a = (Σ + εI)⁻¹ cov(I, p), b = mean(p) − a·mean(I). `cov` holds the box means of
 * the guide's channel products on entry. Results overwrite `cRp`, `cGp`, `cBp` (a) and `mP`
 * (b) to save memory.
 */
function solveCoefficients(
  mR: Float32Array,
  mG: Float32Array,
  mB: Float32Array,
  mP: Float32Array,
  cRp: Float32Array,
  cGp: Float32Array,
  cBp: Float32Array,
  cov: Covariance,
  eps: number,
  n: number,
): void {
  const { rr: vRR, rg: vRG, rb: vRB, gg: vGG, gb: vGB, bb: vBB } = cov;
  for (let i = 0; i < n; i++) {
    const mr = mR[i]!;
    const mg = mG[i]!;
    const mb = mB[i]!;
    const mp = mP[i]!;
    const cr = cRp[i]! - mr * mp;
    const cg = cGp[i]! - mg * mp;
    const cb = cBp[i]! - mb * mp;
    const rr = vRR[i]! - mr * mr + eps;
    const rg = vRG[i]! - mr * mg;
    const rb = vRB[i]! - mr * mb;
    const gg = vGG[i]! - mg * mg + eps;
    const gb = vGB[i]! - mg * mb;
    const bb = vBB[i]! - mb * mb + eps;
    // Inverse of the symmetric 3×3 by cofactors.
    const i00 = gg * bb - gb * gb;
    const i01 = rb * gb - rg * bb;
    const i02 = rg * gb - rb * gg;
    const i11 = rr * bb - rb * rb;
    const i12 = rb * rg - rr * gb;
    const i22 = rr * gg - rg * rg;
    const det = rr * i00 + rg * i01 + rb * i02;
    const inv = det !== 0 ? 1 / det : 0;
    const ar = (i00 * cr + i01 * cg + i02 * cb) * inv;
    const ag = (i01 * cr + i11 * cg + i12 * cb) * inv;
    const ab = (i02 * cr + i12 * cg + i22 * cb) * inv;
    cRp[i] = ar;
    cGp[i] = ag;
    cBp[i] = ab;
    mP[i] = mp - ar * mr - ag * mg - ab * mb;
  }
}

/**
 * Applies coefficients solved at a lower resolution to a full-resolution interleaved RGB
 * guide (8-bit, `channels` per pixel), upsampling them bilinearly row by row so no
 * full-resolution coefficient planes are ever allocated. Output clamped to 0..1.
 */
export function applyGuidedCoefficients(
  coefficients: GuidedCoefficients,
  rgb: Uint8Array,
  width: number,
  height: number,
  channels: number,
  out: Float32Array = new Float32Array(width * height),
): Float32Array {
  const { width: cw, height: ch } = coefficients;
  const sy = ch / height;
  const { x0s, x1s, fxs } = bilinearColumns(cw, width);
  const flag = flagConstantCells(coefficients);
  // x0s never decreases: cell c's pixels are the run of x with x0s[x] === c.
  const cellEnd = new Int32Array(cw);
  for (let x = 0; x < width; x++) cellEnd[x0s[x]!] = x + 1;
  for (let c = 1; c < cw; c++) cellEnd[c] = Math.max(cellEnd[c]!, cellEnd[c - 1]!);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), ch - 1);
    const y0 = Math.floor(fy);
    applyRow(
      coefficients,
      flag,
      rgb,
      channels,
      y0 * cw,
      Math.min(y0 + 1, ch - 1) * cw,
      fy - y0,
      y * width,
      cellEnd,
      x0s,
      x1s,
      fxs,
      out,
    );
  }
  return out;
}

/**
 * Marks coefficient cells that say "constant 0" (1) or "constant 1" (2): a window of pure
 * background or pure subject, nearly every pixel of a large photo. Where all four neighbours
 * of a pixel agree, its output is that constant and `applyRow` skips 16 loads and the blend.
 */
function flagConstantCells({ aR, aG, aB, b }: GuidedCoefficients): Uint8Array {
  const flag = new Uint8Array(b.length);
  for (let i = 0; i < flag.length; i++) {
    if (Math.abs(aR[i]!) + Math.abs(aG[i]!) + Math.abs(aB[i]!) >= 1e-4) continue;
    const bi = b[i]!;
    if (Math.abs(bi) < 1e-4) flag[i] = 1;
    else if (Math.abs(bi - 1) < 1e-4) flag[i] = 2;
  }
  return flag;
}

/**
 * One output row: q = a·I + b with the coefficients upsampled bilinearly, clamped to 0..1.
 * Walks the row cell by cell (`cellEnd[c]`: one past the last output x whose left neighbour
 * is coefficient column c): where a cell and its right neighbour are flagged the same
 * constant in both coefficient rows, its pixels are that constant, and consecutive such cells
 * are written with one `fill` (a 12 MP row is then a few fills instead of 4,000 blends).
 */
function applyRow(
  { aR, aG, aB, b }: GuidedCoefficients,
  flag: Uint8Array,
  rgb: Uint8Array,
  channels: number,
  r0: number,
  r1: number,
  wy: number,
  row: number,
  cellEnd: Int32Array,
  x0s: Int32Array,
  x1s: Int32Array,
  fxs: Float32Array,
  out: Float32Array,
): void {
  const k = 1 / 255;
  const cw = cellEnd.length;
  let runValue = 0; // flag of the pending constant run (0: none)
  let runStart = 0;
  let x = 0;
  for (let c = 0; c < cw; c++) {
    const end = cellEnd[c]!;
    if (end === x) continue;
    const right = c + 1 < cw ? c + 1 : c;
    const f = flag[r0 + c]!;
    const constant =
      f !== 0 && f === flag[r1 + c] && f === flag[r0 + right] && f === flag[r1 + right];
    if (constant && f === runValue) {
      x = end;
      continue;
    }
    if (runValue !== 0) out.fill(runValue - 1, row + runStart, row + x);
    if (constant) {
      runValue = f;
      runStart = x;
      x = end;
      continue;
    }
    runValue = 0;
    for (; x < end; x++) {
      const x0 = x0s[x]!;
      const x1 = x1s[x]!;
      const wx = fxs[x]!;
      const j = (row + x) * channels;
      const q =
        lerp(aR, r0, r1, x0, x1, wx, wy) * rgb[j]! * k +
        lerp(aG, r0, r1, x0, x1, wx, wy) * rgb[j + 1]! * k +
        lerp(aB, r0, r1, x0, x1, wx, wy) * rgb[j + 2]! * k +
        lerp(b, r0, r1, x0, x1, wx, wy);
      out[row + x] = q < 0 ? 0 : Math.min(q, 1);
    }
  }
  if (runValue !== 0) out.fill(runValue - 1, row + runStart, row + x);
}
