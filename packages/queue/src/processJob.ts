import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import {
  type CutoutEngine,
  CutoutError,
  DEFAULT_PREFLIGHT,
  type EngineInput,
  type FetchImage,
  isCutoutError,
  preflightInput,
} from '@cutout/core';
import { parseOutputOptions } from '@cutout/core/output';
import type { CutoutPixels } from '@cutout/proxy/compose';
import { Worker } from 'bullmq';
import { flattenAlpha } from './flattenAlpha';
import { asDescribed, describeError, RetryableJobError, unrecoverable } from './jobErrors';
import { sha256Hex } from './jobId';
import type { CutoutJobData, CutoutJobResult } from './jobTypes';
import type { OutputStore } from './outputStore';

/** What the processor needs from the worker around it. */
export interface JobContext {
  engine: CutoutEngine;
  store: OutputStore;
  /** Smallest long edge worth a call (UPSTREAM-API.md: 400 px); smaller images are skipped. */
  minLongEdge: number;
  maxBytes: number;
  maxPixels: number;
  /** Given to engines that download URLs themselves (the local one). */
  fetchImage?: FetchImage;
  /** Stops every worker of the queue for `ms` (the upstream's advice after a 429). */
  rateLimit(ms: number): Promise<void>;
  /** Pauses the whole queue, with the reason `cutout status` shows (402, auth). */
  pauseQueue(reason: string): Promise<void>;
  /** Records that the job ended skipped (for the counts of `cutout status`). */
  markSkipped(jobId: string): Promise<void>;
  /** True once the worker is shutting down: an aborted job is handed back, not failed. */
  isClosing(): boolean;
}

export interface ProcessedJob {
  id?: string | undefined;
  data: CutoutJobData;
}

/** Without advice from the upstream, a 429 pauses the queue this long. */
const DEFAULT_RATE_LIMIT_MS = 1000;

/**
 * One image, start to end: read and check it (no engine call for what cannot succeed),
 * flatten existing alpha onto white,
 * call the engine once, store the PNG atomically. Errors are sorted for BullMQ:
 * - 429 / 42900: the whole queue waits the advised time (`queue.rateLimit`), the job goes
 *   back to wait without using a try (a plan limit is nobody's fault);
 * - 402 and auth: the queue is paused with its reason, the job goes back to wait;
 * - transient, network, timeout: thrown as retryable, BullMQ retries with backoff;
 * - input and preflight: `UnrecoverableError`, failed at once with `kind/reason: message`;
 *   an image under the minimum size is not an error: it ends skipped.
 * The engine is called at most once per try: retries belong to the queue, where every
 * worker sees them and the global concurrency holds.
 */
export async function processJob(
  job: ProcessedJob,
  signal: AbortSignal,
  ctx: JobContext,
): Promise<CutoutJobResult> {
  const started = performance.now();
  const { source, output } = job.data;
  try {
    // A re-run after a crash, or the same catalog on a wiped Redis: never pay twice.
    if (await ctx.store.has(output)) {
      return { status: 'done', output, engine: ctx.engine.name, reused: true, ms: 0 };
    }
    const input: EngineInput =
      source.type === 'url' ? { type: 'url', url: source.url } : await loadFile(source, ctx);
    const composition = job.data.outputOptions
      ? await prepareComposition(job.data.outputOptions, ctx, signal)
      : undefined;
    const result = await ctx.engine.removeBackground(input, {
      signal,
      ...(ctx.fetchImage ? { fetchImage: ctx.fetchImage } : {}),
      // Composed here: the local engine hands its raw pixels over instead of a PNG.
      ...(composition ? { pixels: true } : {}),
    });
    let image: { bytes: Uint8Array | ReadableStream<Uint8Array>; width: number; height: number };
    if (result.pixels) {
      if (!composition) {
        result.pixels.release();
        throw new CutoutError('transient', 'The engine returned pixels unasked.', {
          reason: 'bad-engine-output',
        });
      }
      image = await composition.compose(result.pixels);
    } else if (composition) {
      const png = result.png instanceof Uint8Array ? result.png : await collect(result.png);
      image = await composition.compose(png);
    } else {
      image = { bytes: result.png, width: result.width, height: result.height };
    }
    await ctx.store.put(output, image.bytes);
    return {
      status: 'done',
      output,
      width: image.width,
      height: image.height,
      bytes:
        image.bytes instanceof Uint8Array
          ? image.bytes.byteLength
          : result.pixels
            ? 0
            : (result.byteLength ?? 0),
      engine: ctx.engine.name,
      reused: false,
      ms: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (isCutoutError(error) && error.kind === 'preflight' && error.reason === 'too-small') {
      if (job.id) await ctx.markSkipped(job.id);
      return { status: 'skipped', kind: error.kind, reason: error.reason, message: error.message };
    }
    throw await toJobError(error, signal, ctx);
  }
}

/**
 * The job's output options, resolved before the engine runs (a bad background costs no
 * call): the same composition as the proxy's, from `@cutout/proxy/compose`.
 */
async function prepareComposition(
  raw: Record<string, string>,
  ctx: JobContext,
  signal: AbortSignal,
) {
  const output = parseOutputOptions(raw);
  let backgroundImage: Uint8Array | undefined;
  if (output.backgroundImageUrl) {
    if (!ctx.fetchImage) {
      throw new CutoutError('input', 'bg_image_url needs a URL fetcher in the worker.', {
        reason: 'bad-output-option',
      });
    }
    backgroundImage = await ctx.fetchImage(output.backgroundImageUrl, signal);
  }
  const { composeOutput } = await import('@cutout/proxy/compose');
  return {
    compose: (cutout: Uint8Array | CutoutPixels) =>
      composeOutput(cutout, output, backgroundImage ? { backgroundImage } : {}),
  };
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function toJobError(error: unknown, signal: AbortSignal, ctx: JobContext): Promise<Error> {
  if (signal.aborted && ctx.isClosing()) return Worker.RateLimitError();
  if (!isCutoutError(error)) {
    // Not ours: a disk error (EIO, ENOSPC) or a bug. Worth the bounded retries, then failed.
    return new RetryableJobError(describeError(asDescribed(error)), undefined, { cause: error });
  }
  switch (error.kind) {
    case 'rate-limit':
      await ctx.rateLimit(error.retryAfterMs ?? DEFAULT_RATE_LIMIT_MS);
      // BullMQ's documented manual rate limiting: the job goes back to wait, no try used.
      return Worker.RateLimitError();
    case 'credits':
      await ctx.pauseQueue(
        `${describeError(error)} Add credits, then run \`cutout status --resume\`.`,
      );
      return Worker.RateLimitError();
    case 'auth':
      await ctx.pauseQueue(
        `${describeError(error)} Check CODIA_API_KEY, then run \`cutout status --resume\`.`,
      );
      return Worker.RateLimitError();
    case 'aborted':
      // Aborted without a shutdown (a lost lock): the queue decides; keep the try.
      return new RetryableJobError(describeError(error));
    default:
      return error.retryable
        ? new RetryableJobError(describeError(error), error.retryAfterMs)
        : unrecoverable(error);
  }
}

/**
 * Reads a local image and checks it with core's own preflight (the client's checks and
 * reasons: one implementation). The file is opened as a lazy Blob, so an oversized one is
 * refused by its size before it is read.
 */
async function loadFile(
  source: Extract<CutoutJobData['source'], { type: 'file' }>,
  ctx: JobContext,
): Promise<EngineInput> {
  const file = await openAsBlob(source.path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new CutoutError('input', `The file is gone: ${source.path}`, {
        reason: 'missing-file',
      });
    }
    throw error;
  });
  const { minLongEdge, maxBytes, maxPixels } = ctx;
  const prepared = await preflightInput(
    file,
    { minLongEdge, maxBytes, maxPixels, flattenAlpha: true },
    { flatten: flattenBlob },
  );
  if (prepared.type !== 'file' || !prepared.info) throw new Error('unreachable: a file input');
  // The job is the image that was enqueued: a file replaced since then is another image.
  if (sha256Hex(new Uint8Array(await file.arrayBuffer())) !== source.sha256) {
    throw new CutoutError('input', 'The file changed since it was enqueued; enqueue it again.', {
      reason: 'changed',
    });
  }
  const data =
    prepared.data instanceof Uint8Array
      ? prepared.data
      : new Uint8Array(await prepared.data.arrayBuffer());
  return {
    type: 'image',
    data,
    format: prepared.flattened ? 'png' : prepared.info.format,
    width: prepared.info.width,
    height: prepared.info.height,
    byteLength: data.byteLength,
    filename: prepared.flattened ? 'image.png' : basename(source.path),
  };
}

/** Core's flattener seam over sharp (no canvas here). */
async function flattenBlob(image: Blob): Promise<Blob | undefined> {
  const flat = await flattenAlpha(new Uint8Array(await image.arrayBuffer()));
  return flat && new Blob([flat.data as Uint8Array<ArrayBuffer>], { type: 'image/png' });
}

/** The upstream's limits, the defaults of every worker. */
export const DEFAULT_JOB_LIMITS = {
  minLongEdge: DEFAULT_PREFLIGHT.minLongEdge,
  maxBytes: DEFAULT_PREFLIGHT.maxBytes,
  maxPixels: DEFAULT_PREFLIGHT.maxPixels,
};
