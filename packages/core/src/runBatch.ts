import { batchFailure, createBatchPool } from './createBatchPool';
import type {
  BatchItemResult,
  BatchOptions,
  Cutout,
  CutoutInput,
  RemoveBackgroundOptions,
} from './types';

type RemoveBackground = (input: CutoutInput, options: RemoveBackgroundOptions) => Promise<Cutout>;

/**
 * `CutoutClient.runBatch`: a fixed list through the batch pool.
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
  const { signal, onProgress } = options;
  const pool = createBatchPool(options.concurrency);
  const results: BatchItemResult<T>[] = new Array(items.length);
  let callbackError: unknown;
  const guard = (callback: () => void) => {
    try {
      callback();
    } catch (error) {
      callbackError ??= error;
    }
  };
  const finish = (result: BatchItemResult<T>) => {
    results[result.index] = result;
    guard(() => options.onItem?.(result));
  };

  const done = items.map((input, index) =>
    pool
      .run((itemSignal) => {
        const call: RemoveBackgroundOptions = { signal: itemSignal, gate: pool.gate };
        if (options.output) call.output = options.output;
        if (onProgress) call.onProgress = (p) => guard(() => onProgress(index, p));
        return removeBackground(input, call);
      })
      .then(
        (cutout) => finish({ index, input, status: 'done', cutout }),
        (thrown: unknown) => finish({ index, input, ...batchFailure(thrown) }),
      ),
  );
  const onAbort = () => pool.cancelAll(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(done);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (callbackError !== undefined) throw callbackError;
  return results;
}
