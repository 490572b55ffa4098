// Output composition (issue #12): a 12 MP cutout (4000×3000, a soft-edged subject covering
// about half the frame) composed into each preset by the proxy's composeOutput (sharp decode
// → core's composeRaster → sharp encode), as the proxy runs it after the engine. Medians of
// 7 runs after 2 warm-ups, wall time and this process's CPU time (all threads: sharp's too),
// on this machine's 2 cores. On a shared, loaded machine the CPU time is the steadier figure.
import { composeRaster, parseOutputOptions } from '@cutout/core/output';
import { composeOutput } from '@cutout/proxy/compose';
import sharp from 'sharp';

const W = 4000;
const H = 3000;
const RUNS = 7;
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
const png = await sharp(rgba, { raw: { width: W, height: H, channels: 4 } })
  .png({ compressionLevel: 4 })
  .toBuffer();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function measure(fn) {
  for (let i = 0; i < 2; i++) await fn();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    globalThis.gc?.();
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const decoded = await sharp(png).raw().toBuffer({ resolveWithObject: true });
const pixels = { data: decoded.data, width: W, height: H };
console.log(
  `12 MP cutout (${W}×${H}, PNG ${(png.byteLength / 1e6).toFixed(1)} MB), medians of ${RUNS}:`,
);
console.log('preset     output            whole (PNG in → file out)   pixels only (composeRaster)');
for (const preset of ['amazon', 'square', 'trimmed']) {
  const o = parseOutputOptions({ preset });
  let out;
  const whole = await measure(async () => {
    out = await composeOutput(png, o);
  });
  const raster = await measure(async () => composeRaster(pixels, o));
  console.log(
    `${preset.padEnd(10)} ${`${out.width}×${out.height} ${out.contentType.slice(6)}`.padEnd(17)} ` +
      `${whole.wall.toFixed(0).padStart(5)} ms wall, ${whole.cpu.toFixed(0).padStart(5)} ms CPU   ` +
      `${raster.wall.toFixed(0).padStart(5)} ms wall, ${raster.cpu.toFixed(0).padStart(5)} ms CPU`,
  );
}
const decode = await measure(() => sharp(png).raw().toBuffer());
console.log(`(of which sharp's PNG decode alone: ${decode.wall.toFixed(0)} ms wall)`);
