import { abortedError } from './abortableDelay';
import { CutoutError, isCutoutError } from './CutoutError';
import { createPauseGate } from './createPauseGate';
import type {
  BatchItemResult,
  BatchOptions,
  Cutout,
  CutoutInput,
  InternalCallOptions,
} from './types';

/** Default batch concurrency. */
export const DEFAULT_BATCH_CONCURRENCY = 4;

type RemoveBackground = (input: CutoutInput, options: InternalCallOptions) => Promise<Cutout>;

/**
 * A worker pool over `removeBackground` (see `CutoutClient.runBatch`):
 * - at most `concurrency` items in flight;
 * - one rate-limit answer closes a gate shared by every worker for the advised time;
 * - images under the minimum size end `skipped` (preflight reason `too-small`, never sent),
 *   every other failure ends `failed`, success `done`;
 * - every item ends exactly once, results are in input order; after an abort the items not
 *   yet done end `failed` with kind `aborted`.
 * Errors thrown by `onItem`/`onProgress` cannot lose items: they are kept and the first is
 * thrown once every item has ended.
 */
export async function runBatch<T extends CutoutInput>(
  items: readonly T[],
  options: BatchOptions<T>,
  removeBackground: RemoveBackground,
): Promise<BatchItemResult<T>[]> {
  const { signal } = options;
  const asked = Math.floor(options.concurrency ?? DEFAULT_BATCH_CONCURRENCY);
  // NaN or 0 would start no worker and silently end no item: fall back instead.
  const wanted = Number.isFinite(asked) && asked >= 1 ? asked : DEFAULT_BATCH_CONCURRENCY;
  const concurrency = Math.max(1, Math.min(items.length, wanted));
  const gate = createPauseGate();
  const results: BatchItemResult<T>[] = new Array(items.length);
  let callbackError: unknown;
  let next = 0;

  // Each item in flight listens on its own child signal: the caller's signal gets one
  // listener for the whole batch, not two or three per item (an item's call, its attempt and
  // its backoff each listen), which passed Node's leak warning at 11 from concurrency 4 on.
  const inFlight = new Set<AbortController>();
  const onAbort = () => {
    for (const child of inFlight) child.abort(signal?.reason);
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const finish = (result: BatchItemResult<T>) => {
    if (results[result.index] !== undefined) return; // exactly once, whatever happens
    results[result.index] = result;
    try {
      options.onItem?.(result);
    } catch (error) {
      callbackError ??= error;
    }
  };

  const work = async (index: number) => {
    const input = items[index]!;
    if (signal?.aborted) {
      finish({ index, input, status: 'failed', error: abortedError(signal) });
      return;
    }
    const child = signal ? new AbortController() : undefined;
    if (child) inFlight.add(child);
    try {
      const call: InternalCallOptions = { gate };
      if (options.output) call.output = options.output;
      if (child) call.signal = child.signal;
      if (options.onProgress) {
        const onProgress = options.onProgress;
        call.onProgress = (progress) => {
          try {
            onProgress(index, progress);
          } catch (error) {
            callbackError ??= error;
          }
        };
      }
      const cutout = await removeBackground(input, call);
      finish({ index, input, status: 'done', cutout });
    } catch (thrown) {
      const error = isCutoutError(thrown)
        ? thrown
        : new CutoutError('transient', 'Unexpected failure while processing the item.', {
            reason: 'unexpected',
            retryable: false,
            cause: thrown,
          });
      const skipped = error.kind === 'preflight' && error.reason === 'too-small';
      finish({ index, input, status: skipped ? 'skipped' : 'failed', error });
    } finally {
      if (child) inFlight.delete(child);
    }
  };

  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(index);
    }
  };

  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (callbackError !== undefined) throw callbackError;
  return results;
}
