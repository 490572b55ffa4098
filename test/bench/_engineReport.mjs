// Formats engine.mjs results as the Markdown tables of test/bench/README.md ("Engine").
const f = (v, d = 2) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(d));
const mean = (rows, pick) => rows.reduce((s, r) => s + pick(r), 0) / rows.length;

function qualityRows(results) {
  const out = [];
  const add = (label, rows, key) => {
    if (!rows) return;
    const m = (k) => mean(rows, (r) => r[key][k]);
    out.push(
      `| ${label} | ${f(m('sad'))} | ${f(m('mse'))} | ${f(m('grad'))} | ${f(m('halo'), 1)} | ${f(m('iou'), 3)} |`,
    );
  };
  const medium = results['quality-medium']?.rows;
  const small = results['quality-small']?.rows;
  const peer = results['quality-peer']?.rows;
  add('(a) raw mask, bilinear (medium)', medium, 'raw');
  add('(b) @imgly/background-removal-node (medium)', peer, 'peer');
  add('**(c) ours (medium, default)**', medium, 'ours');
  add('(a) raw mask, bilinear (small)', small, 'raw');
  add('(c) ours (small)', small, 'ours');
  return out;
}

function perScene(results) {
  const medium = results['quality-medium']?.rows ?? [];
  const peer = Object.fromEntries(
    (results['quality-peer']?.rows ?? []).map((r) => [r.scene, r.peer]),
  );
  return medium.map((r) => {
    const p = peer[r.scene];
    return `| ${r.scene} | ${f(r.raw.sad)} / ${f(p?.sad)} / **${f(r.ours.sad)}** | ${f(r.raw.grad)} / ${f(p?.grad)} / **${f(r.ours.grad)}** | ${f(r.raw.halo, 1)} / ${f(p?.halo, 1)} / **${f(r.ours.halo, 1)}** |`;
  });
}

export function formatReport(results) {
  const lines = [];
  const err = Object.entries(results).filter(([, r]) => r.error);
  for (const [name, r] of err) lines.push(`> part ${name} failed: ${r.error.split('\n')[0]}`);
  lines.push('Quality, mean over the 6 scenes (800×600; lower is better except IoU):', '');
  lines.push('| method | SAD ÷1000 | MSE ×1000 | gradient ÷1000 | halo (0–255) | IoU |');
  lines.push('|---|---|---|---|---|---|');
  lines.push(...qualityRows(results), '');
  lines.push('Per scene, (a) raw / (b) peer / (c) ours (medium model):', '');
  lines.push('| scene | SAD | gradient | halo |');
  lines.push('|---|---|---|---|');
  lines.push(...perScene(results), '');
  const speed = results.speed;
  if (speed?.rows) {
    lines.push(
      'Speed, wall ms per image (median; the three run in turn, round after round, so load from other processes hits them alike) and CPU ms (all threads of the process):',
      '',
    );
    lines.push(
      '| image | (a) raw mask | (b) peer | (c) ours | peer ÷ ours | CPU ms (a) / (b) / (c) | ours: decode / model / refine / foreground / encode (ms) |',
    );
    lines.push('|---|---|---|---|---|---|---|');
    for (const r of speed.rows) {
      const s = r.stages;
      lines.push(
        `| ${r.label} | ${f(r.ms.raw, 0)} | ${f(r.ms.peer, 0)} | ${f(r.ms.ours, 0)} | ${f(r.ms.peer / r.ms.ours, 2)}× | ${f(r.cpuMs?.raw, 0)} / ${f(r.cpuMs?.peer, 0)} / ${f(r.cpuMs?.ours, 0)} | ${f(s.decode, 0)} / ${f(s.model, 0)} / ${f(s.refine, 0)} / ${f(s.foreground, 0)} / ${f(s.encode, 0)} |`,
      );
    }
    lines.push('', `Model load (medium, first request or warmup()): ${f(speed.loadMs, 0)} ms.`, '');
  }
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
  lines.push(
    `Peak RSS, 12 MP image, one method per process: ours ${f(rss('rss-ours'), 0)} MB, peer ${f(rss('rss-peer'), 0)} MB` +
      ` (quality runs at 0.5 MP: ours ${f(rss('quality-medium'), 0)} MB, peer ${f(rss('quality-peer'), 0)} MB).`,
  );
  return lines.join('\n');
}
