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

/**
 * ms per image, side by side: for each size the three methods run in turn, round after
 * round, so a burst of load from other processes on the shared cores hits them alike.
 */
async function speed(quick) {
  let stages = [];
  const ours = onnxEngine({ onTimings: (t) => stages.push(t) });
  const raw = onnxEngine({ refine: false, foreground: false });
  const tLoad = performance.now();
  await ours.warmup();
  const loadMs = performance.now() - tLoad;
  await raw.warmup();
  const methods = {
    ours: (png) => ours.removeBackground({ type: 'image', data: png, format: 'png' }, { signal }),
    raw: (png) => raw.removeBackground({ type: 'image', data: png, format: 'png' }, { signal }),
    peer: (png) => peerCutout(png),
  };
  const rows = [];
  for (const { label, png, runs } of await speedImages(quick)) {
    const times = { ours: [], raw: [], peer: [] };
    // CPU time of the whole process (ORT's threads included) per image: steadier than wall
    // time on cores shared with other work.
    const cpu = { ours: [], raw: [], peer: [] };
    for (const run of Object.values(methods)) await run(png); // warm-up, not counted
    stages = [];
    for (let i = 0; i < runs; i++) {
      for (const [name, run] of Object.entries(methods)) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        await run(png);
        times[name].push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu[name].push((c.user + c.system) / 1000);
      }
    }
    const stage = (k) => median(stages.map((s) => s[k]));
    rows.push({
      label,
      ms: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])),
      cpuMs: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, median(v)])),
      stages: {
        decode: stage('decodeMs'),
        model: stage('modelMs'),
        refine: stage('refineMs'),
        foreground: stage('foregroundMs'),
        encode: stage('encodeMs'),
      },
    });
  }
  await ours.close();
  await raw.close();
  return { loadMs, rows };
}

/** Peak RSS of one method alone in its process, on the 12 MP image (twice). */
async function peakRss(method) {
  const { png } = await renderScene(SCENES[0], 4000, 3000);
  const engine = method === 'peer' ? undefined : onnxEngine();
  for (let i = 0; i < 2; i++) {
    if (engine)
      await engine.removeBackground({ type: 'image', data: png, format: 'png' }, { signal });
    else await peerCutout(png);
  }
  await engine?.close();
  return { method };
}

/** Model alone, medium vs small, interleaved on the same input: ms per inference. */
async function models() {
  const { png } = await renderScene(SCENES[0]);
  const { rgb, width, height } = await decodeImage(png, { maxLongEdge: 4096, maxInputPixels: 1e8 });
  const sessions = {};
  for (const m of ['medium', 'small']) {
    sessions[m] = await createSegmentationModel(
      await loadModel(m),
      ISNET_INPUT,
      availableParallelism(),
    );
    await sessions[m].predict(rgb, width, height);
  }
  const times = { medium: [], small: [] };
  for (let i = 0; i < 5; i++) {
    for (const m of ['medium', 'small']) {
      const t0 = performance.now();
      await sessions[m].predict(rgb, width, height);
      times[m].push(performance.now() - t0);
    }
  }
  for (const s of Object.values(sessions)) await s.release();
  return { ms: { medium: median(times.medium), small: median(times.small) } };
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
    case 'models':
      return models();
    case 'speed':
      return speed(quick);
    case 'rss-ours':
      return peakRss('ours');
    case 'rss-peer':
      return peakRss('peer');
    case 'throughput':
      return throughput(quick);
    default:
      throw new Error(`unknown part ${part}`);
  }
}
