// Quality on the dev set: per case, the cutout of each method scored against the truth, and
// whether the "needs review" signal (core edge analysis) flags it. Model masks and the peer's
// cutouts are cached per case in test/bench/.data/ (keyed by the input's hash), so tuning the
// post-processing never re-runs ISNet; the post-processing itself is @cutout/engine-onnx's
// own cutoutFromMask, the very code the engine ships.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeEdges } from '@cutout/core/edges';
import {
  createSegmentationModel,
  cutoutFromMask,
  decodeImage,
  ISNET_INPUT,
  loadModel,
  maskReview,
} from '@cutout/engine-onnx';
import sharp from 'sharp';
import { listCases, loadManifest, loadTruth } from './_engineDevSet.mjs';
import { scoreCutout } from './_engineMetrics.mjs';

const SIZE = ISNET_INPUT.inputSize;

/**
 * The stages of our post-processing, each added to the one before (the ablation): what a
 * stage buys is the difference between its row and the previous one.
 */
export const STAGES = [
  ['raw', 'raw mask, bilinear', { refine: false, foreground: false }],
  ['trimap', '+ trimap (confident → exact 0/1)', { refine: { guided: false } }],
  ['ours', '+ guided filter in the band (= ours)', {}],
  ['decontaminate', '+ decontamination (opt-in)', { foreground: {} }],
];

// Bump when the model's input or output handling changes (a cached mask is then stale):
// 2 = centre-aligned model input (imageToTensor), 1 = sharp's resize.
const MASK_VERSION = 2;

let session;
async function maskFor(kase, rgb, width, height, model, dataDir) {
  const dir = `${dataDir}masks/`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${model}-v${MASK_VERSION}-${kase.id}-${kase.hash}.f32`;
  if (existsSync(file)) return new Float32Array(readFileSync(file).buffer.slice(0));
  session ??= await createSegmentationModel(
    await loadModel(model),
    ISNET_INPUT,
    availableParallelism(),
  );
  const mask = await session.predict(rgb, width, height);
  writeFileSync(file, Buffer.from(mask.buffer, mask.byteOffset, mask.byteLength));
  return mask;
}

let peer;
// The peer finds its weights relative to the working directory unless told where they are.
export const peerPublicPath = pathToFileURL(
  `${dirname(createRequire(import.meta.url).resolve('@imgly/background-removal-node'))}/`,
).href;
export async function peerCutout(bytes, type = 'image/jpeg') {
  peer ??= await import('@imgly/background-removal-node');
  const blob = await peer.removeBackground(new Blob([bytes], { type }), {
    publicPath: peerPublicPath,
    model: 'medium',
    output: { format: 'image/png' },
  });
  return Buffer.from(await blob.arrayBuffer());
}

async function peerFor(kase, dataDir) {
  const dir = `${dataDir}peer/`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${kase.id}-${kase.hash}.png`;
  let png;
  if (existsSync(file)) png = readFileSync(file);
  else {
    png = await peerCutout(kase.bytes);
    writeFileSync(file, png);
  }
  const { data } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return new Uint8Array(data);
}

function review(rgba, width, height) {
  const e = analyzeEdges(rgba, width, height);
  return {
    needsReview: e.needsReview,
    reasons: e.reasons,
    haloScore: e.haloScore,
    rimContrast: e.rimContrast,
    uncertainBandRatio: e.uncertainBandRatio,
    meanEdgeWidthPx: e.meanEdgeWidthPx,
  };
}

/**
 * Rows `{ id, tags, width, height, methods: { raw, peer?, ours, …stages }, review }` for every
 * case. `stages`: which STAGES to score (default all); `peer`: score the peer too.
 */
export async function qualityRows({
  model = 'medium',
  dataDir,
  peer: withPeer = true,
  stages,
  filter,
  options,
  variants = [],
  connectivity = true,
  /** [i, n]: only every n-th case from the i-th (the bench runs n processes side by side). */
  shard,
} = {}) {
  const manifest = loadManifest();
  const chosen = STAGES.filter(([key]) => !stages || stages.includes(key));
  const rows = [];
  for (const [order, kase] of listCases(manifest, undefined, filter).entries()) {
    if (shard && order % shard[1] !== shard[0]) continue;
    const truth = await loadTruth(manifest, kase);
    const { rgb, width, height } = await decodeImage(kase.bytes, {
      maxLongEdge: 1e5,
      maxInputPixels: 1e9,
    });
    if (width !== truth.width || height !== truth.height) {
      throw new Error(`engine bench: case ${kase.id} decodes to ${width}×${height}`);
    }
    const mask = await maskFor(kase, rgb, width, height, model, dataDir);
    const methods = {};
    const reviews = {};
    for (const [key, , stageOptions] of chosen) {
      const opts = key === 'ours' && options ? options : stageOptions;
      const t0 = performance.now();
      const rgba = cutoutFromMask(rgb, width, height, 3, mask, SIZE, SIZE, opts);
      const ms = performance.now() - t0;
      // The ablation-only stages skip the costly connectivity error and the review (the
      // shared 2-core box); raw and ours get every metric.
      const main = key === 'ours' || key === 'raw';
      methods[key] = { ...scoreCutout(rgba, truth, { connectivity: connectivity && main }), ms };
      if (key === 'ours') {
        reviews[key] = review(rgba, width, height);
        // The engine's own verdict from the model's mask (what `EngineResult.review` carries).
        const m = maskReview(mask, SIZE, SIZE, width, height);
        reviews.engine = { needsReview: m.needsReview, reasons: m.reasons, softEdge: m.softEdge };
      }
    }
    // Tuning: more settings of "ours", scored on the same case as `v0`, `v1`, …
    for (const [v, opts] of variants.entries()) {
      const rgba = cutoutFromMask(rgb, width, height, 3, mask, SIZE, SIZE, opts);
      methods[`v${v}`] = scoreCutout(rgba, truth, { connectivity });
    }
    if (withPeer) {
      const rgba = await peerFor(kase, dataDir);
      methods.peer = scoreCutout(rgba, truth);
    }
    rows.push({ id: kase.id, order, tags: kase.tags, width, height, methods, review: reviews });
  }
  await session?.release();
  session = undefined;
  return rows;
}
