import { analyzeEdges, type EdgeAnalysis } from '@cutout/core/edges';
import type { EdgePixelsInput } from '../analyzeEdgesAsync';

const RED = [180, 20, 20] as const;
const WHITE = [255, 255, 255] as const;
const RAMP = [204, 153, 102, 51];

/**
 * A 64×16 cutout with a vertical 4-pixel soft edge. `halo`: the edge still holds the photo's
 * mix with a white background (what matting without decontamination leaves), which core's
 * analysis flags; `clean`: the edge carries the subject's colour.
 */
export function edgePixels(kind: 'clean' | 'halo'): EdgePixelsInput {
  const width = 64;
  const height = 16;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (x < 30) data.set([...RED, 255], i);
      else if (x < 34) {
        const alpha = RAMP[x - 30]!;
        const a = kind === 'halo' ? alpha / 255 : 1;
        data.set(
          [
            Math.round(a * RED[0] + (1 - a) * WHITE[0]),
            Math.round(a * RED[1] + (1 - a) * WHITE[1]),
            Math.round(a * RED[2] + (1 - a) * WHITE[2]),
            alpha,
          ],
          i,
        );
      } else data.set([255, 255, 255, 0], i);
    }
  }
  return { data, width, height };
}

export function edgeAnalysis(kind: 'clean' | 'halo'): EdgeAnalysis {
  const { data, width, height } = edgePixels(kind);
  return analyzeEdges(data, width, height);
}
