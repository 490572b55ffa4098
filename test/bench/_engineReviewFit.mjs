// How far a "needs review" rule can be trusted off the set it was tuned on (issue #10 §3):
// threshold rules on one measurement, or on two joined by "or", fitted to flag as many of the
// worst fifth as possible while flagging ≤ 10 % of the best half, then scored in-sample and
// leave-one-subject-out (every backdrop of one subject held out together, the threshold
// refitted on the other subjects, the held-out cases flagged by it). Worst / best are fixed
// by the whole set's SAD percentiles, as in reviewSignal.

import { quantile } from './_engineReview.mjs';

/** The measurements a rule may use, per row (null where the row lacks them). */
export const REVIEW_FEATURES = {
  // The engine's verdict input: width of the model's unsure band, share of the long edge.
  'engine softEdge': (r) => r.review?.engine?.softEdge ?? null,
  // Core's analyzeEdges on our cutout.
  'core uncertainBandRatio': (r) => r.review?.ours?.uncertainBandRatio ?? null,
  'core meanEdgeWidthPx': (r) => r.review?.ours?.meanEdgeWidthPx ?? null,
  'core haloScore': (r) => r.review?.ours?.haloScore ?? null,
  'core rimContrast': (r) => r.review?.ours?.rimContrast ?? null,
};

function labels(rows) {
  const sads = rows.map((r) => r.methods.ours.sad).sort((a, b) => a - b);
  const p80 = quantile(sads, 0.8);
  const p50 = quantile(sads, 0.5);
  return rows.map((r) =>
    r.methods.ours.sad > p80 ? 'worst' : r.methods.ours.sad <= p50 ? 'best' : '',
  );
}

const flags = (rule, x) => rule.some(([k, t]) => x[k] > t);

function tally(rule, items) {
  const t = { worst: 0, worstHits: 0, best: 0, bestHits: 0 };
  for (const it of items) {
    if (!it.label) continue;
    t[it.label]++;
    if (flags(rule, it.x)) t[`${it.label}Hits`]++;
  }
  return t;
}

/**
 * The rule with the best worst-recall minus best-half rate among those flagging ≤ 10 % of the
 * best half. Thresholds are tried halfway between neighbouring values of the training set;
 * where a range of them scores alike, the middle of that range is taken, not its edge.
 */
function fitRule(items, keys, pairs) {
  const cuts = {};
  for (const k of keys) {
    const v = [...new Set(items.map((it) => it.x[k]))].sort((a, b) => a - b);
    cuts[k] = v.slice(0, -1).map((a, i) => (a + v[i + 1]) / 2);
  }
  const candidates = keys.flatMap((k) => cuts[k].map((t) => [[k, t]]));
  if (pairs) {
    for (let i = 0; i < keys.length; i++) {
      for (let j = i + 1; j < keys.length; j++) {
        for (const t of cuts[keys[i]]) {
          for (const u of cuts[keys[j]])
            candidates.push([
              [keys[i], t],
              [keys[j], u],
            ]);
        }
      }
    }
  }
  let best;
  let bestScore = -Infinity;
  let run = []; // equally good thresholds of one single-measurement rule
  for (const rule of candidates) {
    const t = tally(rule, items);
    if (t.bestHits > 0.1 * t.best) continue;
    const score = t.worstHits / t.worst - t.bestHits / t.best - (rule.length - 1) * 1e-3;
    if (score > bestScore + 1e-12) {
      bestScore = score;
      best = rule;
      run = [rule];
    } else if (
      Math.abs(score - bestScore) <= 1e-12 &&
      rule.length === 1 &&
      best.length === 1 &&
      rule[0][0] === best[0][0]
    ) {
      run.push(rule);
    }
  }
  if (run.length < 2) return best;
  // Halfway across the whole range of equally good thresholds.
  return [[best[0][0], (run[0][0][1] + run[run.length - 1][0][1]) / 2]];
}

export const describeRule = (rule) =>
  rule ? rule.map(([k, t]) => `${k} > ${Number(t.toPrecision(3))}`).join(' or ') : '–';

/**
 * In-sample and leave-one-subject-out figures for rules over `keys` (single measurements, and
 * pairs when `pairs`), plus per tag for the leave-one-subject-out flags. `features`: getters
 * by key (default REVIEW_FEATURES; _engineReviewExplore.mjs passes its candidates).
 */
export function fitReviewRule(rows, keys, { pairs = false, features = REVIEW_FEATURES } = {}) {
  const label = labels(rows);
  const items = rows
    .map((r, i) => ({
      r,
      label: label[i],
      x: Object.fromEntries(keys.map((k) => [k, features[k](r)])),
    }))
    .filter((it) => keys.every((k) => it.x[k] !== null));
  if (items.length < rows.length || items.length < 10) return null;
  const rule = fitRule(items, keys, pairs);
  const inSample = tally(rule, items);
  const subject = (it) => it.r.id.split('--')[0];
  const loso = { worst: 0, worstHits: 0, best: 0, bestHits: 0 };
  const perTag = {};
  const folds = [];
  for (const s of new Set(items.map(subject))) {
    const foldRule = fitRule(
      items.filter((it) => subject(it) !== s),
      keys,
      pairs,
    );
    folds.push(`${s}: ${describeRule(foldRule)}`);
    for (const it of items.filter((x) => subject(x) === s)) {
      const hit = foldRule ? flags(foldRule, it.x) : false;
      if (it.label) {
        loso[it.label]++;
        if (hit) loso[`${it.label}Hits`]++;
      }
      countTags(perTag, it.r.tags, it.label, hit);
    }
  }
  return { rule, inSample, loso, perTag, folds };
}

/** Per tag: how many cases a fixed rule (`flagged(row)`) flags, and of them worst / best. */
export function reviewPerTag(rows, flagged) {
  const label = labels(rows);
  const perTag = {};
  rows.forEach((r, i) => {
    const hit = flagged(r);
    countTags(perTag, r.tags, label[i], hit);
  });
  return perTag;
}

function countTags(perTag, tags, label, hit) {
  for (const tag of tags) {
    perTag[tag] ??= { cases: 0, flagged: 0, worst: 0, worstHits: 0, best: 0, bestHits: 0 };
    const t = perTag[tag];
    t.cases++;
    if (hit) t.flagged++;
    if (label) {
      t[label]++;
      if (hit) t[`${label}Hits`]++;
    }
  }
}
