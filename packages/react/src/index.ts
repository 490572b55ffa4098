'use client';
// Entry of @cutout/react. Everything here is a client component or hook; nothing touches
// window or document at import, so server components can import the types and render it.
// The mask editor has its own entry, @cutout/react/editor (src/editor.ts): an app that does
// not edit masks loads none of it, not even its lazy wrapper (the 15 kB initial budget).

export type {
  BatchItemResult,
  BatchOptions,
  Cutout,
  CutoutClient,
  CutoutClientOptions,
  CutoutErrorKind,
  CutoutInput,
  CutoutPhase,
  CutoutProgress,
  PreflightOptions,
  PreflightReason,
  RetryOptions,
} from '@cutout/core';
export { CutoutError, createCutoutClient, isCutoutError } from '@cutout/core';
export type { EdgeAnalysis, EdgeAnalysisOptions, EdgeReviewReason } from '@cutout/core/edges';
export type { EdgePixelsInput } from './analyzeEdgesAsync';
export { type Backdrop, type BackdropKind, DEFAULT_SWATCHES } from './backdrop';
export { CompareSlider, type CompareSliderProps } from './CompareSlider';
export { CompositePreview, type CompositePreviewProps } from './CompositePreview';
export { CutoutDropzone, type CutoutDropzoneProps, type DropzoneState } from './CutoutDropzone';
export {
  type CutoutContextValue,
  CutoutProvider,
  type CutoutProviderProps,
  useCutoutContext,
} from './CutoutProvider';
export { CutoutStatus, type CutoutStatusProps } from './CutoutStatus';
export type { BatchItem, BatchItemState, BatchSnapshot, BatchTotals } from './createBatchStore';
export type { InspectorMode } from './drawInspector';
export { EdgeInspector, type EdgeInspectorProps } from './EdgeInspector';
export {
  type CutoutMessages,
  type CutoutMessagesOverrides,
  defaultMessages,
  errorMessage,
} from './messages';
export { ProgressBar, type ProgressBarProps } from './ProgressBar';
export {
  type EdgeAnalysisStatus,
  type UseEdgeAnalysisOptions,
  type UseEdgeAnalysisResult,
  useEdgeAnalysis,
} from './useEdgeAnalysis';
export { useObjectUrl } from './useObjectUrl';
export {
  type CutoutWithUrl,
  type RemoveBgStatus,
  type UseRemoveBgOptions,
  type UseRemoveBgResult,
  useRemoveBg,
} from './useRemoveBg';
export {
  type UseRemoveBgBatchOptions,
  type UseRemoveBgBatchResult,
  useRemoveBgBatch,
} from './useRemoveBgBatch';
export { MAX_ZOOM, MIN_ZOOM } from './zoomSteps';
