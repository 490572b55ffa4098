// Output composition (issue #12): a 12 MP cutout composed into each preset by the proxy's
// composeOutput, both ways it runs: from the local engine's raw pixels (handed over, nothing
// to decode) and from a PNG (Codia's answer: sharp decodes it first; with crop, its alpha
// and then only the subject's box). Then core's
// composeRaster → sharp encode. Medians of 7 rounds after 2 warm-ups, the two paths
// alternated within each round; wall time and this process's CPU time (all threads, sharp's
// too), with the load average, on this machine's 2 cores.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { composeRaster, parseOutputOptions } from '@cutout/core/output';
import { composeOutput } from '@cutout/proxy/compose';
import sharp from 'sharp';

// libvips caches operations by their inputs: repeating one image would time cache hits
// (a "decode" of 20 ms), which a server, whose every image is new, never sees.
sharp.cache(false);
const RUNS = 7;
const W = 4000;
const H = 3000;

/** A soft-edged shaded subject covering about half the frame (the demanding case). */
function synthetic() {
  const rgba = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const nx = (x + 0.5 - W / 2) / (W * 0.3);
      const ny = (y + 0.5 - H / 2) / (H * 0.42);
      const d = (Math.sqrt(nx ** 4 + ny ** 4) ** 0.5 - 1) * 900;
      const a = d <= -2 ? 1 : d >= 2 ? 0 : 0.5 - d / 4;
      if (a <= 0) continue;
      const i = (y * W + x) * 4;
      rgba.set([180 - ny * 40, 70, 50 + nx * 30, Math.round(a * 255)], i);
    }
  }
  return rgba;
}

/**
 * The dev set's rendered 12 MP stool as the local engine answers it: the photo's own colours
 * (a blurred room behind the stool, kept under alpha 0 as the engine keeps them) and the
 * exact alpha. Its PNG is what a real 12 MP cutout weighs.
 */
async function stool() {
  const devset = new URL('../devset/', import.meta.url);
  const photo = await sharp(readFileSync(new URL('cases/stool-large--photo-blurred.jpg', devset)))
    .removeAlpha()
    .raw()
    .toBuffer();
  const alpha = await sharp(readFileSync(new URL('subjects/stool-large/alpha.png', devset)))
    .extractChannel(0)
    .raw()
    .toBuffer();
  const rgba = new Uint8Array(W * H * 4);
  for (let p = 0; p < W * H; p++) {
    rgba[p * 4] = photo[p * 3];
    rgba[p * 4 + 1] = photo[p * 3 + 1];
    rgba[p * 4 + 2] = photo[p * 3 + 2];
    rgba[p * 4 + 3] = alpha[p];
  }
  return rgba;
}

const canvas = new ArrayBuffer(32 * 1024 * 1024);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Runs each function once per round, alternating, and returns their medians. */
async function sideBySide(fns) {
  const wall = fns.map(() => []);
  const cpu = fns.map(() => []);
  for (let round = 0; round < RUNS + 2; round++) {
    for (const [k, fn] of fns.entries()) {
      globalThis.gc?.();
      const c = process.cpuUsage();
      const t = performance.now();
      await fn();
      if (round < 2) continue;
      wall[k].push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu[k].push((d.user + d.system) / 1000);
    }
  }
  return fns.map((_, k) => ({ wall: median(wall[k]), cpu: median(cpu[k]) }));
}
const ms = (m) => `${m.wall.toFixed(0).padStart(4)} ms (CPU ${m.cpu.toFixed(0).padStart(3)})`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

for (const [name, make] of [
  ['synthetic', synthetic],
  ['stool photo (devset)', stool],
]) {
  const rgba = await make();
  const png = await sharp(rgba, { raw: { width: W, height: H, channels: 4 } })
    .png({ compressionLevel: 4, adaptiveFiltering: false }) // the local engine's settings
    .toBuffer();
  const pixels = { data: rgba, width: W, height: H };
  console.log(
    `\n${name}: 12 MP cutout (${W}×${H}, PNG ${(png.byteLength / 1e6).toFixed(1)} MB), ` +
      `medians of ${RUNS}, load average ${load()}`,
  );
  console.log(
    'preset   output          raw pixels → file      PNG in → file          of which composeRaster',
  );
  for (const preset of ['amazon', 'square', 'trimmed']) {
    const o = parseOutputOptions({ preset });
    let out;
    const [raw, fromPng, raster] = await sideBySide([
      async () => {
        out = await composeOutput(pixels, o);
      },
      () => composeOutput(png, o),
      // Into a kept canvas, as composeOutput does (fresh pages would add ~60 ms at 2000²).
      async () => composeRaster(pixels, o, { scratch: canvas }),
    ]);
    const size = `${out.width}×${out.height} ${out.contentType.slice(6)}`;
    console.log(
      `${preset.padEnd(8)} ${size.padEnd(15)} ${ms(raw)}   ${ms(fromPng)}   ${ms(raster)}` +
        `   ${(out.bytes.byteLength / 1e6).toFixed(2)} MB`,
    );
  }
  const [decode, encode] = await sideBySide([
    () => sharp(png).raw().toBuffer(),
    () =>
      sharp(rgba, { raw: { width: W, height: H, channels: 4 } })
        .png({ compressionLevel: 4, adaptiveFiltering: false })
        .toBuffer(),
  ]);
  console.log(
    `sharp alone: a whole-image PNG decode ${ms(decode)} (the PNG path now decodes the alpha, ` +
      `then only the subject's box); the engine's PNG encode, skipped by the hand-over, ` +
      `${ms(encode)}; load average ${load()}`,
  );
}
