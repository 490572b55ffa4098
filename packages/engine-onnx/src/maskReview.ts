import type { EdgeReviewReason } from '@cutout/core/edges';
import { DEFAULT_REFINE_LONG_EDGE, fitLongEdge } from './areaDownsample';
import { resizeBilinear } from './resizeBilinear';
import { FRESH, type Scratch } from './scratch';

export interface MaskReviewOptions {
  /**
   * Mean width of the model's unsure transition (mask between `confident` and 1 − `confident`)
   * along the subject's outline, as a share of the image's long edge, above which the cutout
   * needs review ('wide-soft-edge'). Default 0.005 (2.6 px of a 512-px working image, ~6 px
   * of a 1152-px photo).
   */
  maxSoftEdge?: number;
  /** Mask values at or below this, or at or above 1 − this, count as sure. Default 0.1. */
  confident?: number;
}

/** The engine's own "needs review" verdict on one image, from its model's mask. */
export interface MaskReview {
  needsReview: boolean;
  /** The reasons, in core's `analyzeEdges` vocabulary (today only 'wide-soft-edge'). */
  reasons: EdgeReviewReason[];
  /** Mean width of the unsure transition as a share of the long edge (see `maxSoftEdge`). */
  softEdge: number;
  /** The same width in pixels of the image. */
  softEdgePx: number;
}

/**
 * Whether a cutout needs a human look, judged from what only the engine has: the model's own
 * soft mask, before refinement snaps it to 0 and 1. Measured on the rendered dev set (76
 * cases, test/bench/README.md): the worst cutouts are motion blur, fur and subjects the model
 * half-sees (a ring on a busy photo), and all of them show as a wide band where the model is
 * unsure; crisp product edges give a band of 1–2 mask pixels. The width is measured on the
 * mask resized to the refinement's working size (the image's aspect, long edge ≤ 512) and
 * taken relative to the long edge, so it measures the model's doubt at its own resolution
 * whatever the photo's size. Core's `analyzeEdges` on the finished cutout could not tell these
 * apart: its halo and bright-rim reasons fire on most clean cutouts whose edges keep the
 * photo's own colours (66 % of the best half).
 *
 * What it cannot see: clear glass the model calls opaque (the mask is sure, and wrong).
 */
export function maskReview(
  mask: Float32Array,
  maskWidth: number,
  maskHeight: number,
  width: number,
  height: number,
  options: MaskReviewOptions = {},
  scratch: Scratch = FRESH,
): MaskReview {
  const { maxSoftEdge = 0.005, confident = 0.1 } = options;
  const [ww, wh] = fitLongEdge(width, height, DEFAULT_REFINE_LONG_EDGE);
  const p = resizeBilinear(mask, maskWidth, maskHeight, ww, wh, scratch.floats(ww * wh));
  const { unsure, outline } = countTransition(p, ww, wh, confident);
  // px of the working image per outline pixel, then relative to its long edge.
  const softEdge = outline > 0 ? unsure / outline / Math.max(ww, wh) : 0;
  const reasons: EdgeReviewReason[] = softEdge > maxSoftEdge ? ['wide-soft-edge'] : [];
  return {
    needsReview: reasons.length > 0,
    reasons,
    softEdge,
    softEdgePx: softEdge * Math.max(width, height),
  };
}

/**
 * `unsure`: pixels with confident < p < 1 − confident; `outline`: subject pixels (p ≥ 0.5)
 * with a 4-neighbour outside it. unsure / outline is the band's mean width in pixels.
 */
function countTransition(
  p: Float32Array,
  w: number,
  h: number,
  confident: number,
): { unsure: number; outline: number } {
  const hi = 1 - confident;
  let unsure = 0;
  let outline = 0;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const i = row + x;
      const v = p[i]!;
      if (v > confident && v < hi) unsure++;
      if (v < 0.5) continue;
      if (
        (x > 0 && p[i - 1]! < 0.5) ||
        (x < w - 1 && p[i + 1]! < 0.5) ||
        (y > 0 && p[i - w]! < 0.5) ||
        (y < h - 1 && p[i + w]! < 0.5)
      ) {
        outline++;
      }
    }
  }
  return { unsure, outline };
}
