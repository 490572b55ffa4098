// Entry of '@cutout/core/output': the output vocabulary, its parsing and the composition
// maths (pure TypeScript, no dependencies). A subpath of its own so the client's initial
// bundle does not carry it: the React export panel loads it on demand.
export {
  type ComposedRaster,
  type ComposeRasterOptions,
  composeRaster,
  type RasterImage,
} from './output/composeRaster';
export {
  alphaBox,
  type Box,
  CROP_ALPHA_THRESHOLD,
  computeLayout,
  measureSubject,
  type OutputLayout,
  type ShadowShape,
  type SubjectInfo,
  shadowAlpha,
  shadowBounds,
} from './output/outputLayout';
export {
  badOutputOption,
  describeOutput,
  hasOutputOptions,
  isPassthrough,
  MAX_MARGIN_PERCENT,
  MAX_MARGIN_PX,
  MAX_OUTPUT_EDGE,
  type MarginLength,
  OUTPUT_OPTION_NAMES,
  OUTPUT_PRESETS,
  OutputCode,
  type OutputFormat,
  type OutputFormatName,
  type OutputOptions,
  type OutputPreset,
  type OutputSize,
  outputContentType,
  outputExtension,
  outputParams,
  parseOutputOptions,
  type ResolvedOutput,
} from './output/outputOptions';
export { formatColor, parseColor, type Rgba } from './output/parseColor';
export { type ResampleRegion, resampleRows } from './output/resampleRows';
