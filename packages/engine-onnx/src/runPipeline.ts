import { abortedError, type EngineResult } from '@cutout/core';
import sharp from 'sharp';
import { type CutoutFromMaskOptions, cutoutFromMask } from './cutoutFromMask';
import { decodeImage } from './decodeImage';
import { type MaskReviewOptions, maskReview } from './maskReview';
import type { ModelInputSpec } from './modelInputSpec';
import type { Scratch } from './scratch';
import type { SegmentationModel } from './segmentationModel';

export interface PipelineTimings {
  decodeMs: number;
  modelMs: number;
  refineMs: number;
  foregroundMs: number;
  encodeMs: number;
  totalMs: number;
  width: number;
  height: number;
}

/** The engine's options the pipeline reads (`OnnxEngineOptions` documents them). */
export interface PipelineOptions extends CutoutFromMaskOptions {
  review?: MaskReviewOptions | false;
  pngCompressionLevel?: number;
  onTimings?: (timings: PipelineTimings) => void;
}

export interface PipelineContext {
  signal: AbortSignal;
  scratch: Scratch;
  /** Answer raw RGBA (lent from `scratch` until `release`) instead of a PNG. */
  pixels: boolean;
  release: () => void;
  getModel: () => Promise<SegmentationModel>;
  spec: ModelInputSpec;
  options: PipelineOptions;
  maxLongEdge: number;
  maxInputPixels: number;
}

/**
 * One image through the engine: decode, model, "needs review" from the mask, refined
 * alpha, then a PNG or (when the caller composes it) the raw pixels.
 */
export async function runPipeline(bytes: Uint8Array, ctx: PipelineContext): Promise<EngineResult> {
  const { signal, scratch, pixels, release, getModel, spec, options, maxLongEdge, maxInputPixels } =
    ctx;
  const t0 = performance.now();
  const checkAbort = () => {
    if (signal.aborted) throw abortedError(signal);
  };
  const segmenter = await getModel();
  const { rgb, width, height } = await decodeImage(bytes, { maxLongEdge, maxInputPixels });
  const t1 = performance.now();
  checkAbort();
  const mask = await segmenter.predict(rgb, width, height, scratch);
  const t2 = performance.now();
  checkAbort();
  const size = spec.inputSize;
  const review =
    options.review === false
      ? undefined
      : maskReview(mask, size, size, width, height, options.review, scratch);
  const verdict = review
    ? { review: { needsReview: review.needsReview, reasons: review.reasons } }
    : {};
  let t3 = t2;
  const rgba = cutoutFromMask(rgb, width, height, 3, mask, size, size, options, scratch, () => {
    t3 = performance.now();
    checkAbort();
  });
  const t4 = performance.now();
  checkAbort();
  if (pixels) {
    // The caller composes the cutout: no PNG to encode here and decode there.
    const timings = { decodeMs: t1 - t0, modelMs: t2 - t1, refineMs: t3 - t2, width, height };
    options.onTimings?.({ ...timings, foregroundMs: t4 - t3, encodeMs: 0, totalMs: t4 - t0 });
    return {
      pixels: { data: rgba, width, height, release },
      width,
      height,
      timings: { processingMs: t4 - t0 },
      ...verdict,
    };
  }
  const png = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .png({ compressionLevel: options.pngCompressionLevel ?? 4, adaptiveFiltering: false })
    .toBuffer();
  const t5 = performance.now();
  options.onTimings?.({
    decodeMs: t1 - t0,
    modelMs: t2 - t1,
    refineMs: t3 - t2,
    foregroundMs: t4 - t3,
    encodeMs: t5 - t4,
    totalMs: t5 - t0,
    width,
    height,
  });
  return {
    png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
    width,
    height,
    byteLength: png.byteLength,
    timings: { processingMs: t5 - t0 },
    ...verdict,
  };
}
