import { abortedError } from './abortableDelay';
import { asCutoutError, type CutoutError } from './CutoutError';
import { createPauseGate, type PauseGate } from './createPauseGate';

/** Default batch concurrency. */
export const DEFAULT_BATCH_CONCURRENCY = 4;

/**
 * The one batch pool of the kit: `runBatch`, React's `useRemoveBgBatch` and `cutout remove`
 * all queue their items here.
 * - at most `concurrency` tasks run at once; tasks may be added while others run;
 * - every task gets its own signal, so a caller's signal needs one listener for the whole
 *   batch, not one per item in flight (Node warns from 11 listeners on);
 * - every task passes one shared pause gate before it starts: one rate-limit answer (the
 *   client pauses the gate it is given) holds every other item, not just the refused one.
 */
export interface BatchPool {
  readonly gate: PauseGate;
  /** Queues `task`; it starts when a slot is free. Settles as the task does. */
  run<R>(task: (signal: AbortSignal) => Promise<R>): Promise<R>;
  setConcurrency(n: number): void;
  /** Aborts every running task with `reason`; queued ones reject with kind `aborted`. */
  cancelAll(reason?: unknown): void;
}

export function createBatchPool(concurrency?: number): BatchPool {
  let limit = normaliseConcurrency(concurrency);
  let running = 0;
  const queue: { start: () => void; cancel: (reason: unknown) => void }[] = [];
  const inFlight = new Set<AbortController>();
  const gate = createPauseGate();
  const pump = () => {
    while (running < limit && queue.length > 0) queue.shift()!.start();
  };
  return {
    gate,
    run: (task) =>
      new Promise((resolve, reject) => {
        const start = () => {
          running++;
          const controller = new AbortController();
          inFlight.add(controller);
          const { signal } = controller;
          // Started at once when the gate is open: callers see the item running right away.
          (gate.pausedUntil ? gate.wait(signal).then(() => task(signal)) : task(signal))
            .then(resolve, reject)
            .finally(() => {
              inFlight.delete(controller);
              running--;
              pump();
            });
        };
        queue.push({ start, cancel: (reason) => reject(abortedError({ reason })) });
        pump();
      }),
    setConcurrency(n) {
      limit = normaliseConcurrency(n);
      pump();
    },
    cancelAll(reason) {
      for (const item of queue.splice(0)) item.cancel(reason);
      for (const controller of inFlight) controller.abort(reason);
    },
  };
}

/** NaN or 0 would start no task and silently end no item: fall back to the default instead. */
function normaliseConcurrency(n: number | undefined): number {
  const v = Math.floor(n ?? DEFAULT_BATCH_CONCURRENCY);
  return Number.isFinite(v) && v >= 1 ? v : DEFAULT_BATCH_CONCURRENCY;
}

/**
 * How a batch item that threw ends, the same everywhere: too small is `skipped` (preflight
 * refused it, it was never sent), anything else `failed`.
 */
export function batchFailure(thrown: unknown): {
  status: 'skipped' | 'failed';
  error: CutoutError;
} {
  const error = asCutoutError(thrown);
  const skipped = error.kind === 'preflight' && error.reason === 'too-small';
  return { status: skipped ? 'skipped' : 'failed', error };
}
