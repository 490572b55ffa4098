// Tuning helper (not part of `npm run bench`): scores post-processing settings on the dev set
// from cached model masks (test/bench/.data/masks/, computed once), so a sweep costs no
// inference; all settings in one pass over the cases (each case and its raw mask scored
// once). Each argument is a JSON CutoutFromMaskOptions; prints mean and per-tag SAD /
// gradient / halo / shadow of the raw mask and of each setting. After building the package:
//   nice node test/bench/_engineTune.mjs '{}' '{"refine":{"confident":0.2}}'
//   TAGS=see-through,glass CONN=1 nice node test/bench/_engineTune.mjs '{}'
import { fileURLToPath } from 'node:url';
import { qualityRows } from './_engineQuality.mjs';
import { summarize } from './_engineSummary.mjs';

const dataDir = fileURLToPath(new URL('.data/', import.meta.url));
const filter = process.env.TAGS?.split(',');
const f = (v, d = 2) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(d));
const args = process.argv.slice(2).length ? process.argv.slice(2) : ['{}'];
const variants = args.map((a) => JSON.parse(a));
const rows = await qualityRows({
  dataDir,
  peer: false,
  stages: ['raw'],
  filter,
  variants,
  connectivity: process.env.CONN === '1',
});
const keys = ['raw', ...variants.map((_, i) => `v${i}`)];
const { mean, tags } = summarize(rows, keys);
const line = (label, m, k) =>
  `${label.padEnd(18)} SAD ${f(m[k].sad)}  grad ${f(m[k].grad)}  conn ${f(m[k].conn)}  halo ${f(m[k].halo, 1)} lin ${f(m[k].haloLin, 1)}  shadow ${f(m[k].shadow, 3)}`;
for (const k of keys) {
  console.log(`== ${k === 'raw' ? 'raw mask' : args[Number(k.slice(1))]}`);
  console.log(line('mean', mean, k));
  for (const [tag, m] of Object.entries(tags)) console.log(line(`  ${tag}`, m, k));
}
if (process.env.CASES) {
  for (const r of rows)
    console.log(
      `  ${r.id.padEnd(28)} ${keys.map((k) => `${k} SAD ${f(r.methods[k].sad)} halo ${f(r.methods[k].halo, 1)} grad ${f(r.methods[k].grad)}`).join(' | ')}`,
    );
}
