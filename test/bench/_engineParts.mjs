// The parts of the engine benchmark, each run in its own process by engine.mjs.

import { availableParallelism } from 'node:os';
import {
  createSegmentationModel,
  decodeImage,
  ISNET_INPUT,
  loadModel,
  onnxEngine,
} from '@cutout/engine-onnx';
import sharp from 'sharp';
import { listCases, loadManifest } from './_engineDevSet.mjs';
import { peerCutout, qualityRows } from './_engineQuality.mjs';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const signal = new AbortController().signal;

/** Speed sizes: one dev-set photo at about 0.5, 2 and 12 MP (4:3), JPEG q90 as users upload. */
const SIZES = [
  ['0.5 MP', 816, 612],
  ['2 MP', 1632, 1224],
  ['12 MP', 4000, 3000],
];

/**
 * The photo for speed and memory: the stool on the grey sweep (thin legs and a cast shadow:
 * the longest uncertain band of the set, so the most refinement work per pixel), else the
 * set's first case.
 */
function speedSource() {
  const cases = listCases(loadManifest());
  return cases.find((c) => c.id === 'stool--grey-sweep') ?? cases[0];
}

async function photoAt(width, height) {
  const src = speedSource();
  const jpeg = await sharp(src.bytes)
    .resize(width, height, { fit: 'fill' })
    .jpeg({ quality: 90 })
    .toBuffer();
  return { jpeg, source: src.id };
}

const asInput = (jpeg) => ({ type: 'image', data: jpeg, format: 'jpeg' });

async function speedImages(quick) {
  const out = [];
  for (const [label, w, h] of SIZES) {
    if (quick && w > 2000) continue;
    const { jpeg, source } = await photoAt(w, h);
    // SPEED_RUNS=3 (or any n) for a shorter run when the box is busy.
    const runs = Number(process.env.SPEED_RUNS) || (w > 2000 ? 3 : 5);
    out.push({ label, png: jpeg, source, runs: w > 2000 ? Math.min(runs, 3) : runs });
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
    ours: (png) => ours.removeBackground(asInput(png), { signal }),
    raw: (png) => raw.removeBackground(asInput(png), { signal }),
    peer: (png) => peerCutout(png),
  };
  const rows = [];
  let source;
  for (const { label, png, runs, source: from } of await speedImages(quick)) {
    source = from;
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
  return { loadMs, source, rows };
}

/** Peak RSS of one method alone in its process, on the 12 MP image (twice). */
async function peakRss(method) {
  const { jpeg } = await photoAt(4000, 3000);
  const engine = method === 'peer' ? undefined : onnxEngine();
  for (let i = 0; i < 2; i++) {
    if (engine) await engine.removeBackground(asInput(jpeg), { signal });
    else await peerCutout(jpeg);
  }
  await engine?.close();
  return { method };
}

/** Model alone, medium vs small, interleaved on the same input: ms per inference. */
async function models() {
  const { jpeg } = await photoAt(816, 612);
  const { rgb, width, height } = await decodeImage(jpeg, {
    maxLongEdge: 4096,
    maxInputPixels: 1e8,
  });
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
  const { jpeg: png } = await photoAt(1632, 1224);
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
    await engine.removeBackground(asInput(png), { signal });
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: count }, () => engine.removeBackground(asInput(png), { signal })),
    );
    const ms = performance.now() - t0;
    rows.push({ ...config, imagesPerMin: (count * 60000) / ms });
    await engine.close();
  }
  return { rows };
}

export async function runPart(part, { quick, dataDir, shard }) {
  switch (part) {
    case 'quality':
      return { rows: await qualityRows({ model: 'medium', dataDir, shard }) };
    case 'quality-small':
      return {
        rows: await qualityRows({
          model: 'small',
          dataDir,
          peer: false,
          stages: ['raw', 'ours'],
          shard,
        }),
      };
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
