import {
  type Cutout,
  type CutoutClient,
  CutoutError,
  type CutoutInput,
  type CutoutProgress,
  createPauseGate,
  type PauseGate,
  type RemoveBackgroundOptions,
} from '@cutout/core';
import { settleOnAbort } from './settleOnAbort';
import { toCutoutError } from './toCutoutError';
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

/** The client's hidden batch hook: attempts of every item pass one shared gate. */
type GatedOptions = RemoveBackgroundOptions & { gate?: PauseGate };

const EMPTY_TOTALS: BatchTotals = {
  total: 0,
  queued: 0,
  running: 0,
  done: 0,
  skipped: 0,
  failed: 0,
};

/**
 * The state of `useRemoveBgBatch`: a queue that grows with every `add()`, worked by a pool of
 * `concurrency` slots. Core's `runBatch` takes a fixed list; a UI adds files while earlier
 * ones run and retries single failures, so this keeps its own queue but shares core's pause
 * gate: one rate-limit answer (core pauses the gate inside its retry loop) holds every item's
 * next attempt, not just the refused one's.
 */
export function createBatchStore(
  client: () => CutoutClient,
  initialConcurrency: number,
): BatchStore {
  let items: BatchItem[] = [];
  let snapshot: BatchSnapshot = { items, totals: EMPTY_TOTALS, pausedUntil: 0 };
  let concurrency = normalise(initialConcurrency);
  let seq = 0;
  let running = 0;
  const queue: string[] = [];
  const controllers = new Map<string, AbortController>();
  const listeners = new Set<() => void>();
  const gate = createPauseGate();

  const publish = () => {
    const totals = { ...EMPTY_TOTALS, total: items.length };
    for (const item of items) totals[item.status]++;
    snapshot = { items, totals, pausedUntil: gate.pausedUntil };
    for (const listener of listeners) listener();
  };
  const update = (id: string, patch: Partial<BatchItem>) => {
    items = items.map((item) => (item.id === id ? { ...item, ...patch } : item));
  };
  const revoke = (item: BatchItem | undefined) => {
    if (item?.cutout) URL.revokeObjectURL(item.cutout.objectUrl);
  };

  const pump = () => {
    while (running < concurrency && queue.length > 0) {
      const id = queue.shift()!;
      const item = items.find((i) => i.id === id);
      if (item?.status === 'queued') void start(item);
    }
  };

  const start = async (item: BatchItem) => {
    running++;
    const controller = new AbortController();
    controllers.set(item.id, controller);
    update(item.id, { status: 'running', progress: undefined, error: undefined });
    publish();
    const { signal } = controller;
    try {
      // Any client honours the gate between items; core's own client also inside its retries.
      await gate.wait(signal);
      const call: GatedOptions = {
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
      };
      const cutout: Cutout = await settleOnAbort(
        client().removeBackground(item.input, call),
        signal,
      );
      if (signal.aborted) throw new CutoutError('aborted', 'Cancelled.');
      // Cleared meanwhile: making a URL nobody can revoke would leak the blob.
      if (!items.some((i) => i.id === item.id)) return;
      update(item.id, {
        status: 'done',
        cutout: { ...cutout, objectUrl: URL.createObjectURL(cutout.blob) },
      });
    } catch (thrown) {
      const error = toCutoutError(thrown);
      // Same rule as core's runBatch: too small is skipped with a reason, never sent.
      const skipped = error.kind === 'preflight' && error.reason === 'too-small';
      // A cleared item is gone: nothing to record.
      if (items.some((i) => i.id === item.id)) {
        update(item.id, { status: skipped ? 'skipped' : 'failed', error });
      }
    } finally {
      controllers.delete(item.id);
      running--;
      publish();
      pump();
    }
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
      queue.push(...added.map((i) => i.id));
      publish();
      pump();
      return added.map((i) => i.id);
    },
    retryFailed() {
      const failed = items.filter((i) => i.status === 'failed');
      if (failed.length === 0) return;
      for (const item of failed) {
        update(item.id, { status: 'queued', error: undefined, progress: undefined });
        queue.push(item.id);
      }
      publish();
      pump();
    },
    cancelAll() {
      const aborted = new CutoutError('aborted', 'Cancelled.');
      queue.length = 0;
      items = items.map((i) =>
        i.status === 'queued' ? { ...i, status: 'failed', error: aborted } : i,
      );
      for (const controller of controllers.values()) controller.abort();
      publish();
    },
    clear() {
      this.dispose();
      items = [];
      publish();
    },
    setConcurrency(n) {
      concurrency = normalise(n);
      pump();
    },
    dispose() {
      queue.length = 0;
      for (const controller of controllers.values()) controller.abort();
      for (const item of items) revoke(item);
      // Keep the list but without dangling URLs (StrictMode remounts reuse the store); the
      // aborted calls mark their items failed as they settle.
      items = items.map((i) => (i.cutout ? { ...i, cutout: undefined } : i));
      snapshot = { ...snapshot, items };
    },
  };
}

function normalise(n: number): number {
  const v = Math.floor(n);
  return Number.isFinite(v) && v >= 1 ? v : 4;
}

function nameOf(input: CutoutInput): string {
  if (typeof input === 'string') return input;
  if (typeof File !== 'undefined' && input instanceof File) return input.name;
  return 'image';
}
