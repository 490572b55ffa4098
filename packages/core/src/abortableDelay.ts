import { CutoutError, isCutoutError } from './CutoutError';

/**
 * Resolves after `ms`, or rejects with an `aborted` CutoutError as soon as `signal` aborts,
 * clearing its timer so a cancelled wait keeps no process alive.
 */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The `aborted` error for a signal, keeping the caller's reason as `cause`. */
export function abortedError(signal: { reason?: unknown } | undefined): CutoutError {
  const reason: unknown = signal?.reason;
  if (isCutoutError(reason) && reason.kind === 'aborted') return reason;
  return new CutoutError('aborted', 'The request was cancelled.', { cause: reason });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal);
}

/**
 * Settles with `promise`, or rejects with `aborted` the moment `signal` fires, whatever
 * `promise` does (a transport slow to report the abort cannot hold a Cancel back: MSW's
 * XMLHttpRequest interceptor never fires `abort` for a pending mocked request). A later
 * rejection of `promise` is handled, never reported as unhandled.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(signal));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal?.removeEventListener('abort', onAbort));
  });
}
