import { estimateEdgeBackground } from './edgeBackground';
import { CLEAR, edgeDistances, SEMI, SOLID } from './edgeDistances';
import { downsampleRgba } from './edgeDownsample';
import { measureFringe } from './edgeFringe';
import { type EdgeAnalysisOptions, resolveEdgeOptions } from './edgeOptions';
import { assertRgbaPixels, type RgbaPixels } from './edgePixels';
import { BAND, INTERIOR, subjectColourAtBand } from './edgeSubjectColour';

export type { EdgeAnalysisOptions } from './edgeOptions';

export type EdgeReviewReason = 'halo' | 'bright-rim' | 'wide-soft-edge' | 'colour-collision';

export interface EdgeAnalysis {
  /** Alpha-weighted mean fringe strength over the edge band, 0 (clean) .. 1 (undecontaminated). */
  haloScore: number;
  /** Mean brightening of band pixels composited over a dark background, 0..1. */
  rimContrast: number;
  /** Fringe strength per analysed pixel, 0..255, row-major mapWidth × mapHeight. */
  fringeMap: Uint8Array;
  /**
   * Brightening per analysed band pixel over a dark background, round(255·a·max(0, Y(C) − Y(F))
   * / 255), same layout as `fringeMap`: where the bright rim behind `rimContrast` is, so an
   * overlay can draw the 'bright-rim' reason too (issue 15 §9).
   */
  rimMap: Uint8Array;
  mapWidth: number;
  mapHeight: number;
  /**
   * 1 / the block size: 1 at full resolution; with `maxPixels` each map pixel covers a
   * (1/scale)² block of the original (clipped at the right and bottom edges).
   */
  scale: number;
  /** Band pixels (analysed pixels). */
  edgePixels: number;
  /** Band pixels whose fringe strength reaches `fringeThreshold` (analysed pixels). */
  fringePixels: number;
  /**
   * Share of the subject's (non-clear) pixels lying in a semi-transparent band wider than
   * `wideBandPx`.
   */
  uncertainBandRatio: number;
  /** Mean width of the semi-transparent transition along the outline, in original pixels. */
  meanEdgeWidthPx: number;
  /** Background colour the fringe was measured against, or null if none could be told. */
  background: [number, number, number] | null;
  backgroundSource: 'option' | 'estimated' | 'none';
  needsReview: boolean;
  reasons: EdgeReviewReason[];
}

/**
 * Measures how clean a cutout's edges are, on straight-alpha RGBA (issue #2 §2; used by the
 * EdgeInspector and the "needs review" signal, issue #5). Pure, O(pixels), no DOM: safe in a
 * Web Worker; `fringeMap` and `rimMap` are fresh buffers to transfer back.
 *
 * Definitions (a = alpha/255):
 * - Classes: clear (alpha ≤ clearAlpha), solid (≥ solidAlpha), semi (between). The edge band
 *   is every semi pixel plus solid pixels within `rimPx` (Chebyshev) of a clear one; interior
 *   pixels are solid pixels more than `interiorMarginPx` from any non-solid one.
 * - F, the local subject colour at a band pixel: mean colour of the interior pixels in a
 *   (2·subjectRadiusPx+1)² window (fallback: 4× the radius, then the whole interior).
 * - B, the background colour: `options.background`, else estimated from the colour the band
 *   leans toward; none → nothing is measurable and the fringe is 0.
 * - σ, the subject's texture there: RMS distance of those interior colours from F.
 * - Lean t = clamp01((d − σ) / |B − F|) with d = (C − F)·(B − F) / |B − F|: how far the stored
 *   colour C has moved from the subject toward the background, beyond what the subject's own
 *   texture explains. An undecontaminated pixel C = a·F + (1 − a)·B of an evenly coloured
 *   subject has t = 1 − a, so the fringe strength is s = clamp01(t / max(1 − a, 0.25)): the
 *   share of the background the matting left in the colour — 0 when decontaminated, 1 when
 *   the pixel still holds the photo's mix (the 0.25 floor bounds noise amplification near
 *   opaque; an opaque rim pixel a quarter of the way to B is a full fringe). Where |B − F| < minContrast
 *   (white on white) s = 0: the lean is unmeasurable and, over that background, invisible.
 * - haloScore = Σ a·s / Σ a over band pixels with a known F: the alpha-weighted mean fringe.
 * - rimContrast = mean over band pixels of a·max(0, Y(C) − Y(F)) / 255 (Rec. 709 luma): how
 *   much brighter the edge looks composited over a dark background (#111) than a clean edge
 *   would — the bright rim users see, and a signal that needs no background estimate.
 * - A semi pixel's local band width is toSolid + toClear − 1 (distances to the nearest solid
 *   and clear pixels); wider than wideBandPx (in original pixels) it is "uncertain".
 *   uncertainBandRatio = uncertain / non-clear pixels. meanEdgeWidthPx = semi pixels / outline
 *   length (mean of the inner and outer one-pixel rims).
 */
export function analyzeEdges(
  pixels: RgbaPixels,
  width: number,
  height: number,
  options: EdgeAnalysisOptions = {},
): EdgeAnalysis {
  assertRgbaPixels(pixels, width, height, 'analyzeEdges');
  const o = resolveEdgeOptions(options);
  let px: RgbaPixels = pixels;
  // Same colours; alpha for colour maths (differs from px only when downsampled, see there).
  let colourPx: RgbaPixels = pixels;
  let w = width;
  let h = height;
  let factor = 1;
  if (o.maxPixels !== undefined && width * height > o.maxPixels) {
    factor = Math.ceil(Math.sqrt((width * height) / o.maxPixels));
    const small = downsampleRgba(pixels, width, height, factor);
    px = small.pixels;
    colourPx = small.colour;
    w = small.width;
    h = small.height;
  }
  const n = w * h;

  const role = new Uint8Array(n);
  for (let p = 0, i = 3; p < n; p++, i += 4) {
    const a = px[i]!;
    role[p] = a <= o.clearAlpha ? CLEAR : a >= o.solidAlpha ? SOLID : SEMI;
  }
  const toSolid = new Uint8Array(n);
  const toClear = new Uint8Array(n);
  edgeDistances(role, w, h, toSolid, toClear);

  const rowBand = new Uint32Array(h);
  let bandCount = 0;
  let subjectCount = 0;
  let semiCount = 0;
  let uncertain = 0;
  let innerRim = 0;
  let outerRim = 0;
  let interiorCount = 0;
  let intR = 0;
  let intG = 0;
  let intB = 0;
  let intQ = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      const cls = role[p]!;
      if (cls === CLEAR) {
        if (toClear[p] === 1) outerRim++;
        continue;
      }
      subjectCount++;
      if (cls === SEMI) {
        semiCount++;
        if ((toSolid[p]! + toClear[p]! - 1) * factor > o.wideBandPx) uncertain++;
        role[p] = cls | BAND;
      } else {
        if (toSolid[p] === 1) innerRim++;
        if (toClear[p]! <= o.rimPx) role[p] = cls | BAND;
        else if (toSolid[p]! > o.interiorMarginPx) {
          role[p] = cls | INTERIOR;
          interiorCount++;
          intR += px[p * 4]!;
          intG += px[p * 4 + 1]!;
          intB += px[p * 4 + 2]!;
          intQ += px[p * 4]! ** 2 + px[p * 4 + 1]! ** 2 + px[p * 4 + 2]! ** 2;
        }
      }
      if ((role[p]! & BAND) !== 0) {
        bandCount++;
        rowBand[y]!++;
      }
    }
  }

  // Local subject colour for every band pixel, compact in scan order (band ≪ image).
  const subject = new Uint8Array(bandCount * 3);
  const spread = new Uint8Array(bandCount);
  const has = new Uint8Array(bandCount);
  let known = 0;
  if (bandCount > 0 && interiorCount > 0) {
    const r = o.subjectRadiusPx;
    known = subjectColourAtBand(px, role, rowBand, w, h, r, subject, spread, has, false);
    if (known < bandCount) {
      known += subjectColourAtBand(px, role, rowBand, w, h, r * 4, subject, spread, has, true);
    }
    if (known < bandCount) {
      // Far from any interior (a wide soft band): the whole interior's mean is the best guess.
      const mr = Math.round(intR / interiorCount);
      const mg = Math.round(intG / interiorCount);
      const mb = Math.round(intB / interiorCount);
      const variance =
        intQ / interiorCount -
        (intR / interiorCount) ** 2 -
        (intG / interiorCount) ** 2 -
        (intB / interiorCount) ** 2;
      const sd = variance > 0 ? Math.round(Math.sqrt(variance)) : 0;
      for (let k = 0; k < bandCount; k++) {
        if (has[k] === 1) continue;
        subject[k * 3] = mr;
        subject[k * 3 + 1] = mg;
        subject[k * 3 + 2] = mb;
        spread[k] = Math.min(255, sd);
        has[k] = 1;
      }
    }
  }

  let background: [number, number, number] | null = null;
  let backgroundSource: EdgeAnalysis['backgroundSource'] = 'none';
  if (o.background) {
    background = [o.background[0], o.background[1], o.background[2]];
    backgroundSource = 'option';
  } else if (bandCount > 0 && interiorCount > 0) {
    background = estimateEdgeBackground(colourPx, role, subject, spread, has, o.minContrast);
    if (background) backgroundSource = 'estimated';
  }

  const fringeMap = new Uint8Array(n);
  const rimMap = new Uint8Array(n);
  const m = measureFringe(
    px,
    colourPx,
    role,
    subject,
    spread,
    has,
    background,
    fringeMap,
    rimMap,
    o,
  );

  const reasons: EdgeReviewReason[] = [];
  const haloScore = m.weight > 0 ? m.weightedFringe / m.weight : 0;
  const rimContrast = m.measured > 0 ? m.brightening / m.measured : 0;
  const uncertainBandRatio = subjectCount > 0 ? uncertain / subjectCount : 0;
  const outline = innerRim > 0 && outerRim > 0 ? (innerRim + outerRim) / 2 : innerRim + outerRim;
  const meanEdgeWidthPx = outline > 0 ? (semiCount / outline) * factor : 0;
  if (haloScore > o.haloThreshold) reasons.push('halo');
  if (rimContrast > o.rimContrastThreshold) reasons.push('bright-rim');
  if (uncertainBandRatio > o.uncertainRatioThreshold) reasons.push('wide-soft-edge');
  if (background && m.measured > 0 && m.lowContrast / m.measured > 0.5) {
    reasons.push('colour-collision');
  }
  return {
    haloScore,
    rimContrast,
    fringeMap,
    rimMap,
    mapWidth: w,
    mapHeight: h,
    scale: 1 / factor,
    edgePixels: bandCount,
    fringePixels: m.fringePixels,
    uncertainBandRatio,
    meanEdgeWidthPx,
    background,
    backgroundSource,
    needsReview: reasons.length > 0,
    reasons,
  };
}
