'use client';
import {
  asCutoutError,
  type Cutout,
  type CutoutError,
  type CutoutInput,
  type CutoutProgress,
  raceAbort,
} from '@cutout/core';
import { useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useCutoutContext } from './CutoutProvider';
import { useObjectUrl } from './useObjectUrl';

/**
 * A cutout with an object URL for `<img src>`. The URL stays valid until a newer call
 * succeeds, `reset()` or unmount: a later failed or cancelled call never revokes it, so an app
 * may keep it in its own state (issue 15 §6).
 */
export interface CutoutWithUrl extends Cutout {
  objectUrl: string;
}

export type RemoveBgStatus = 'idle' | 'pending' | 'success' | 'error';

export interface UseRemoveBgOptions {
  /** Called once per successful call, with the cutout (its object URL follows on the next render). */
  onSuccess?: (cutout: Cutout, input: CutoutInput) => void;
  onError?: (error: CutoutError, input: CutoutInput) => void;
  /** TanStack Query mutation key (for `useIsMutating`, devtools). Default `['cutout']`. */
  mutationKey?: readonly unknown[];
}

export interface UseRemoveBgResult {
  /** Starts a call; a call still running is cancelled first. Resolves with the cutout, or rejects. */
  removeBackground(input: CutoutInput): Promise<Cutout>;
  /**
   * The latest successful cutout, with `objectUrl` (undefined for the one render before the URL
   * exists). Kept while a later call runs or after it fails; replaced by the next success.
   */
  cutout: CutoutWithUrl | undefined;
  progress: CutoutProgress | undefined;
  error: CutoutError | undefined;
  status: RemoveBgStatus;
  /** In `retrying`: epoch ms when the next attempt starts (for a live countdown). */
  retryAt: number | undefined;
  /** The input of the latest call (for `retry()`, or to show a "before" image). */
  input: CutoutInput | undefined;
  /** Aborts the upload, the processing wait or a pending retry; the call ends with kind `aborted`. */
  cancel(): void;
  /** Runs the latest input again. */
  retry(): Promise<Cutout> | undefined;
  /** Cancels anything running and forgets the result, error and progress. */
  reset(): void;
}

/**
 * One background removal at a time, on TanStack Query's `useMutation` (so it shows up in
 * devtools and `useIsMutating`). Protocol, retries and preflight are the client's; this hook
 * adds cancellation, progress state and object-URL lifetime.
 */
export function useRemoveBg(options: UseRemoveBgOptions = {}): UseRemoveBgResult {
  const { client, queryClient } = useCutoutContext();
  const controller = useRef<AbortController | undefined>(undefined);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const [progress, setProgress] = useState<CutoutProgress>();
  const [retryAt, setRetryAt] = useState<number>();
  const [input, setInput] = useState<CutoutInput>();
  // The latest success, held apart from the mutation's data (which a new call or a failure
  // clears): its object URL must outlive those, or a URL the app stored breaks.
  const [latest, setLatest] = useState<Cutout>();

  const mutation = useMutation<Cutout, CutoutError, { input: CutoutInput; signal: AbortSignal }>(
    {
      mutationKey: options.mutationKey ?? ['cutout'],
      // The client already retries what is retryable, with backoff and Retry-After.
      retry: false,
      mutationFn: async ({ input: value, signal }) => {
        try {
          const call = client.removeBackground(value, {
            signal,
            onProgress: (p) => {
              // A superseded call must not overwrite the current call's progress.
              if (controller.current?.signal !== signal) return;
              setProgress(p);
              setRetryAt(p.phase === 'retrying' ? Date.now() + (p.retryInMs ?? 0) : undefined);
            },
          });
          return await raceAbort(call, signal);
        } catch (thrown) {
          throw asCutoutError(thrown);
        }
      },
      onSuccess: (cutout, vars) => {
        // A superseded call's late success must not replace the current result.
        if (controller.current?.signal === vars.signal) setLatest(cutout);
        optionsRef.current.onSuccess?.(cutout, vars.input);
      },
      onError: (error, vars) => optionsRef.current.onError?.(error, vars.input),
    },
    queryClient,
  );
  const { mutateAsync, reset: resetMutation } = mutation;

  const removeBackground = useCallback(
    (value: CutoutInput) => {
      controller.current?.abort();
      const next = new AbortController();
      controller.current = next;
      setInput(value);
      setProgress(undefined);
      setRetryAt(undefined);
      return mutateAsync({ input: value, signal: next.signal });
    },
    [mutateAsync],
  );

  const cancel = useCallback(() => {
    controller.current?.abort();
    setRetryAt(undefined);
  }, []);

  const reset = useCallback(() => {
    controller.current?.abort();
    controller.current = undefined;
    setProgress(undefined);
    setRetryAt(undefined);
    setInput(undefined);
    setLatest(undefined);
    resetMutation();
  }, [resetMutation]);

  const inputRef = useRef(input);
  inputRef.current = input;
  const retry = useCallback(() => {
    const last = inputRef.current;
    if (last === undefined) return undefined;
    const promise = removeBackground(last);
    // Callers of retry() usually ignore the promise: errors are in `error` already.
    promise.catch(() => {});
    return promise;
  }, [removeBackground]);

  // Unmount aborts the call in flight: nobody is left to show it, and it costs credits.
  useEffect(() => () => controller.current?.abort(), []);

  const data = latest;
  const objectUrl = useObjectUrl(data?.blob);
  const cutout = useMemo(
    () => (data && objectUrl ? { ...data, objectUrl } : undefined),
    [data, objectUrl],
  );
  return {
    removeBackground,
    cutout,
    progress,
    error: mutation.error ?? undefined,
    status: mutation.status,
    retryAt: mutation.status === 'pending' ? retryAt : undefined,
    input,
    cancel,
    retry,
    reset,
  };
}
