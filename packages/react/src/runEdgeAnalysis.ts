import type { EdgeAnalysisOptions } from '@cutout/core/edges';
import { analyzeEdgesAsync, type EdgePixelsInput, type InspectedEdges } from './analyzeEdgesAsync';
import { loadImage, readPixels } from './loadImagePixels';

/**
 * Decode (for a URL) and analyse: what `useEdgeAnalysis` loads on first use, so none of the
 * decoding, worker or analysis code is in the initial bundle. Undefined where no canvas can
 * read the pixels (SSR, jsdom).
 */
export async function runEdgeAnalysis(
  source: string | EdgePixelsInput,
  options: EdgeAnalysisOptions | undefined,
  signal: AbortSignal,
): Promise<InspectedEdges | undefined> {
  const pixels = typeof source === 'string' ? readPixels(await loadImage(source, signal)) : source;
  if (!pixels || signal.aborted) return undefined;
  return analyzeEdgesAsync(pixels, options, signal);
}
