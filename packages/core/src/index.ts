export { abortableDelay, abortedError, raceAbort } from './abortableDelay';
export type {
  CutoutEngine,
  EngineCheck,
  EngineInput,
  EnginePixels,
  EnginePixelsResult,
  EnginePngResult,
  EngineRequestOptions,
  EngineResult,
  FetchImage,
} from './CutoutEngine';
export {
  asCutoutError,
  CutoutError,
  type CutoutErrorKind,
  type CutoutErrorOptions,
  isCutoutError,
  type PreflightReason,
} from './CutoutError';
export { concatBytes } from './concatBytes';
export {
  type BatchPool,
  batchFailure,
  createBatchPool,
  DEFAULT_BATCH_CONCURRENCY,
} from './createBatchPool';
export { createCutoutClient, DEFAULT_STALL_TIMEOUT_MS } from './createCutoutClient';
export { createPauseGate, type PauseGate } from './createPauseGate';
export type { AlphaFlattener } from './flattenAlpha';
export { DEFAULT_PREFLIGHT, type PreparedInput, preflightInput } from './preflight';
export {
  computeBackoff,
  createRetryer,
  DEFAULT_RETRY,
  type Retryer,
  type RetryerOptions,
  type RetryInfo,
  type RunOptions,
} from './retry';
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
  OutputCode,
  parseRetryAfter,
  parseUpstreamBody,
  type UpstreamAnswer,
  type UpstreamBody,
  UpstreamCode,
  upstreamAnswerFor,
} from './upstream';
