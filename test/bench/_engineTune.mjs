// Tuning helper (not part of `npm run bench`): scores post-processing settings on the dev set
// from cached model masks (test/bench/.data/masks/, computed once), so a sweep costs no
// inference. Each argument is a JSON CutoutFromMaskOptions for "ours"; prints mean and
// per-tag SAD / gradient / halo / shadow next to the raw mask. After building the package:
//   nice node test/bench/_engineTune.mjs '{}' '{"refine":{"minContrast":0.1}}'
//   TAGS=see-through,glass nice node test/bench/_engineTune.mjs '{}'
import { fileURLToPath } from 'node:url';
import { qualityRows } from './_engineQuality.mjs';
import { summarize } from './_engineSummary.mjs';

const dataDir = fileURLToPath(new URL('.data/', import.meta.url));
const filter = process.env.TAGS?.split(',');
const f = (v, d = 2) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(d));
for (const arg of process.argv.slice(2).length ? process.argv.slice(2) : ['{}']) {
  const options = JSON.parse(arg);
  const rows = await qualityRows({
    dataDir,
    peer: false,
    stages: ['raw', 'ours'],
    filter,
    options,
  });
  const { mean, tags } = summarize(rows, ['raw', 'ours']);
  const line = (label, m) =>
    `${label.padEnd(18)} SAD ${f(m.raw.sad)}→${f(m.ours.sad)}  grad ${f(m.raw.grad)}→${f(m.ours.grad)}  conn ${f(m.raw.conn)}→${f(m.ours.conn)}  halo ${f(m.raw.halo, 1)}→${f(m.ours.halo, 1)} lin ${f(m.raw.haloLin, 1)}→${f(m.ours.haloLin, 1)}  shadow ${f(m.raw.shadow, 3)}→${f(m.ours.shadow, 3)}  ms ${f(m.ours.ms, 0)}`;
  console.log(`== ${arg}`);
  console.log(line('mean', mean));
  for (const [tag, m] of Object.entries(tags)) console.log(line(`  ${tag}`, m));
  if (process.env.CASES) {
    for (const r of rows)
      console.log(
        `  ${r.id.padEnd(28)} SAD ${f(r.methods.raw.sad)}→${f(r.methods.ours.sad)} halo ${f(r.methods.raw.halo, 1)}→${f(r.methods.ours.halo, 1)} grad ${f(r.methods.raw.grad)}→${f(r.methods.ours.grad)}`,
      );
  }
}
