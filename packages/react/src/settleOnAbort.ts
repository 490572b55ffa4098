import { CutoutError } from '@cutout/core';

/**
 * Rejects with kind `aborted` the moment `signal` fires, whatever `promise` does. Core aborts
 * its transfer on the same signal; this makes Cancel take effect at once even where the
 * transport is slow to report the abort (MSW's XMLHttpRequest interceptor never fires
 * `abort` for a pending mocked request, so the client's own rejection would never come).
 */
export function settleOnAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  const aborted = () => new CutoutError('aborted', 'Cancelled.', { cause: signal.reason });
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(aborted());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(aborted());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
