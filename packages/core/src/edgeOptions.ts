import { CutoutError } from './CutoutError';
import { assertRgb, type Rgb } from './edgePixels';

/**
 * Tuning of analyzeEdges. Defaults are first guesses from synthetic cases, not calibrated on a
 * photo set.
 */
export interface EdgeAnalysisOptions {
  /**
   * The removed background's colour when known (e.g. the original photo's border colour).
   * Without it the colour the edges lean toward is estimated (see estimateEdgeBackground).
   */
  background?: Rgb;
  /** Alpha at or below which a pixel counts as clear (matting noise is not an edge). Default 8. */
  clearAlpha?: number;
  /** Alpha at or above which a pixel counts as solid. Default 247. */
  solidAlpha?: number;
  /** Solid pixels within this distance of a clear one join the edge band. Default 1. */
  rimPx?: number;
  /** Solid pixels farther than this from any non-solid one are "interior". Default 2. */
  interiorMarginPx?: number;
  /** Window radius for the local subject colour (doubled ×4 as a fallback). Default 8. */
  subjectRadiusPx?: number;
  /**
   * Subject/background colour distance (RGB euclidean) below which no lean is measurable. Default
   * 24.
   */
  minContrast?: number;
  /** Fringe strength from which a pixel counts in `fringePixels`. Default 0.5. */
  fringeThreshold?: number;
  /** haloScore above which `needsReview` with 'halo'. Default 0.25. */
  haloThreshold?: number;
  /** rimContrast above which `needsReview` with 'bright-rim'. Default 0.06. */
  rimContrastThreshold?: number;
  /** A semi-transparent band wider than this (original pixels) is "uncertain". Default 6. */
  wideBandPx?: number;
  /** uncertainBandRatio above which `needsReview` with 'wide-soft-edge'. Default 0.05. */
  uncertainRatioThreshold?: number;
  /**
   * Analyse a box-downsampled copy of at most this many pixels (for interactive use); the map
   * then has `scale` < 1. Block averaging dilutes one-pixel fringes into mostly-opaque blocks,
   * so expect a somewhat lower haloScore than at full resolution. Default: full resolution.
   */
  maxPixels?: number;
}

/**
 * Every option with its default filled in, validated (bad values are a CutoutError of kind
 * 'input').
 */
export type ResolvedEdgeOptions = Required<Omit<EdgeAnalysisOptions, 'background' | 'maxPixels'>> &
  Pick<EdgeAnalysisOptions, 'background' | 'maxPixels'>;

export function resolveEdgeOptions(options: EdgeAnalysisOptions): ResolvedEdgeOptions {
  if (options.background !== undefined) assertRgb(options.background, 'analyzeEdges');
  const o: ResolvedEdgeOptions = {
    background: options.background,
    maxPixels: options.maxPixels,
    clearAlpha: options.clearAlpha ?? 8,
    solidAlpha: options.solidAlpha ?? 247,
    rimPx: options.rimPx ?? 1,
    interiorMarginPx: options.interiorMarginPx ?? 2,
    subjectRadiusPx: options.subjectRadiusPx ?? 8,
    minContrast: options.minContrast ?? 24,
    fringeThreshold: options.fringeThreshold ?? 0.5,
    haloThreshold: options.haloThreshold ?? 0.25,
    rimContrastThreshold: options.rimContrastThreshold ?? 0.06,
    wideBandPx: options.wideBandPx ?? 6,
    uncertainRatioThreshold: options.uncertainRatioThreshold ?? 0.05,
  };
  const bad = (name: string, why: string): never => {
    throw new CutoutError('input', `analyzeEdges: option ${name} ${why}`, { reason: 'bad-option' });
  };
  for (const [name, value] of Object.entries(o)) {
    if (name === 'background' || value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      bad(name, 'must be a finite number ≥ 0');
    }
  }
  if (!(o.clearAlpha < o.solidAlpha) || o.solidAlpha > 255) {
    bad('clearAlpha/solidAlpha', 'must satisfy clearAlpha < solidAlpha ≤ 255');
  }
  if (o.minContrast <= 0) bad('minContrast', 'must be > 0');
  if (o.subjectRadiusPx < 1) bad('subjectRadiusPx', 'must be ≥ 1');
  if (o.maxPixels !== undefined && o.maxPixels < 1) bad('maxPixels', 'must be ≥ 1');
  return o;
}
