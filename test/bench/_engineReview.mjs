// How well the "needs review" flag finds the worst cutouts (issue #10 §3): cases ranked by
// the method's own SAD; "worst" = SAD above the 80th percentile, "best" = the better half.
// `perMegapixel`: rank by SAD per megapixel instead (SAD is a sum over the image, so a
// 12 MP case outranks every 1 MP one whatever its quality). `signal`: which verdict to read
// from `r.review` (default the method's own: core's analyzeEdges on its cutout; 'engine': the
// engine's verdict from its model's mask).
/** The q-quantile of ascending values, linear between neighbours. */
export function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
}

export function reviewSignal(rows, method, { perMegapixel = false, signal = method } = {}) {
  const scored = rows.filter((r) => r.methods[method] && r.review?.[signal]);
  if (scored.length < 2) return null;
  const score = (r) => r.methods[method].sad / (perMegapixel ? (r.width * r.height) / 1e6 : 1);
  const sads = scored.map(score).sort((a, b) => a - b);
  const p80 = quantile(sads, 0.8);
  const p50 = quantile(sads, 0.5);
  const worst = scored.filter((r) => score(r) > p80);
  const best = scored.filter((r) => score(r) <= p50);
  const flagged = (list) => list.filter((r) => r.review[signal].needsReview).length;
  return {
    worst: worst.length,
    worstHits: flagged(worst),
    worstFlagged: worst.length ? flagged(worst) / worst.length : null,
    best: best.length,
    bestHits: flagged(best),
    bestFlagged: best.length ? flagged(best) / best.length : null,
  };
}
