// Tuning helper (not part of `npm run bench`): scores refinement/decontamination settings on
// the dev set from cached model masks (.data/mask-<model>-<scene>.f32, computed once), so a
// parameter sweep costs no inference. Usage, after building the package:
//   node test/bench/_engineTune.mjs '[{"raw":true},{},{"refine":{"radius":8}},{"fg":{"radii":[90,6]}}]'
//   MODEL=small node test/bench/_engineTune.mjs
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  createSegmentationModel,
  decodeImage,
  estimateForeground,
  ISNET_INPUT,
  loadModel,
  refineAlpha,
  resizeBilinear,
} from '@cutout/engine-onnx';
import { renderScene, SCENES } from './_engineDevSet.mjs';
import { scoreCutout } from './_engineMetrics.mjs';

const model = process.env.MODEL ?? 'medium';
const set = [];
let session;
for (const sc of SCENES) {
  const t = await renderScene(sc);
  const { rgb, width, height } = await decodeImage(t.png, {
    maxLongEdge: 4096,
    maxInputPixels: 1e8,
  });
  const f = `${new URL('.data/', import.meta.url).pathname}mask-${model}-${t.name}.f32`;
  let mask;
  if (existsSync(f)) mask = new Float32Array(readFileSync(f).buffer.slice(0));
  else {
    session ??= await createSegmentationModel(await loadModel(model), ISNET_INPUT, 2);
    mask = await session.predict(rgb, width, height);
    writeFileSync(f, Buffer.from(mask.buffer));
  }
  set.push({ t, rgb, width, height, mask });
}
const configs = JSON.parse(process.argv[2] ?? '[{}]');
for (const cfg of configs) {
  const tot = { sad: 0, mse: 0, grad: 0, halo: 0 };
  const per = [];
  let ms = 0;
  for (const { t, rgb, width, height, mask } of set) {
    const t0 = performance.now();
    let rgba;
    if (cfg.raw) {
      const a = resizeBilinear(mask, 1024, 1024, width, height);
      rgba = new Uint8Array(width * height * 4);
      for (let i = 0; i < width * height; i++) {
        rgba[i * 4] = rgb[i * 3];
        rgba[i * 4 + 1] = rgb[i * 3 + 1];
        rgba[i * 4 + 2] = rgb[i * 3 + 2];
        rgba[i * 4 + 3] = Math.round(a[i] * 255);
      }
    } else {
      const a = refineAlpha(rgb, width, height, 3, mask, 1024, 1024, cfg.refine);
      rgba = estimateForeground(rgb, width, height, 3, a, cfg.fg);
    }
    ms += performance.now() - t0;
    const s = scoreCutout(rgba, t);
    per.push(`${t.name.slice(0, 6)}:${s.sad.toFixed(2)}/${s.grad.toFixed(2)}/${s.halo.toFixed(1)}`);
    for (const k in tot) tot[k] += s[k];
  }
  console.log(
    JSON.stringify(cfg).padEnd(60),
    Object.entries(tot)
      .map(([k, v]) => `${k}=${(v / set.length).toFixed(3)}`)
      .join(' '),
    `ms=${(ms / set.length).toFixed(0)}`,
    '|',
    per.join(' '),
  );
}
