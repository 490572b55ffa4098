// Candidate "needs review" measurements the engine could compute cheaply from what it has (the
// model's soft mask and the image, both at the 512-px working size), for
// _engineReviewExplore.mjs. Only the unsure band's width made it into the engine (maskReview);
// the rest is kept so the comparison in test/bench/README.md can be re-run.

/** Chebyshev distance (capped at 255) to the nearest pixel where `src` is 1. */
function distanceTo(src, w, h) {
  const d = new Uint8Array(w * h);
  for (let i = 0; i < d.length; i++) d[i] = src[i] ? 0 : 255;
  const relax = (i, j) => {
    if (d[j] + 1 < d[i]) d[i] = d[j] + 1;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (x > 0) relax(i, i - 1);
      if (y > 0) {
        relax(i, i - w);
        if (x > 0) relax(i, i - w - 1);
        if (x < w - 1) relax(i, i - w + 1);
      }
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1; x >= 0; x--) {
      const i = y * w + x;
      if (x < w - 1) relax(i, i + 1);
      if (y < h - 1) {
        relax(i, i + w);
        if (x < w - 1) relax(i, i + w + 1);
        if (x > 0) relax(i, i + w - 1);
      }
    }
  }
  return d;
}

/** Sum over a (2r+1)² window (clipped), via an integral image. */
function boxSum(src, w, h, r) {
  const I = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let s = 0;
    for (let x = 0; x < w; x++) {
      s += src[y * w + x];
      I[(y + 1) * (w + 1) + x + 1] = I[y * (w + 1) + x + 1] + s;
    }
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(w, x + r + 1);
      out[y * w + x] =
        I[y1 * (w + 1) + x1] - I[y0 * (w + 1) + x1] - I[y1 * (w + 1) + x0] + I[y0 * (w + 1) + x0];
    }
  }
  return out;
}

/** Size of the largest 4-connected component of `m`, and how many there are. */
function components(m, w, h) {
  const label = new Int32Array(w * h);
  const stack = new Int32Array(w * h);
  let count = 0;
  let largest = 0;
  for (let i = 0; i < m.length; i++) {
    if (!m[i] || label[i]) continue;
    count++;
    let size = 0;
    let sp = 0;
    stack[sp++] = i;
    label[i] = count;
    while (sp) {
      const j = stack[--sp];
      size++;
      const x = j % w;
      for (const k of [x > 0 ? j - 1 : -1, x < w - 1 ? j + 1 : -1, j - w, j + w]) {
        if (k >= 0 && k < m.length && m[k] && !label[k]) {
          label[k] = count;
          stack[sp++] = k;
        }
      }
    }
    largest = Math.max(largest, size);
  }
  return { count, largest };
}

/**
 * `planes`: the image's R, G, B at the working size in 0..1; `p`: the mask at that size.
 * Returns the candidates (names as in test/bench/README.md).
 */
export function candidateFeatures([R, G, B], p, w, h) {
  const n = w * h;
  const subject = new Uint8Array(n);
  const sureBg = new Uint8Array(n);
  const sureFg = new Uint8Array(n);
  let fg = 0;
  let unsure = 0;
  let outline = 0;
  let [x0, y0, x1, y1] = [w, h, -1, -1];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const v = p[i];
      if (v >= 0.5) {
        subject[i] = 1;
        fg++;
        [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
      }
      if (v <= 0.1) sureBg[i] = 1;
      else if (v >= 0.9) sureFg[i] = 1;
      else unsure++;
    }
  }
  for (let i = 0; i < n; i++) {
    const x = i % w;
    if (!subject[i]) continue;
    const edge =
      (x > 0 && !subject[i - 1]) ||
      (x < w - 1 && !subject[i + 1]) ||
      (i >= w && !subject[i - w]) ||
      (i + w < n && !subject[i + w]);
    if (edge) outline++;
  }
  const toBg = distanceTo(sureBg, w, h);
  const toFg = distanceTo(sureFg, w, h);
  let deep = 0;
  let boxUnsure = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (p[i] <= 0.1 || p[i] >= 0.9) continue;
      if (Math.min(toBg[i], toFg[i]) >= 3) deep++;
      if (x >= x0 && x <= x1 && y >= y0 && y <= y1) boxUnsure++;
    }
  }
  const boxArea = Math.max(1, (x1 - x0 + 1) * (y1 - y0 + 1));
  const { largest } = components(subject, w, h);
  // See-through: the subject's sure interior against the ring just outside it.
  const inside = new Uint8Array(n);
  const ring = new Uint8Array(n);
  const hIn = new Float64Array(512);
  const hRing = new Float64Array(512);
  const bin = (i) => ((R[i] * 7.999) | 0) * 64 + ((G[i] * 7.999) | 0) * 8 + ((B[i] * 7.999) | 0);
  let nIn = 0;
  let nRing = 0;
  for (let i = 0; i < n; i++) {
    if (sureFg[i] && toBg[i] >= 3) {
      inside[i] = 1;
      nIn++;
      hIn[bin(i)]++;
    } else if (sureBg[i] && toFg[i] >= 2 && toFg[i] <= 16) {
      ring[i] = 1;
      nRing++;
      hRing[bin(i)]++;
    }
  }
  let overlap = 0;
  for (let b = 0; b < 512; b++) overlap += Math.min(hIn[b] / (nIn || 1), hRing[b] / (nRing || 1));
  // The backdrop's local colour (ring pixels within 24 px) against each interior pixel.
  const count = boxSum(ring, w, h, 24);
  const local = [R, G, B].map((P) =>
    boxSum(
      P.map((v, i) => v * ring[i]),
      w,
      h,
      24,
    ),
  );
  let near = 0;
  let measured = 0;
  let texIn = 0;
  let texRing = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const g =
        Math.abs(R[i + 1] - R[i - 1]) +
        Math.abs(G[i + w] - G[i - w]) +
        Math.abs(B[i + 1] - B[i - 1]);
      if (ring[i]) texRing += g;
      if (!inside[i]) continue;
      texIn += g;
      if (count[i] <= 20) continue;
      measured++;
      const d = Math.hypot(
        R[i] - local[0][i] / count[i],
        G[i] - local[1][i] / count[i],
        B[i] - local[2][i] / count[i],
      );
      if (d * 255 < 16) near++;
    }
  }
  return {
    'unsure band width': unsure / (outline || 1) / Math.max(w, h),
    'unsure share of the subject': unsure / (fg || 1),
    'deep unsure share': deep / (fg || 1),
    'unsure share of the box': boxUnsure / boxArea,
    'stray share': fg ? 1 - largest / fg : 0,
    'subject share of the frame': fg / n,
    'box share of the frame': x1 < 0 ? 0 : boxArea / n,
    'interior share': nIn / (fg || 1),
    'colour overlap with the ring': overlap,
    'interior near the local backdrop': measured ? near / measured : 0,
    'texture ratio': nIn && nRing ? texIn / nIn / (texRing / nRing + 1e-3) : 0,
  };
}
