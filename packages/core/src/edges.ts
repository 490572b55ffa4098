// '@cutout/core/edges': edge analysis (pure functions on RGBA pixels, fine in a worker). Its
// own entry so an app's bundler keeps it out of the chunk that loads up front: most pages
// never inspect an edge, and those that do load it on demand.
export { type AlphaStats, alphaStats } from './edgeAlphaStats';
export {
  analyzeEdges,
  type EdgeAnalysis,
  type EdgeAnalysisOptions,
  type EdgeReviewReason,
} from './edgeAnalysis';
export { compositeOver } from './edgeComposite';
export type { Rgb, RgbaPixels } from './edgePixels';
