// Exploration behind the engine's "needs review" verdict (not part of `npm run bench`): scores
// candidate measurements (_engineReviewFeatures.mjs) as threshold rules, alone and in pairs,
// in-sample and leave-one-subject-out (_engineReviewFit.mjs), on the dev set's cached model
// masks. Run the quality part first (it caches the masks), build the engine, then:
//   nice node test/bench/_engineReviewExplore.mjs
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cutoutFromMask, decodeImage, ISNET_INPUT } from '@cutout/engine-onnx';
import { listCases, loadManifest, loadTruth } from './_engineDevSet.mjs';
import { sad } from './_engineMetrics.mjs';
import { candidateFeatures } from './_engineReviewFeatures.mjs';
import { describeRule, fitReviewRule } from './_engineReviewFit.mjs';

const dataDir = fileURLToPath(new URL('.data/', import.meta.url));
const SIZE = ISNET_INPUT.inputSize;

/** Area-average downsample of interleaved RGB to three 0..1 planes. */
function planesAt(rgb, W, H, w, h) {
  const planes = [new Float32Array(w * h), new Float32Array(w * h), new Float32Array(w * h)];
  for (let dy = 0; dy < h; dy++) {
    const ya = Math.round((dy * H) / h);
    const yb = Math.max(ya + 1, Math.round(((dy + 1) * H) / h));
    for (let dx = 0; dx < w; dx++) {
      const xa = Math.round((dx * W) / w);
      const xb = Math.max(xa + 1, Math.round(((dx + 1) * W) / w));
      const sum = [0, 0, 0];
      for (let y = ya; y < yb; y++) {
        for (let x = xa; x < xb; x++)
          for (let c = 0; c < 3; c++) sum[c] += rgb[(y * W + x) * 3 + c];
      }
      for (let c = 0; c < 3; c++) planes[c][dy * w + dx] = sum[c] / (255 * (xb - xa) * (yb - ya));
    }
  }
  return planes;
}

/** Bilinear resize, pixel centres aligned (as the engine's resizeBilinear). */
function bilinear(src, sw, sh, w, h) {
  const out = new Float32Array(w * h);
  const at = (v, s, d) => Math.min(Math.max(((v + 0.5) * s) / d - 0.5, 0), s - 1);
  for (let y = 0; y < h; y++) {
    const fy = at(y, sh, h);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, sh - 1);
    for (let x = 0; x < w; x++) {
      const fx = at(x, sw, w);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, sw - 1);
      const top = src[y0 * sw + x0] + (src[y0 * sw + x1] - src[y0 * sw + x0]) * (fx - x0);
      const bottom = src[y1 * sw + x0] + (src[y1 * sw + x1] - src[y1 * sw + x0]) * (fx - x0);
      out[y * w + x] = top + (bottom - top) * (fy - y0);
    }
  }
  return out;
}

const manifest = loadManifest();
const rows = [];
for (const kase of listCases(manifest)) {
  const file = `${dataDir}masks/medium-v2-${kase.id}-${kase.hash}.f32`;
  if (!existsSync(file)) throw new Error(`no cached mask for ${kase.id}: run the quality part`);
  const mask = new Float32Array(readFileSync(file).buffer.slice(0));
  const truth = await loadTruth(manifest, kase);
  const { rgb, width, height } = await decodeImage(kase.bytes, {
    maxLongEdge: 1e5,
    maxInputPixels: 1e9,
  });
  const rgba = cutoutFromMask(rgb, width, height, 3, mask, SIZE, SIZE);
  const alpha = new Float32Array(width * height);
  for (let i = 0; i < alpha.length; i++) alpha[i] = rgba[i * 4 + 3] / 255;
  const s = Math.min(1, 512 / Math.max(width, height));
  const [w, h] = [Math.max(1, Math.round(width * s)), Math.max(1, Math.round(height * s))];
  const x = candidateFeatures(
    planesAt(rgb, width, height, w, h),
    bilinear(mask, SIZE, SIZE, w, h),
    w,
    h,
  );
  rows.push({
    id: kase.id,
    tags: kase.tags,
    methods: { ours: { sad: sad(alpha, truth.alpha) } },
    x,
  });
}
const names = Object.keys(rows[0].x);
const features = Object.fromEntries(names.map((k) => [k, (r) => r.x[k]]));
const share = (hits, n) => `${Math.round((100 * hits) / n)} % (${hits}/${n})`;
for (const [label, keys] of [
  ['unsure band width alone', names.slice(0, 1)],
  ['the mask’s shape and size', names.slice(0, 8)],
  ['see-through and size alone', names.slice(5)],
]) {
  const r = fitReviewRule(rows, keys, { pairs: true, features });
  console.log(
    `${label}: ${describeRule(r.rule)}\n  in-sample worst ${share(r.inSample.worstHits, r.inSample.worst)}, best ${share(r.inSample.bestHits, r.inSample.best)}; leave-one-subject-out worst ${share(r.loso.worstHits, r.loso.worst)}, best ${share(r.loso.bestHits, r.loso.best)}`,
  );
}
