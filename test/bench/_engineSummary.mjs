// Means of the per-case quality rows: over the whole set and per tag, per method.
const METRICS = ['sad', 'mse', 'grad', 'conn', 'halo', 'haloLin', 'shadow', 'iou', 'ms'];

function meanOf(rows, method) {
  const out = {};
  for (const k of METRICS) {
    // Shadow smear exists only where a case has a cast shadow; the others on every case.
    const vs = rows.map((r) => r.methods[method]?.[k]).filter((v) => typeof v === 'number');
    out[k] = vs.length ? vs.reduce((s, v) => s + v, 0) / vs.length : null;
  }
  out.n = rows.length;
  return out;
}

/** `{ mean: { method: metrics }, tags: { tag: { method: metrics } } }`, tags sorted. */
export function summarize(rows, methods) {
  const mean = Object.fromEntries(methods.map((m) => [m, meanOf(rows, m)]));
  const tagNames = [...new Set(rows.flatMap((r) => r.tags))].sort();
  const tags = {};
  for (const tag of tagNames) {
    const sub = rows.filter((r) => r.tags.includes(tag));
    tags[tag] = Object.fromEntries(methods.map((m) => [m, meanOf(sub, m)]));
    tags[tag].n = sub.length;
  }
  return { mean, tags, n: rows.length };
}
