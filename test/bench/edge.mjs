#!/usr/bin/env node
// Edge analysis on a 12 MP cutout (the EdgeInspector's worst case): full resolution and the
// downsampled mode the inspector uses interactively. Medians of several runs.
import { analyzeEdges } from '@cutout/core/edges';

const W = 4000;
const H = 3000;
const px = new Uint8ClampedArray(W * H * 4);
// A disc subject (radius 1300) on a textured colour with a 3 px soft edge still holding the
// white background: the classic halo.
const cx = W / 2;
const cy = H / 2;
const R = 1300;
for (let y = 0; y < H; y++) {
  for (let x = 0; x < W; x++) {
    const d = Math.hypot(x - cx, y - cy) - R;
    const a = d <= 0 ? 1 : d >= 3 ? 0 : 1 - d / 3;
    const i = (y * W + x) * 4;
    const r = 120 + ((x * 7 + y * 13) % 40);
    px[i] = a * r + (1 - a) * 255;
    px[i + 1] = a * 60 + (1 - a) * 255;
    px[i + 2] = a * 40 + (1 - a) * 255;
    px[i + 3] = Math.round(a * 255);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const [label, opts, runs] of [
  ['12 MP, full resolution', {}, 5],
  ['12 MP, maxPixels 1e6', { maxPixels: 1_000_000 }, 7],
]) {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = analyzeEdges(px, W, H, opts);
    times.push(performance.now() - t0);
  }
  rows.push({
    label,
    median: median(times),
    halo: last.haloScore,
    reasons: last.reasons.join(','),
  });
}
console.log('| case | median ms | halo score | reasons |');
console.log('|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.label} | ${r.median.toFixed(0)} | ${r.halo.toFixed(3)} | ${r.reasons} |`);
}
console.log(`peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
