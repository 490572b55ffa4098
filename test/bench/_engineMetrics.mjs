// Alpha-matte quality metrics for the engine benchmark. SAD, MSE, gradient and connectivity
// error follow the alphamatting.com definitions (Rhemann et al. 2009; the reference MATLAB
// code of Xu et al.'s Deep Image Matting evaluation), computed over the whole image (the dev
// set has no trimap, and errors far from the edge — fog in a mesh, a cast shadow taken in —
// are exactly what a user sees): α in 0..1, SAD, gradient and connectivity ÷1000, MSE ×1000.

// What the metrics derive from the truth alone (its gradient, its edge band) is computed once
// per truth array: a case is scored for several methods.
const memos = new WeakMap();
function memo(truth, key, make) {
  let m = memos.get(truth);
  if (!m) {
    m = new Map();
    memos.set(truth, m);
  }
  if (!m.has(key)) m.set(key, make());
  return m.get(key);
}

/** Sum of absolute differences, ÷1000. */
export function sad(alpha, truth) {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += Math.abs(alpha[i] - truth[i]);
  return s / 1000;
}

/** Mean squared error, ×1000. */
export function mse(alpha, truth) {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (alpha[i] - truth[i]) ** 2;
  return (s / truth.length) * 1000;
}

/** IoU of the masks thresholded at 0.5. */
export function iou(alpha, truth) {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < truth.length; i++) {
    const a = alpha[i] > 0.5;
    const t = truth[i] > 0.5;
    if (a && t) inter++;
    if (a || t) union++;
  }
  return union === 0 ? 1 : inter / union;
}

/**
 * Connectivity error (alphamatting.com): for thresholds t = 0.1 … 1, the largest 4-connected
 * component of (α ≥ t ∧ α* ≥ t) is the part both mattes hold together; l(p) is the last
 * threshold before p leaves it. φ = 1 − d·[d ≥ 0.15] with d = α − l; the error is Σ |φ − φ*|
 * (÷1000). Alpha that floats disconnected from the subject (fog in a mesh's holes, a shadow
 * blob) scores here even when its SAD is small.
 */
export function connectivityError(alpha, truth, w, h, step = 0.1) {
  const n = w * h;
  const level = new Float32Array(n).fill(-1);
  const mask = new Uint8Array(n);
  const label = new Int32Array(n);
  const stack = new Int32Array(n);
  const steps = Math.round(1 / step);
  for (let k = 1; k <= steps; k++) {
    const t = k * step - 1e-6;
    for (let i = 0; i < n; i++) mask[i] = alpha[i] >= t && truth[i] >= t ? 1 : 0;
    const largest = largestComponent(mask, w, label, stack);
    const previous = (k - 1) * step;
    for (let i = 0; i < n; i++) if (level[i] === -1 && label[i] !== largest) level[i] = previous;
  }
  let s = 0;
  for (let i = 0; i < n; i++) {
    const l = level[i] === -1 ? 1 : level[i];
    const d = alpha[i] - l;
    const dt = truth[i] - l;
    s += Math.abs((d >= 0.15 ? 1 - d : 1) - (dt >= 0.15 ? 1 - dt : 1));
  }
  return s / 1000;
}

/** Labels the 4-connected components of `mask` (label 0: none); returns the largest's label. */
function largestComponent(mask, w, label, stack) {
  label.fill(0);
  let next = 0;
  let best = 0;
  let bestSize = 0;
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || label[start]) continue;
    next++;
    let top = 0;
    let size = 0;
    stack[top++] = start;
    label[start] = next;
    while (top > 0) {
      const p = stack[--top];
      size++;
      const x = p % w;
      const visit = (q) => {
        if (mask[q] && !label[q]) {
          label[q] = next;
          stack[top++] = q;
        }
      };
      if (x > 0) visit(p - 1);
      if (x < w - 1) visit(p + 1);
      if (p >= w) visit(p - w);
      if (p < mask.length - w) visit(p + w);
    }
    if (size > bestSize) {
      bestSize = size;
      best = next;
    }
  }
  return best === 0 ? -1 : best;
}

/**
 * Cast-shadow smear: mean alpha over the pixels where the truth is 0 and the cast shadow is
 * visible (shadow strength s ≥ 0.05: the background was darkened by ≥ 5 % there). A cutout
 * that takes the shadow in scores its opacity on it; null when the case has no shadow.
 */
export function shadowSmear(alpha, truth, shadow, minStrength = 0.05) {
  if (!shadow) return null;
  let s = 0;
  let n = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] > 0 || shadow[i] < minStrength) continue;
    s += alpha[i];
    n++;
  }
  return n === 0 ? null : s / n;
}

/**
 * Gaussian (σ) and its first derivative as separable 1-D kernels, each scaled to unit L2 norm
 * so their outer product is the unit-norm 2-D derivative-of-Gaussian filter of the reference
 * gradient-error code (half size ⌈σ·√(−2·ln(√(2π)·σ·0.01))⌉ = 4 for σ = 1.4).
 */
function kernels(sigma) {
  const r = Math.ceil(sigma * Math.sqrt(-2 * Math.log(Math.sqrt(2 * Math.PI) * sigma * 0.01)));
  const g = new Float64Array(2 * r + 1);
  const d = new Float64Array(2 * r + 1);
  for (let i = -r; i <= r; i++) {
    g[i + r] = Math.exp((-i * i) / (2 * sigma * sigma));
    d[i + r] = -i * g[i + r];
  }
  const norm = (k) => {
    const l2 = Math.sqrt(k.reduce((s, v) => s + v * v, 0));
    for (let i = 0; i < k.length; i++) k[i] /= l2;
  };
  norm(g);
  norm(d);
  return { r, g, d };
}

function convolve(src, w, h, kx, ky, r) {
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -r; k <= r; k++)
        s += src[y * w + Math.min(w - 1, Math.max(0, x + k))] * kx[k + r];
      tmp[y * w + x] = s;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -r; k <= r; k++)
        s += tmp[Math.min(h - 1, Math.max(0, y + k)) * w + x] * ky[k + r];
      out[y * w + x] = s;
    }
  }
  return out;
}

function gradientMagnitude(alpha, w, h, sigma) {
  const { r, g, d } = kernels(sigma);
  const gx = convolve(alpha, w, h, d, g, r);
  const gy = convolve(alpha, w, h, g, d, r);
  for (let i = 0; i < gx.length; i++) gx[i] = Math.hypot(gx[i], gy[i]);
  return gx;
}

/** Gradient error: Σ (‖∇α‖ − ‖∇α*‖)² with Gaussian-derivative gradients (σ = 1.4), ÷1000. */
export function gradientError(alpha, truth, w, h, sigma = 1.4) {
  const a = gradientMagnitude(alpha, w, h, sigma);
  const t = memo(truth, `grad${sigma}`, () => gradientMagnitude(truth, w, h, sigma));
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - t[i]) ** 2;
  return s / 1000;
}

/**
 * Halo score: mean absolute error (0..255 per channel, averaged over RGB) of the cutout
 * composited over #111 against the truth composited over #111, over the edge band: pixels
 * within `radius` px of the true boundary (the window around them holds both subject and
 * background). A cutout whose edge pixels keep the old background's colour, or whose alpha
 * is off at the edge, shows here as a bright or dark fringe. The cutout is blended in sRGB,
 * as a browser draws a PNG over a page. `linear` chooses the truth's blend: false, the truth
 * (α*, F*) blended in sRGB the same way (the perfect cutout as a browser shows it); true,
 * blended in linear light, as the dev set's inputs were made (the subject photographed in
 * front of #111).
 */
export function haloScore(rgba, truthAlpha, truthFg, w, h, radius = 4, linear = false) {
  const bandOf = memo(truthAlpha, `band${radius}`, () => boundaryBand(truthAlpha, w, h, radius));
  const dark = 17;
  const darkLin = SRGB_TO_LINEAR[dark];
  let s = 0;
  let n = 0;
  for (let i = 0; i < truthAlpha.length; i++) {
    if (!bandOf[i]) continue;
    const a = rgba[i * 4 + 3] / 255;
    const t = truthAlpha[i];
    for (let c = 0; c < 3; c++) {
      const ours = a * rgba[i * 4 + c] + (1 - a) * dark;
      const truth = linear
        ? linearToSrgb(t * SRGB_TO_LINEAR[truthFg[i * 3 + c]] + (1 - t) * darkLin)
        : t * truthFg[i * 3 + c] + (1 - t) * dark;
      s += Math.abs(ours - truth);
    }
    n += 3;
  }
  return n === 0 ? 0 : s / n;
}

/** 8-bit sRGB → linear 0..1. */
const SRGB_TO_LINEAR = Float64Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});
/** Linear 0..1 → sRGB 0..255 (not rounded). */
function linearToSrgb(l) {
  const c = l <= 0.0031308 ? l * 12.92 : 1.055 * l ** (1 / 2.4) - 0.055;
  return c * 255;
}

function boundaryBand(alpha, w, h, radius) {
  // A pixel is in the band when its (2r+1)² window holds both α* > 0 and α* < 1 somewhere,
  // or it is itself fractional: row-wise then column-wise running counts.
  const fg = new Uint8Array(w * h);
  const bg = new Uint8Array(w * h);
  for (let i = 0; i < alpha.length; i++) {
    fg[i] = alpha[i] > 0 ? 1 : 0;
    bg[i] = alpha[i] < 1 ? 1 : 0;
  }
  const dilate = (m) => {
    const tmp = new Uint8Array(w * h);
    const out = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      let last = -1e9;
      for (let x = 0; x < w; x++) {
        if (m[y * w + x]) last = x;
        tmp[y * w + x] = x - last <= radius ? 1 : 0;
      }
      last = 1e9;
      for (let x = w - 1; x >= 0; x--) {
        if (m[y * w + x]) last = x;
        if (last - x <= radius) tmp[y * w + x] = 1;
      }
    }
    for (let x = 0; x < w; x++) {
      let last = -1e9;
      for (let y = 0; y < h; y++) {
        if (tmp[y * w + x]) last = y;
        out[y * w + x] = y - last <= radius ? 1 : 0;
      }
      last = 1e9;
      for (let y = h - 1; y >= 0; y--) {
        if (tmp[y * w + x]) last = y;
        if (last - y <= radius) out[y * w + x] = 1;
      }
    }
    return out;
  };
  const f = dilate(fg);
  const b = dilate(bg);
  for (let i = 0; i < f.length; i++) f[i] = f[i] && b[i] ? 1 : 0;
  return f;
}

/**
 * All metrics for one cutout (8-bit RGBA, straight) against the truth: `{ width, height,
 * alpha (Float32 0..1), fg (8-bit RGB, straight), shadow (Float32 0..1 or null) }`.
 *
 * Scored on the box where the cutout or the truth has any alpha (plus a margin wider than the
 * gradient filter and the halo band, snapped to 64 px so methods share it): outside it both
 * are 0 and every metric but the shadow smear adds nothing there (a 12 MP frame with a small
 * subject costs what its subject costs). MSE is still a mean over the whole image; the
 * shadow smear is measured on the whole image.
 */
export function scoreCutout(rgba, truth, { connectivity = true } = {}) {
  const { width: W, height: H, alpha: T, fg: FG, shadow } = truth;
  const full = new Float32Array(W * H);
  for (let i = 0; i < full.length; i++) full[i] = rgba[i * 4 + 3] / 255;
  const box = unionBox(
    full,
    memo(T, 'box', () => alphaBox(T, W, H)),
    W,
    H,
  );
  const { t, fg } = memo(T, `crop${box}`, () => ({
    t: crop(T, W, box, 1),
    fg: crop(FG, W, box, 3),
  }));
  const alpha = crop(full, W, box, 1);
  const px = crop(rgba, W, box, 4);
  const [, , w, h] = box;
  return {
    sad: sad(alpha, t),
    mse: (mse(alpha, t) * alpha.length) / full.length,
    grad: gradientError(alpha, t, w, h),
    conn: connectivity ? connectivityError(alpha, t, w, h) : null,
    halo: haloScore(px, t, fg, w, h),
    haloLin: haloScore(px, t, fg, w, h, 4, true),
    shadow: shadowSmear(full, T, shadow),
    iou: iou(alpha, t),
  };
}

/** Bounding box [x0, y0, x1, y1] (exclusive) of the pixels with alpha > 0, or null. */
function alphaBox(a, w, h) {
  let x0 = w;
  let y0 = h;
  let x1 = 0;
  let y1 = 0;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      if (a[row + x] > 0) {
        if (x < x0) x0 = x;
        if (x >= x1) x1 = x + 1;
        if (y < y0) y0 = y;
        y1 = y + 1;
      }
    }
  }
  return x1 === 0 ? null : [x0, y0, x1, y1];
}

/** The union of the cutout's and the truth's boxes, grown by 16 px and snapped to 64: [x, y, w, h]. */
function unionBox(alpha, truthBox, w, h) {
  const own = alphaBox(alpha, w, h);
  const boxes = [own, truthBox].filter(Boolean);
  if (!boxes.length) return [0, 0, Math.min(w, 64), Math.min(h, 64)];
  const m = 16;
  const x0 = Math.max(0, Math.floor((Math.min(...boxes.map((b) => b[0])) - m) / 64) * 64);
  const y0 = Math.max(0, Math.floor((Math.min(...boxes.map((b) => b[1])) - m) / 64) * 64);
  const x1 = Math.min(w, Math.ceil((Math.max(...boxes.map((b) => b[2])) + m) / 64) * 64);
  const y1 = Math.min(h, Math.ceil((Math.max(...boxes.map((b) => b[3])) + m) / 64) * 64);
  return [x0, y0, x1 - x0, y1 - y0];
}

function crop(src, width, [x0, y0, w, h], channels) {
  const out = new src.constructor(w * h * channels);
  for (let y = 0; y < h; y++) {
    const from = ((y0 + y) * width + x0) * channels;
    out.set(src.subarray(from, from + w * channels), y * w * channels);
  }
  return out;
}
