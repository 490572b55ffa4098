// Formats engine.mjs results as the Markdown of test/bench/README.md ("Engine"): quality per
// tag for the raw mask / the peer / ours, the ablation of our stages, the rules of issue #10
// §3 checked one by one, the "needs review" signal, then speed, throughput and memory.
import { STAGES } from './_engineQuality.mjs';
import { reviewSignal } from './_engineReview.mjs';
import { describeRule, fitReviewRule, REVIEW_FEATURES, reviewPerTag } from './_engineReviewFit.mjs';
import { summarize } from './_engineSummary.mjs';

const f = (v, d = 2) => (v === undefined || v === null || Number.isNaN(v) ? '–' : v.toFixed(d));
const pct = (v) => (v === null || v === undefined ? '–' : `${Math.round(v * 100)} %`);

function qualityTables(rows, small) {
  const lines = [];
  const { mean, tags } = summarize(rows, ['raw', 'peer', 'ours']);
  lines.push(
    `Quality, mean over the ${rows.length} cases (lower is better except IoU; shadow smear over the cases with a cast shadow):`,
    '',
    '| method | SAD ÷1000 | MSE ×1000 | gradient ÷1000 | connectivity ÷1000 | halo over #111 (0–255) | halo, truth in linear light | shadow smear | IoU |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  const row = (label, m) =>
    `| ${label} | ${f(m.sad)} | ${f(m.mse)} | ${f(m.grad)} | ${f(m.conn)} | ${f(m.halo, 1)} | ${f(m.haloLin, 1)} | ${f(m.shadow, 3)} | ${f(m.iou, 3)} |`;
  lines.push(row('(a) raw ISNet medium mask, bilinear', mean.raw));
  lines.push(row('(b) @imgly/background-removal-node medium', mean.peer));
  lines.push(row('**(c) @cutout/engine-onnx (default)**', mean.ours));
  if (small) {
    const s = summarize(small, ['raw', 'ours']).mean;
    lines.push(row('(a) raw mask, small model', s.raw), row('(c) ours, small model', s.ours));
  }
  lines.push(
    '',
    'Per tag, (a) raw / (b) peer / **(c) ours** (a case carries its subject’s tags and its background’s):',
    '',
    '| tag (cases) | SAD ÷1000 | gradient ÷1000 | halo | shadow smear | ours vs raw: SAD, halo |',
    '|---|---|---|---|---|---|',
  );
  for (const [tag, t] of Object.entries(tags)) {
    const three = (k, d) => `${f(t.raw[k], d)} / ${f(t.peer[k], d)} / **${f(t.ours[k], d)}**`;
    const rel = (k) => (t.raw[k] > 0 ? `${((t.ours[k] / t.raw[k] - 1) * 100).toFixed(0)} %` : '–');
    lines.push(
      `| ${tag} (${t.n}) | ${three('sad')} | ${three('grad')} | ${three('halo', 1)} | ${t.raw.shadow === null ? '–' : three('shadow', 3)} | ${rel('sad')}, ${rel('halo')} |`,
    );
  }
  return { lines, mean, tags };
}

function ablation(rows) {
  const keys = STAGES.map(([k]) => k);
  const { mean, tags } = summarize(rows, keys);
  const lines = [
    '',
    'What each stage buys: SAD ÷1000 / halo, each column adds one stage to the one before it (the last is ours):',
    '',
    `| tag | ${STAGES.map(([, label]) => label).join(' | ')} |`,
    `|---|${STAGES.map(() => '---').join('|')}|`,
  ];
  const cells = (t) => keys.map((k) => `${f(t[k].sad)} / ${f(t[k].halo, 1)}`).join(' | ');
  lines.push(`| **mean** | ${cells(mean)} |`);
  lines.push(`| mean gradient | ${keys.map((k) => f(mean[k].grad)).join(' | ')} |`);
  lines.push(`| mean shadow smear | ${keys.map((k) => f(mean[k].shadow, 3)).join(' | ')} |`);
  lines.push(
    `| mean halo, truth in linear light | ${keys.map((k) => f(mean[k].haloLin, 1)).join(' | ')} |`,
  );
  for (const [tag, t] of Object.entries(tags)) lines.push(`| ${tag} | ${cells(t)} |`);
  return lines;
}

function rules(mean, tags, speed, rows) {
  const out = ['', 'Issue #10 §3, checked on this run:', ''];
  const check = (ok, text) => out.push(`- ${ok ? 'PASS' : '**FAIL**'}: ${text}`);
  for (const [k, label] of [
    ['sad', 'SAD'],
    ['grad', 'gradient'],
    ['halo', 'halo'],
  ]) {
    check(
      mean.ours[k] < mean.raw[k] && mean.ours[k] < mean.peer[k],
      `mean ${label} ours ${f(mean.ours[k])} < raw ${f(mean.raw[k])} and < peer ${f(mean.peer[k])}`,
    );
  }
  const worse = [];
  for (const [tag, t] of Object.entries(tags)) {
    for (const k of ['sad', 'halo']) {
      if (t.ours[k] > t.raw[k] * 1.05)
        worse.push(`${tag} ${k} +${((t.ours[k] / t.raw[k] - 1) * 100).toFixed(0)} %`);
    }
  }
  check(
    worse.length === 0,
    `no tag worse than the raw mask by > 5 % on SAD or halo${worse.length ? ` (${worse.join(', ')})` : ''}`,
  );
  check(
    mean.ours.shadow <= mean.raw.shadow,
    `shadow smear ours ${f(mean.ours.shadow, 3)} ≤ raw ${f(mean.raw.shadow, 3)}`,
  );
  const review = rows && reviewSignal(rows, 'ours', { signal: 'engine' });
  if (review) {
    check(
      review.worstFlagged >= 0.8 && review.bestFlagged <= 0.1,
      `needs review (engine): ${pct(review.worstFlagged)} of the worst fifth flagged (≥ 80 %), ${pct(review.bestFlagged)} of the best half (≤ 10 %)`,
    );
  }
  for (const r of speed?.rows ?? []) {
    const vsRaw = r.ms.ours / r.ms.raw;
    const vsPeer = r.ms.peer / r.ms.ours;
    check(vsRaw <= 1.2, `${r.label}: ours ${f(vsRaw)}× the raw-mask method's time (≤ 1.2×)`);
    check(vsPeer >= 2, `${r.label}: ${f(vsPeer)}× faster than the peer (≥ 2×)`);
  }
  return out;
}

function reviewLines(rows) {
  const out = [
    '',
    '"Needs review": of the cases whose SAD is above the set’s 80th percentile, the share flagged; of the best half, the share flagged by mistake (issue #10 §3 asks ≥ 80 % and ≤ 10 %). The engine’s verdict (`EngineResult.review`, from the model’s mask: `maskReview`) and core’s `analyzeEdges` with its default thresholds on each cutout:',
    '',
    '| verdict | cutouts of | ranked by | worst 20 % flagged | best half flagged |',
    '|---|---|---|---|---|',
  ];
  for (const [key, label, signal, verdict] of [
    ['ours', '(c) ours', 'engine', '**engine (maskReview)**'],
    ['ours', '(c) ours', 'ours', 'core analyzeEdges'],
    ['raw', '(a) raw mask', 'raw', 'core analyzeEdges'],
    ['peer', '(b) peer', 'peer', 'core analyzeEdges'],
  ]) {
    for (const perMegapixel of [false, true]) {
      const r = reviewSignal(rows, key, { perMegapixel, signal });
      if (!r) continue;
      out.push(
        `| ${verdict} | ${label} | ${perMegapixel ? 'SAD per MP' : 'SAD'} | ${pct(r.worstFlagged)} (${r.worstHits}/${r.worst}) | ${pct(r.bestFlagged)} (${r.bestHits}/${r.best}) |`,
      );
    }
  }
  const share = (hits, n) => `${pct(n ? hits / n : null)} (${hits}/${n})`;
  const fits = [
    ['the engine’s soft-edge width alone', ['engine softEdge'], false],
    ['core’s band ratio or edge width', ['core uncertainBandRatio', 'core meanEdgeWidthPx'], true],
    ['any one or two of all five', Object.keys(REVIEW_FEATURES), true],
  ];
  const fitted = fits.map(([label, keys, pairs]) => [label, fitReviewRule(rows, keys, { pairs })]);
  if (fitted.some(([, r]) => !r)) return out;
  out.push(
    '',
    'Thresholds fitted on this set (most of the worst fifth flagged with ≤ 10 % of the best half), in-sample and leave-one-subject-out (all backdrops of one subject held out together, the threshold refitted on the other 13 subjects), ours, ranked by SAD:',
    '',
    '| measurements | fitted on all cases | in-sample: worst / best flagged | leave-one-subject-out: worst / best flagged |',
    '|---|---|---|---|',
  );
  for (const [label, r] of fitted) {
    out.push(
      `| ${label} | ${describeRule(r.rule)} | ${share(r.inSample.worstHits, r.inSample.worst)} / ${share(r.inSample.bestHits, r.inSample.best)} | ${share(r.loso.worstHits, r.loso.worst)} / ${share(r.loso.bestHits, r.loso.best)} |`,
    );
  }
  const shipped = reviewPerTag(rows, (row) => row.review?.engine?.needsReview === true);
  const loso = fitted[0][1].perTag;
  out.push(
    '',
    'Per tag, the engine’s verdict as shipped and leave-one-subject-out (flagged of all cases; of them in the worst fifth / in the best half):',
    '',
    '| tag | shipped: flagged | worst flagged | best flagged | leave-one-subject-out: flagged | worst flagged | best flagged |',
    '|---|---|---|---|---|---|---|',
  );
  for (const [tag, t] of Object.entries(shipped).sort(([a], [b]) => a.localeCompare(b))) {
    const l = loso[tag];
    const cell = (x) =>
      `${x.flagged}/${x.cases} | ${x.worst ? `${x.worstHits}/${x.worst}` : '–'} | ${x.best ? `${x.bestHits}/${x.best}` : '–'}`;
    out.push(`| ${tag} | ${cell(t)} | ${l ? cell(l) : '– | – | –'} |`);
  }
  return out;
}

function speedLines(speed) {
  const lines = [];
  if (!speed?.rows) return lines;
  lines.push(
    '',
    `Speed on one dev-set photo (${speed.source}) resized and saved as JPEG q90, wall ms per image (median; the three run in turn, round after round, so load from other processes hits them alike) and CPU ms (all threads of the process):`,
    '',
    '| image | (a) raw mask | (b) peer | (c) ours | ours ÷ raw | peer ÷ ours | CPU ms (a) / (b) / (c) | ours: decode / model / refine / foreground / encode (ms) |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const r of speed.rows) {
    const s = r.stages;
    lines.push(
      `| ${r.label} | ${f(r.ms.raw, 0)} | ${f(r.ms.peer, 0)} | ${f(r.ms.ours, 0)} | ${f(r.ms.ours / r.ms.raw, 2)}× | **${f(r.ms.peer / r.ms.ours, 2)}×** | ${f(r.cpuMs?.raw, 0)} / ${f(r.cpuMs?.peer, 0)} / ${f(r.cpuMs?.ours, 0)} | ${f(s.decode, 0)} / ${f(s.model, 0)} / ${f(s.refine, 0)} / ${f(s.foreground, 0)} / ${f(s.encode, 0)} |`,
    );
  }
  lines.push('', `Model load (medium, first request or warmup()): ${f(speed.loadMs, 0)} ms.`);
  return lines;
}

export function formatReport(results) {
  const lines = [];
  for (const [name, r] of Object.entries(results)) {
    if (r.error) lines.push(`> part ${name} failed: ${r.error.split('\n')[0]}`);
  }
  const rows = results.quality?.rows;
  if (rows?.length) {
    const q = qualityTables(rows, results['quality-small']?.rows);
    lines.push(...q.lines, ...ablation(rows), ...rules(q.mean, q.tags, results.speed, rows));
    lines.push(...reviewLines(rows));
  }
  lines.push(...speedLines(results.speed), '');
  const models = results.models?.ms;
  if (models)
    lines.push(
      `Model alone per inference (interleaved): medium ${f(models.medium, 0)} ms, small ${f(models.small, 0)} ms.`,
      '',
    );
  const tp = results.throughput?.rows;
  if (tp) {
    lines.push('Throughput on 2 MP images:', '');
    lines.push('| concurrency | ORT threads each | images/min |');
    lines.push('|---|---|---|');
    for (const r of tp) lines.push(`| ${r.concurrency} | ${r.threads} | ${f(r.imagesPerMin, 1)} |`);
    lines.push('');
  }
  const rss = (k) => results[k]?.peakRssMB;
  if (rss('rss-ours') || rss('rss-peer'))
    lines.push(
      `Peak RSS, 12 MP image, one method per process: ours ${f(rss('rss-ours'), 0)} MB, peer ${f(rss('rss-peer'), 0)} MB.`,
    );
  return lines.join('\n');
}
