export {
  areaDownsample,
  DEFAULT_FOREGROUND_LONG_EDGE,
  DEFAULT_REFINE_LONG_EDGE,
  downsampleRgb,
  fitLongEdge,
  type WorkImage,
} from './areaDownsample';
export { boxMean } from './boxMean';
export { type CutoutFromMaskOptions, cutoutFromMask } from './cutoutFromMask';
export { type DecodedImage, type DecodeOptions, decodeImage } from './decodeImage';
export { type EstimateForegroundOptions, estimateForeground } from './estimateForeground';
export {
  applyGuidedCoefficients,
  type GuidedCoefficients,
  guidedCoefficients,
} from './guidedFilter';
export { type BundledModel, loadModel } from './loadModel';
export {
  type OnnxEngine,
  type OnnxEngineOptions,
  onnxEngine,
  type PipelineTimings,
} from './onnxEngine';
export { type RefineAlphaOptions, refineAlpha } from './refineAlpha';
export { resizeBilinear } from './resizeBilinear';
export {
  createSegmentationModel,
  ISNET_INPUT,
  type ModelInputSpec,
  type SegmentationModel,
} from './segmentationModel';
