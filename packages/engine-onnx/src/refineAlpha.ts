import {
  DEFAULT_REFINE_LONG_EDGE,
  downsampleRgb,
  fitLongEdge,
  type WorkImage,
} from './areaDownsample';
import { guidedCoefficients } from './guidedFilter';
import { localColours } from './localColours';
import { refineBand } from './refineBand';
import { resizeBilinear } from './resizeBilinear';
import { FRESH, type Scratch } from './scratch';

export interface RefineAlphaOptions {
  /** Long edge of the resolution the guided filter is solved at. Default 512 (`DEFAULT_REFINE_LONG_EDGE`). */
  workLongEdge?: number;
  /** Guided-filter window radius, in pixels of the working resolution. Default 6. */
  radius?: number;
  /** Guided-filter regularisation (guide in 0..1). Default 1e-3. */
  eps?: number;
  /**
   * The trimap from the mask: upscaled model alpha at or below this, or at or above 1 − this,
   * is taken as the model says; only the band between is refined. Default 0.02.
   */
  confident?: number;
  /**
   * Confident pixels are written as exact 0 and 1 (the model's faint haze on the background
   * and inside the subject dropped). Default true.
   */
  clean?: boolean;
  /**
   * Guided-filter output is stretched so that `snap` maps to 0 and 1 − `snap` to 1. Default 0.05.
   */
  snap?: number;
  /**
   * Local subject/background colour distance (RGB, 0..√3) below which the model's alpha is
   * kept: the image shows no edge there to refine against. Full refinement from twice it;
   * 0 turns the guard off. Default 0.06.
   */
  minContrast?: number;
  /** Refinement never adds alpha on a pixel that reads as cast shadow. Default true. */
  shadow?: boolean;
  /** Colour residual, relative to the local background, still read as shadow. Default 0.04. */
  shadowTolerance?: number;
}

/**
 * Turns the model's low-resolution mask into a full-resolution alpha matte: the mask upscaled
 * bilinearly, kept where the model is confident, and refined against the image in the band
 * where it is not, by a colour guided filter (He, Sun & Tang 2013; coefficients solved at
 * `workLongEdge`, the fast guided filter of He & Sun 2015) weighted by how much colour
 * contrast the edge has and kept off cast shadows (see `refineBand`). Refining everywhere, as
 * this engine once did, filled the holes of wire mesh with fog, took in cast shadows on grey
 * sweeps and softened crisp low-contrast rims (issue #10).
 *
 * `rgb`: the full-resolution image, 8-bit interleaved with `channels` per pixel.
 * `mask`: the model output in 0..1, `maskWidth × maskHeight` (any aspect; it is stretched).
 */
export function refineAlpha(
  rgb: Uint8Array,
  width: number,
  height: number,
  channels: number,
  mask: Float32Array,
  maskWidth: number,
  maskHeight: number,
  options: RefineAlphaOptions = {},
  /** The image already downsampled (shared with `estimateForeground`); used if sizes match. */
  workImage?: WorkImage,
  /** Where the working planes and the returned alpha come from (see `Scratch`). */
  scratch: Scratch = FRESH,
): Float32Array {
  const {
    workLongEdge = DEFAULT_REFINE_LONG_EDGE,
    radius = 6,
    eps = 1e-3,
    confident = 0.02,
    clean = true,
    snap = 0.05,
    minContrast = 0.06,
    shadow = true,
    shadowTolerance = 0.04,
  } = options;
  const [ww, wh] = fitLongEdge(width, height, workLongEdge);
  const work =
    workImage && workImage.width === ww && workImage.height === wh
      ? workImage
      : downsampleRgb(rgb, width, height, channels, ww, wh, scratch);
  const [r, g, b] = work.planes;
  const p = resizeBilinear(mask, maskWidth, maskHeight, ww, wh, scratch.floats(ww * wh));
  const colours = localColours(work.planes, p, ww, wh, radius, scratch);
  const coefficients = guidedCoefficients(r, g, b, p, ww, wh, radius, eps, scratch);
  const alpha = resizeBilinear(
    mask,
    maskWidth,
    maskHeight,
    width,
    height,
    scratch.floats(width * height),
  );
  refineBand(alpha, rgb, width, height, channels, coefficients, colours, {
    confident,
    clean,
    snap,
    minContrast,
    shadow,
    shadowTolerance,
  });
  return alpha;
}
