// The parts of the engine benchmark, each run in its own process by engine.mjs.

import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createSegmentationModel,
  decodeImage,
  estimateForeground,
  ISNET_INPUT,
  loadModel,
  onnxEngine,
  refineAlpha,
  resizeBilinear,
} from '@cutout/engine-onnx';
import sharp from 'sharp';
import { renderScene, SCENES } from './_engineDevSet.mjs';
import { scoreCutout } from './_engineMetrics.mjs';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const signal = new AbortController().signal;

/** Speed sizes: the mug scene at about 0.5, 2 and 12 MP (4:3). */
const SIZES = [
  ['0.5 MP', 816, 612],
  ['2 MP', 1632, 1224],
  ['12 MP', 4000, 3000],
];

async function devSet() {
  const set = [];
  for (const scene of SCENES) set.push(await renderScene(scene));
  return set;
}

function withAlpha(rgb, alpha, n) {
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    out[i * 4] = rgb[i * 3];
    out[i * 4 + 1] = rgb[i * 3 + 1];
    out[i * 4 + 2] = rgb[i * 3 + 2];
    out[i * 4 + 3] = Math.round(alpha[i] * 255);
  }
  return out;
}

/** (a) raw mask bilinear and (c) ours, from the same model output, per scene. */
async function qualityOurs(model) {
  const session = await createSegmentationModel(
    await loadModel(model),
    ISNET_INPUT,
    availableParallelism(),
  );
  const size = ISNET_INPUT.inputSize;
  const rows = [];
  for (const truth of await devSet()) {
    const { rgb, width, height } = await decodeImage(truth.png, {
      maxLongEdge: 4096,
      maxInputPixels: 1e8,
    });
    const t0 = performance.now();
    const mask = await session.predict(rgb, width, height);
    const modelMs = performance.now() - t0;
    const raw = withAlpha(rgb, resizeBilinear(mask, size, size, width, height), width * height);
    const t1 = performance.now();
    const alpha = refineAlpha(rgb, width, height, 3, mask, size, size);
    const ours = estimateForeground(rgb, width, height, 3, alpha);
    const postMs = performance.now() - t1;
    rows.push({
      scene: truth.name,
      modelMs,
      postMs,
      raw: scoreCutout(raw, truth),
      ours: scoreCutout(ours, truth),
    });
  }
  await session.release();
  return { model, rows };
}

let peer;
// The peer finds its weights relative to the working directory unless told where they are.
const peerPublicPath = pathToFileURL(
  `${dirname(createRequire(import.meta.url).resolve('@imgly/background-removal-node'))}/`,
).href;
async function peerCutout(png) {
  peer ??= await import('@imgly/background-removal-node');
  const blob = await peer.removeBackground(new Blob([png], { type: 'image/png' }), {
    publicPath: peerPublicPath,
    model: 'medium',
    output: { format: 'image/png' },
  });
  return Buffer.from(await blob.arrayBuffer());
}

async function qualityPeer() {
  const rows = [];
  for (const truth of await devSet()) {
    const t0 = performance.now();
    const png = await peerCutout(truth.png);
    const ms = performance.now() - t0;
    const { data } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    rows.push({ scene: truth.name, ms, peer: scoreCutout(data, truth) });
  }
  return { rows };
}

async function speedImages(quick) {
  const scene = SCENES[0];
  const out = [];
  for (const [label, w, h] of SIZES) {
    if (quick && w > 2000) continue;
    const { png } = await renderScene(scene, w, h);
    out.push({ label, png, runs: w > 2000 ? 3 : 5 });
  }
  return out;
}

async function speedEngine(options, quick) {
  let stages;
  const engine = onnxEngine({ ...options, onTimings: (t) => stages.push(t) });
  const tLoad = performance.now();
  await engine.warmup();
  const loadMs = performance.now() - tLoad;
  const rows = [];
  for (const { label, png, runs } of await speedImages(quick)) {
    // First run of each size warms caches and is not counted.
    await engine.removeBackground({ type: 'image', data: png, format: 'png' }, { signal });
    stages = [];
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await engine.removeBackground({ type: 'image', data: png, format: 'png' }, { signal });
      times.push(performance.now() - t0);
    }
    const stage = (k) => median(stages.map((s) => s[k]));
    rows.push({
      label,
      ms: median(times),
      stages: {
        decode: stage('decodeMs'),
        model: stage('modelMs'),
        refine: stage('refineMs'),
        foreground: stage('foregroundMs'),
        encode: stage('encodeMs'),
      },
    });
  }
  await engine.close();
  return { loadMs, rows };
}

async function speedPeer(quick) {
  const rows = [];
  for (const { label, png, runs } of await speedImages(quick)) {
    await peerCutout(png);
    const times = [];
    for (let i = 0; i < Math.min(runs, 3); i++) {
      const t0 = performance.now();
      await peerCutout(png);
      times.push(performance.now() - t0);
    }
    rows.push({ label, ms: median(times) });
  }
  return { rows };
}

/** Images per minute on 2 MP images: one at a time with all threads, or two at once. */
async function throughput(quick) {
  const { png } = await renderScene(SCENES[3], 1632, 1224);
  const cores = availableParallelism();
  const configs = [
    { concurrency: 1, threads: cores },
    { concurrency: 2, threads: Math.max(1, cores / 2) },
    { concurrency: 2, threads: cores },
  ];
  const count = quick ? 4 : 6;
  const rows = [];
  for (const config of configs) {
    const engine = onnxEngine(config);
    await engine.warmup();
    await engine.removeBackground({ type: 'image', data: png, format: 'png' }, { signal });
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: count }, () =>
        engine.removeBackground({ type: 'image', data: png, format: 'png' }, { signal }),
      ),
    );
    const ms = performance.now() - t0;
    rows.push({ ...config, imagesPerMin: (count * 60000) / ms });
    await engine.close();
  }
  return { rows };
}

export async function runPart(part, { quick }) {
  switch (part) {
    case 'quality-medium':
      return qualityOurs('medium');
    case 'quality-small':
      return qualityOurs('small');
    case 'quality-peer':
      return qualityPeer();
    case 'speed-ours':
      return speedEngine({}, quick);
    case 'speed-raw':
      return speedEngine({ refine: false, foreground: false }, quick);
    case 'speed-peer':
      return speedPeer(quick);
    case 'throughput':
      return throughput(quick);
    default:
      throw new Error(`unknown part ${part}`);
  }
}
