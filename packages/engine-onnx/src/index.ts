// Public API of @cutout/engine-onnx: the engine, its model loading and the pieces the
// benchmarks drive (decode, segmentation, mask → cutout). The DSP internals (guided filter,
// foreground estimation, resampling, box means) are not API: they change with tuning.
export { type CutoutFromMaskOptions, cutoutFromMask } from './cutoutFromMask';
export { type DecodedImage, type DecodeOptions, decodeImage } from './decodeImage';
export type { EstimateForegroundOptions } from './estimateForeground';
export { type BundledModel, loadModel } from './loadModel';
export { type MaskReview, type MaskReviewOptions, maskReview } from './maskReview';
export {
  type OnnxEngine,
  type OnnxEngineOptions,
  onnxEngine,
  type PipelineTimings,
} from './onnxEngine';
export type { RefineAlphaOptions } from './refineAlpha';
export {
  createSegmentationModel,
  ISNET_INPUT,
  type ModelInputSpec,
  type SegmentationModel,
} from './segmentationModel';
