import type { CutoutError } from './CutoutError';
import type { PauseGate } from './createPauseGate';
import type { EdgeReviewReason } from './edgeAnalysis';
import type { OutputOptions } from './output/outputOptions';

/** What `removeBackground` accepts: a file, raw bytes (Node `Buffer` is a `Uint8Array`), or an image URL. */
export type CutoutInput = Blob | Uint8Array | ArrayBuffer | string;

export interface CutoutTimings {
  /** From the first byte sent to the last byte of the request body acknowledged. */
  uploadMs: number;
  /** From the end of the upload to the answer's headers (the server working). */
  processingMs: number;
  /** Fetching the result PNG. */
  downloadMs: number;
}

export interface Cutout {
  /** The transparent PNG (`image/png`), or the composed output in its format (`blob.type`). */
  blob: Blob;
  width: number;
  height: number;
  /** How many requests it took (1 when the first one succeeded). */
  attempts: number;
  timings: CutoutTimings;
  /**
   * The server engine's own verdict on the cutout, when it gives one (the proxy's
   * `X-Cutout-Review` header: the local engine judges it from its model's mask; absent with
   * Codia). `reasons` in `analyzeEdges`' vocabulary.
   */
  review?: { needsReview: boolean; reasons: EdgeReviewReason[] };
}

export type CutoutPhase =
  | 'preflight'
  | 'uploading'
  | 'processing'
  | 'downloading'
  | 'retrying'
  | 'done';

export interface CutoutProgress {
  phase: CutoutPhase;
  /** Bytes done in `uploading` / `downloading`. */
  loaded?: number;
  /** Total bytes when known. */
  total?: number;
  /** 1-based attempt number; in `retrying`, the attempt that just failed. */
  attempt: number;
  /** In `retrying`: how long until the next attempt starts. */
  retryInMs?: number;
  /** In `retrying`: the error that caused the retry. */
  error?: CutoutError;
}

export interface RemoveBackgroundOptions {
  signal?: AbortSignal;
  /**
   * Product-ready output composed by the proxy (crop, margin, size, background, shadow,
   * format, matte, presets): the vocabulary of `@cutout/core/output`. Sent as query
   * parameters; a bad value fails with kind `input`, reason `bad-output-option`.
   */
  output?: OutputOptions;
  onProgress?: (progress: CutoutProgress) => void;
  /**
   * A gate shared with other calls (a batch pool's): every attempt waits for it, and a
   * rate-limit answer closes it for the advised time, pausing every call that shares it.
   */
  gate?: PauseGate;
}

export interface RetryOptions {
  /** Total attempts including the first. */
  maxAttempts: number;
  /** Backoff base: attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs·2^(n-1))]. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts once this much time has passed since the first attempt. */
  maxTotalMs: number;
}

export interface PreflightOptions {
  /** Largest accepted file, in bytes (upstream default: 25 MB). */
  maxBytes: number;
  /** Smallest accepted long edge, in px (upstream: 400). */
  minLongEdge: number;
  /** Refuse images with more pixels than this (decompression bombs). */
  maxPixels: number;
  /** Flatten existing alpha onto white before sending (browser: canvas). */
  flattenAlpha: boolean;
}

export interface CutoutClientOptions {
  /** Base URL of the proxy, e.g. `/api/cutout` or `https://example.com` (POSTs `${endpoint}/v1/open/remove_bg`). */
  endpoint: string;
  /** Extra headers on every request (e.g. your app's session token for `authorize`). */
  headers?:
    | Record<string, string>
    | (() => Record<string, string> | Promise<Record<string, string>>);
  /** Retry policy; `false` for a single attempt. */
  retry?: Partial<RetryOptions> | false;
  /** Preflight limits; `false` to send inputs unchecked. */
  preflight?: Partial<PreflightOptions> | false;
  /**
   * A fetch implementation (Node, tests). When given, it carries the upload too; otherwise
   * browsers upload with XMLHttpRequest (the only API with upload progress).
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Per-attempt stall timeout in ms (default 60 000): the attempt fails with kind `timeout`
   * when no byte moved either way and no answer arrived for this long. A slow upload that
   * keeps moving never times out. `Infinity` turns it off.
   */
  stallTimeoutMs?: number;
  /**
   * Replaces the browser's canvas flattener used when `preflight.flattenAlpha` is on and the
   * image has alpha (a worker with its own decoder, tests). Resolve undefined to send as is.
   */
  flatten?: (image: Blob) => Promise<Blob | undefined>;
}

export type BatchItemStatus = 'done' | 'skipped' | 'failed';

export interface BatchItemResult<T = CutoutInput> {
  index: number;
  input: T;
  status: BatchItemStatus;
  cutout?: Cutout;
  error?: CutoutError;
}

export interface BatchOptions<T = CutoutInput> {
  /** Parallel requests (the plan's concurrency). Default 4. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Called once per item, as soon as it ends. */
  onItem?: (result: BatchItemResult<T>) => void;
  /** Output options for every item (see `RemoveBackgroundOptions.output`). */
  output?: OutputOptions;
  /** Progress of each item. */
  onProgress?: (index: number, progress: CutoutProgress) => void;
}

export interface CutoutClient {
  removeBackground(input: CutoutInput, options?: RemoveBackgroundOptions): Promise<Cutout>;
  /** Results in input order; every item ends `done`, `skipped` or `failed`. */
  runBatch<T extends CutoutInput>(
    items: readonly T[],
    options?: BatchOptions<T>,
  ): Promise<BatchItemResult<T>[]>;
}
