import { availableParallelism } from 'node:os';
import {
  abortedError,
  type CutoutEngine,
  CutoutError,
  type EngineCheck,
  type EngineInput,
  type EngineRequestOptions,
  type EngineResult,
  isCutoutError,
} from '@cutout/core';
import { createWorkQueue } from './createWorkQueue';
import type { EstimateForegroundOptions } from './estimateForeground';
import { type BundledModel, loadModel } from './loadModel';
import type { MaskReviewOptions } from './maskReview';
import { readInputBytes } from './readInputBytes';
import type { RefineAlphaOptions } from './refineAlpha';
import { type PipelineTimings, runPipeline } from './runPipeline';
import { createScratch, FRESH, type ReusableScratch, type Scratch } from './scratch';
import { createSegmentationModel, ISNET_INPUT, type SegmentationModel } from './segmentationModel';

export type { PipelineTimings };

export interface OnnxEngineOptions {
  /**
   * `'medium'` (default: ISNet fp16, the better and, on CPUs without VNNI, faster one),
   * `'small'` (ISNet quint8), or a path to any compatible ONNX model. (The `cutout` CLI
   * passes `CUTOUT_MODEL_PATH` here; this package reads no environment variable.)
   */
  model?: BundledModel | (string & {});
  /** Square model input side for a custom model. Default 1024. */
  inputSize?: number;
  /** Per-channel normalisation for a custom model, 8-bit units. Default 128 / 256. */
  mean?: readonly [number, number, number];
  std?: readonly [number, number, number];
  /** Output long edge cap; larger inputs are shrunk to fit. Default 4096. */
  maxLongEdge?: number;
  /** Inputs whose header declares more pixels are refused (`input`/`too-many-pixels`). Default 100 MP. */
  maxInputPixels?: number;
  /** Streamed inputs over this many bytes are refused (`input`/`too-large`). Default 64 MiB. */
  maxInputBytes?: number;
  /**
   * Images processed at once. Default 1: ONNX Runtime already spreads one inference over
   * every core, so a second image in parallel only adds memory (see the bench).
   */
  concurrency?: number;
  /** Requests allowed to wait for a slot; beyond that `rate-limit`/`busy`. Default 16. */
  maxQueued?: number;
  /** ONNX Runtime intra-op threads. Default: the machine's available parallelism. */
  threads?: number;
  /**
   * Keep ONNX Runtime's memory arena between images. Default true (fastest: ~2.5× faster
   * inference on the dev machine, ~2.3 GB resident while idle). `false` (the CLI's
   * `CUTOUT_LOW_MEMORY=1`) frees the activations after each image (~0.7 GB resident) at
   * that speed cost.
   */
  memoryArena?: boolean;
  /**
   * Let ONNX Runtime's threads busy-wait for work within an inference (they stop when it
   * ends either way). Default true; `false` for a machine shared with other work (see
   * `createSegmentationModel`).
   */
  spinning?: boolean;
  /** Full-resolution alpha refinement; `false` uses the bilinearly upscaled mask as is. */
  refine?: RefineAlphaOptions | false;
  /**
   * Colour decontamination; off (`false`) by default, `{}` turns it on (see
   * `CutoutFromMaskOptions.foreground` for why).
   */
  foreground?: EstimateForegroundOptions | false;
  /**
   * The engine's "needs review" verdict from the model's mask (`EngineResult.review`); `false`
   * leaves it out. Default `{}` (see `maskReview`).
   */
  review?: MaskReviewOptions | false;
  /** zlib level of the output PNG, 0–9. Default 4 (12 MP PNGs are slow at 9 for ~4% less). */
  pngCompressionLevel?: number;
  /** Called after each image with the time of each stage, for benchmarks and logs. */
  onTimings?: (timings: PipelineTimings) => void;
}

export interface OnnxEngine extends CutoutEngine {
  readonly name: 'onnx';
  /** Loads the model (and primes its memory arena) now instead of on the first request. */
  warmup(): Promise<void>;
  /** True once the model is loaded (and until `close()`). */
  ready(): boolean;
  /** Whether the model loaded, is loading, or failed to load (and why); loads nothing. */
  check(): Promise<EngineCheck>;
  /** Waits for running images, rejects queued ones, releases the session. */
  close(): Promise<void>;
}

/**
 * The local background-removal engine: ISNet through ONNX Runtime, then a full-resolution
 * alpha (trimap from the mask, guided filter in its uncertain band; see `refineAlpha`). The model loads lazily, once,
 * and one session serves every request through a bounded queue.
 */
export function onnxEngine(options: OnnxEngineOptions = {}): OnnxEngine {
  const model = options.model ?? 'medium';
  const spec = {
    inputSize: options.inputSize ?? ISNET_INPUT.inputSize,
    mean: options.mean ?? ISNET_INPUT.mean,
    std: options.std ?? ISNET_INPUT.std,
  };
  const maxLongEdge = options.maxLongEdge ?? 4096;
  const maxInputPixels = options.maxInputPixels ?? 100_000_000;
  const maxInputBytes = options.maxInputBytes ?? 64 * 1024 * 1024;
  const threads = options.threads ?? availableParallelism();
  const memoryArena = options.memoryArena ?? true;
  const queue = createWorkQueue(
    Math.max(1, options.concurrency ?? 1),
    Math.max(0, options.maxQueued ?? 16),
  );
  let loading: Promise<SegmentationModel> | undefined;
  let loaded: SegmentationModel | undefined;
  // Why the last load failed, for `check()` (`/healthz?deep=1`, issue 14 item 8).
  let loadError: CutoutError | undefined;
  let closed = false;
  let primed = false;

  const getModel = () => {
    if (closed) throw closedError();
    loading ??= loadModel(model)
      .then((bytes) =>
        createSegmentationModel(bytes, spec, threads, {
          memoryArena,
          spinning: options.spinning ?? true,
        }),
      )
      .then((m) => {
        loaded = m;
        loadError = undefined;
        return m;
      })
      .catch((cause) => {
        loading = undefined; // a later request may try again (e.g. a path fixed meanwhile)
        loadError = isCutoutError(cause)
          ? cause
          : new CutoutError('transient', `Cannot start the ONNX model "${model}"`, {
              reason: 'model-unavailable',
              retryable: false,
              cause,
            });
        throw loadError;
      });
    return loading;
  };

  // Reused typed arrays, one set per image in flight (see scratch.ts); none in low-memory
  // mode, which must not hold buffers between images.
  const idleScratches: ReusableScratch[] = [];

  const process_ = async (
    bytes: Uint8Array,
    signal: AbortSignal,
    pixels: boolean,
  ): Promise<EngineResult> => {
    if (!memoryArena) return pipeline(bytes, signal, FRESH, pixels, () => {});
    const scratch = idleScratches.pop() ?? createScratch();
    let lent = false;
    let returned = false;
    const giveBack = () => {
      if (returned) return;
      returned = true;
      scratch.reset();
      if (!closed) idleScratches.push(scratch);
    };
    try {
      const result = await pipeline(bytes, signal, scratch, pixels, giveBack);
      // Raw pixels live in this scratch: it waits for the caller's release, and an image
      // that starts meanwhile takes another one.
      lent = result.pixels !== undefined;
      return result;
    } finally {
      if (!lent) giveBack();
    }
  };

  const pipeline = (
    bytes: Uint8Array,
    signal: AbortSignal,
    scratch: Scratch,
    pixels: boolean,
    release: () => void,
  ): Promise<EngineResult> =>
    runPipeline(bytes, {
      signal,
      scratch,
      pixels,
      release,
      getModel,
      spec,
      options,
      maxLongEdge,
      maxInputPixels,
    });

  return {
    name: 'onnx',
    async removeBackground(input: EngineInput, request: EngineRequestOptions) {
      const { signal } = request;
      if (closed) throw closedError();
      if (signal.aborted) throw abortedError(signal);
      try {
        let bytes: Uint8Array;
        let downloadMs: number | undefined;
        if (input.type === 'url') {
          if (!request.fetchImage) {
            throw new CutoutError('input', 'This engine needs the proxy to fetch image URLs', {
              reason: 'url-not-supported',
            });
          }
          const started = performance.now();
          bytes = await request.fetchImage(input.url, signal);
          downloadMs = performance.now() - started;
        } else {
          bytes = await readInputBytes(input.data, maxInputBytes, signal);
        }
        const pixels = request.pixels === true;
        const result = await queue.run(() => process_(bytes, signal, pixels), signal);
        if (downloadMs !== undefined) result.timings = { ...result.timings, downloadMs };
        return result;
      } catch (error) {
        if (isCutoutError(error)) throw error;
        if (signal.aborted) throw abortedError(signal);
        throw new CutoutError('transient', 'The local engine failed on this image', {
          reason: 'engine-failure',
          cause: error,
        });
      }
    },
    async warmup() {
      const m = await getModel();
      // With the arena, blank inferences through the queue grow it now, so the first
      // real image runs at full speed.
      if (memoryArena && !primed) {
        primed = true;
        await queue.run(() => m.prime(), new AbortController().signal);
      }
    },
    ready() {
      return loaded !== undefined && !closed;
    },
    async check() {
      // Whether the model loaded; nothing is loaded or run for the asking.
      if (loaded && !closed) return { ok: true, reason: 'model-loaded' };
      if (loading) return { ok: false, reason: 'model-loading', message: 'The model is loading.' };
      if (loadError) {
        return {
          ok: false,
          reason: 'model-unavailable',
          message: loadError.message,
          lastError: {
            kind: loadError.kind,
            reason: loadError.reason,
            at: new Date().toISOString(),
          },
        };
      }
      return {
        ok: false,
        reason: 'model-not-loaded',
        message: closed ? 'The engine is shut down.' : 'The model loads with the first request.',
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      queue.rejectQueued(closedError());
      await queue.idle();
      const m = loaded ?? (await loading?.catch(() => undefined));
      loaded = undefined;
      loading = undefined;
      idleScratches.length = 0;
      await m?.release();
    },
  };
}

function closedError(): CutoutError {
  return new CutoutError('transient', 'The local engine is shut down', { reason: 'closed' });
}
