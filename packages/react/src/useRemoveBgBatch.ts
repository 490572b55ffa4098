'use client';
import { type CutoutInput, DEFAULT_BATCH_CONCURRENCY } from '@cutout/core';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useCutoutContext } from './CutoutProvider';
import { type BatchSnapshot, type BatchStore, createBatchStore } from './createBatchStore';

export interface UseRemoveBgBatchOptions {
  /** Parallel requests (your plan's concurrency). Default 4. */
  concurrency?: number;
}

export interface UseRemoveBgBatchResult extends BatchSnapshot {
  /** Queues files, blobs or URLs; returns their item ids. */
  add(inputs: Iterable<CutoutInput> | ArrayLike<CutoutInput>): string[];
  /** Queues every failed item again (skipped ones stay skipped: they would fail the same way). */
  retryFailed(): void;
  /** Aborts running items and fails queued ones with kind `aborted`. */
  cancelAll(): void;
  /** Cancels everything, revokes every object URL and empties the list. */
  clear(): void;
}

/**
 * Many images through one pool: `add()` any time, `items` update as they progress, one
 * rate-limit answer pauses every item (core's pause gate). Object URLs of done items are
 * revoked on `clear()`, retry and unmount.
 */
export function useRemoveBgBatch(options: UseRemoveBgBatchOptions = {}): UseRemoveBgBatchResult {
  const { client } = useCutoutContext();
  const clientRef = useRef(client);
  clientRef.current = client;
  const concurrency = options.concurrency ?? DEFAULT_BATCH_CONCURRENCY;
  const [store] = useState<BatchStore>(() =>
    createBatchStore(() => clientRef.current, concurrency),
  );
  useEffect(() => store.setConcurrency(concurrency), [store, concurrency]);
  useEffect(() => () => store.dispose(), [store]);
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  return {
    ...snapshot,
    add: useCallback((inputs) => store.add(inputs), [store]),
    retryFailed: useCallback(() => store.retryFailed(), [store]),
    cancelAll: useCallback(() => store.cancelAll(), [store]),
    clear: useCallback(() => store.clear(), [store]),
  };
}
