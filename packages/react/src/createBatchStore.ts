import {
  batchFailure,
  type CutoutClient,
  CutoutError,
  type CutoutInput,
  type CutoutProgress,
  createBatchPool,
  raceAbort,
} from '@cutout/core';
import type { CutoutWithUrl } from './useRemoveBg';

export type BatchItemState = 'queued' | 'running' | 'done' | 'skipped' | 'failed';

export interface BatchItem {
  /** Stable key for lists. */
  id: string;
  input: CutoutInput;
  /** The file's name, or the URL. */
  name: string;
  status: BatchItemState;
  progress?: CutoutProgress;
  /** Set when `done`; its object URL is revoked when the item is retried, cleared or unmounted. */
  cutout?: CutoutWithUrl;
  error?: CutoutError;
}

export interface BatchTotals {
  total: number;
  queued: number;
  running: number;
  done: number;
  skipped: number;
  failed: number;
}

export interface BatchSnapshot {
  items: readonly BatchItem[];
  totals: BatchTotals;
  /** Epoch ms until which the whole pool is paused by a rate limit, or 0. */
  pausedUntil: number;
}

export interface BatchStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): BatchSnapshot;
  add(inputs: Iterable<CutoutInput> | ArrayLike<CutoutInput>): string[];
  retryFailed(): void;
  cancelAll(): void;
  clear(): void;
  setConcurrency(n: number): void;
  /** Aborts everything and revokes every object URL (unmount). The store stays usable. */
  dispose(): void;
}

const EMPTY_TOTALS: BatchTotals = {
  total: 0,
  queued: 0,
  running: 0,
  done: 0,
  skipped: 0,
  failed: 0,
};

/**
 * The state of `useRemoveBgBatch` over core's batch pool (the same pool as `runBatch` and
 * `cutout remove`): a list that grows with every `add()` and retries single failures. The
 * pool's gate is given to the client, so one rate-limit answer holds every item's next
 * attempt, not just the refused one's.
 */
export function createBatchStore(
  client: () => CutoutClient,
  initialConcurrency: number,
): BatchStore {
  let items: BatchItem[] = [];
  let snapshot: BatchSnapshot = { items, totals: EMPTY_TOTALS, pausedUntil: 0 };
  let seq = 0;
  const listeners = new Set<() => void>();
  const pool = createBatchPool(initialConcurrency);
  const { gate } = pool;

  const publish = () => {
    const totals = { ...EMPTY_TOTALS, total: items.length };
    for (const item of items) totals[item.status]++;
    snapshot = { items, totals, pausedUntil: gate.pausedUntil };
    for (const listener of listeners) listener();
  };
  // A cleared item is gone: nothing more is recorded for it.
  const update = (id: string, patch: Partial<BatchItem>) => {
    items = items.map((item) => (item.id === id ? { ...item, ...patch } : item));
  };
  const has = (id: string) => items.some((i) => i.id === id);

  const enqueue = (item: BatchItem) => {
    pool
      .run(async (signal) => {
        if (!has(item.id)) return;
        update(item.id, { status: 'running', progress: undefined, error: undefined });
        publish();
        const cutout = await raceAbort(
          client().removeBackground(item.input, {
            signal,
            gate,
            onProgress: (progress) => {
              if (signal.aborted) return;
              // For clients that do not know the gate: a rate-limit retry pauses the pool.
              if (progress.phase === 'retrying' && progress.error?.kind === 'rate-limit') {
                gate.pause(progress.retryInMs ?? 0);
              }
              update(item.id, { progress });
              publish();
            },
          }),
          signal,
        );
        if (signal.aborted) throw new CutoutError('aborted', 'Cancelled.');
        // Cleared meanwhile: making a URL nobody can revoke would leak the blob.
        if (!has(item.id)) return;
        update(item.id, {
          status: 'done',
          cutout: { ...cutout, objectUrl: URL.createObjectURL(cutout.blob) },
        });
      })
      .catch((thrown: unknown) => {
        if (has(item.id)) update(item.id, batchFailure(thrown));
      })
      .finally(publish);
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    add(inputs) {
      const added: BatchItem[] = Array.from(inputs as ArrayLike<CutoutInput>, (input) => ({
        id: `cutout-${++seq}`,
        input,
        name: nameOf(input),
        status: 'queued' as const,
      }));
      items = [...items, ...added];
      publish();
      added.forEach(enqueue);
      return added.map((i) => i.id);
    },
    retryFailed() {
      const failed = items.filter((i) => i.status === 'failed');
      for (const item of failed) {
        update(item.id, { status: 'queued', error: undefined, progress: undefined });
      }
      if (failed.length > 0) publish();
      failed.forEach(enqueue);
    },
    cancelAll() {
      pool.cancelAll(new CutoutError('aborted', 'Cancelled.'));
    },
    clear() {
      this.dispose();
      items = [];
      publish();
    },
    setConcurrency: pool.setConcurrency,
    dispose() {
      pool.cancelAll();
      for (const item of items) if (item.cutout) URL.revokeObjectURL(item.cutout.objectUrl);
      // Keep the list but without dangling URLs (StrictMode remounts reuse the store); the
      // aborted calls mark their items failed as they settle.
      items = items.map((i) => (i.cutout ? { ...i, cutout: undefined } : i));
      snapshot = { ...snapshot, items };
    },
  };
}

function nameOf(input: CutoutInput): string {
  if (typeof input === 'string') return input;
  if (typeof File !== 'undefined' && input instanceof File) return input.name;
  return 'image';
}
