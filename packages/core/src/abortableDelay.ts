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
export function abortedError(signal: AbortSignal | undefined): CutoutError {
  const reason: unknown = signal?.reason;
  if (isCutoutError(reason) && reason.kind === 'aborted') return reason;
  return new CutoutError('aborted', 'The request was cancelled.', { cause: reason });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal);
}
