export type {
  CutoutEngine,
  EngineInput,
  EngineRequestOptions,
  EngineResult,
} from './CutoutEngine';
export {
  CutoutError,
  type CutoutErrorKind,
  type CutoutErrorOptions,
  isCutoutError,
  type PreflightReason,
} from './CutoutError';
export { type ImageFormat, type ImageInfo, SNIFF_BYTES, sniffImage } from './sniffImage';
export type {
  BatchItemResult,
  BatchItemStatus,
  BatchOptions,
  Cutout,
  CutoutClient,
  CutoutClientOptions,
  CutoutInput,
  CutoutPhase,
  CutoutProgress,
  CutoutTimings,
  PreflightOptions,
  RemoveBackgroundOptions,
  RetryOptions,
} from './types';
export {
  errorFromUpstream,
  parseRetryAfter,
  type UpstreamAnswer,
  type UpstreamBody,
  UpstreamCode,
  upstreamAnswerFor,
} from './upstream';
